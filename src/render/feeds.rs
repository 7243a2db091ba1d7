//! What feed readers, search engines and crawlers read: an Atom feed per
//! language, one sitemap with every language's alternates, and robots.txt.
//!
//! Feeds and the sitemap need absolute addresses, so they are written only
//! with a `base_url`; robots.txt always (it names the sitemap when there is
//! one). Unlisted pages are in none of them. Everything here is derived from
//! titles, summaries, dates and addresses only, so that it can be written
//! again cheaply after any edit.

use crate::config::BaseUrl;
use crate::content::{Language, Page, PageKind, Site};
use pulldown_cmark_escape::escape_html;
use std::collections::HashMap;
use std::fmt::Write;

/// The name of each language's feed, under its prefix.
pub const FEED: &str = "atom.xml";
/// A feed lists this many of the most recent pages.
const FEED_ENTRIES: usize = 50;

/// robots.txt, and with a `base_url` the feeds and the sitemap.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let Some(base) = &site.config.base_url else {
        files.push((
            "robots.txt".to_string(),
            b"User-agent: *\nAllow: /\n".to_vec(),
        ));
        return files;
    };
    files.push((
        "robots.txt".to_string(),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            base.0
        )
        .into_bytes(),
    ));
    for language in &site.languages {
        files.push((
            format!("{}{FEED}", language.home.url_path),
            atom(site, base, language).into_bytes(),
        ));
    }
    files.push(("sitemap.xml".to_string(), sitemap(site, base).into_bytes()));
    files
}

/// A page's public address: `https://example.com/handbook/loyalty/pit-stops/`.
fn address(base: &BaseUrl, page: &Page) -> String {
    let mut escaped = String::new();
    let _ = escape_html(&mut escaped, &format!("{}{}", base.0, page.url_path));
    escaped
}

/// `2026-03-01T00:00:00Z`: Atom wants a time, front matter gives a day.
fn timestamp(date: crate::content::date::Date) -> String {
    format!("{date}T00:00:00Z")
}

fn text(out: &mut String, value: &str) {
    let _ = escape_html(&mut *out, value);
}

/// The language's dated, listed articles and checklists, newest first.
fn feed_pages(language: &Language) -> Vec<&Page> {
    let mut pages: Vec<&Page> = language
        .pages()
        .filter(|p| matches!(p.kind, PageKind::Article | PageKind::Checklist))
        .filter(|p| p.listed() && p.front.date.is_some())
        .collect();
    pages.sort_by_key(|p| {
        let newest = p.front.updated.max(p.front.date);
        (std::cmp::Reverse(newest), p.url_path.clone())
    });
    pages.truncate(FEED_ENTRIES);
    pages
}

fn atom(site: &Site, base: &BaseUrl, language: &Language) -> String {
    let pages = feed_pages(language);
    let config = &site.config;
    let home = address(base, &language.home);
    // The newest change in the feed, so that the file changes only with it.
    let updated = pages
        .iter()
        .filter_map(|p| p.front.updated.max(p.front.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut xml = String::with_capacity(1024 + 512 * pages.len());
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>",
        language.code
    );
    text(&mut xml, config.title_in(&language.code));
    xml.push_str("</title>\n");
    let description = config.description_in(&language.code);
    if !description.is_empty() {
        xml.push_str("  <subtitle>");
        text(&mut xml, description);
        xml.push_str("</subtitle>\n");
    }
    let _ = write!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{home}{FEED}\"/>\n  <id>{home}</id>\n  <updated>{updated}</updated>\n"
    );
    // Atom wants an author: the site's own name when it names no person.
    let author = config.author_in(&language.code);
    let name = match author.name.as_str() {
        "" => config.title_in(&language.code),
        name => name,
    };
    xml.push_str("  <author><name>");
    text(&mut xml, name);
    xml.push_str("</name></author>\n");
    let _ = writeln!(xml, "  <generator>rapport</generator>");
    for page in pages {
        let url = address(base, page);
        let published = page.front.date.map(timestamp).unwrap_or_default();
        let changed = page
            .front
            .updated
            .max(page.front.date)
            .map(timestamp)
            .unwrap_or_default();
        xml.push_str("  <entry>\n    <title>");
        text(&mut xml, &page.title);
        let _ = write!(
            xml,
            "</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{published}</published>\n    <updated>{changed}</updated>\n"
        );
        if let Some(author) = &page.front.author {
            let author = author.resolve(&config.author_in(&language.code));
            if !author.name.is_empty() {
                xml.push_str("    <author><name>");
                text(&mut xml, &author.name);
                xml.push_str("</name></author>\n");
            }
        }
        if let Some(summary) = &page.front.summary {
            xml.push_str("    <summary>");
            text(&mut xml, summary);
            xml.push_str("</summary>\n");
        }
        for tag in &page.front.tags {
            xml.push_str("    <category term=\"");
            text(&mut xml, tag);
            xml.push_str("\"/>\n");
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every listed page of every language, each with its translations as
/// alternates (listed in both directions, as search engines require).
fn sitemap(site: &Site, base: &BaseUrl) -> String {
    let mut by_key: HashMap<&str, Vec<&Page>> = HashMap::new();
    for page in site.pages().filter(|p| p.listed()) {
        by_key.entry(page.key.as_str()).or_default().push(page);
    }
    let mut xml = String::with_capacity(256 + 256 * by_key.len());
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for page in site.pages().filter(|p| p.listed()) {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", address(base, page));
        if let Some(day) = page.front.updated.max(page.front.date) {
            let _ = writeln!(xml, "    <lastmod>{day}</lastmod>");
        }
        let translations = &by_key[page.key.as_str()];
        if site.languages.len() > 1 && translations.len() > 1 {
            for translation in translations {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    translation.lang,
                    address(base, translation)
                );
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
