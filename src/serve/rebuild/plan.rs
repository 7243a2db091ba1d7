//! Which way a rebuild goes: what a change reaches (the whole site, or some
//! pages and the listings that show them), decided by comparing the site
//! loaded again with the last good one.

use crate::content::{Language, Page, Site};
use std::collections::HashSet;
use std::path::Path;

/// The pages that list the page at `url_path`: its section's page and its
/// language's home page.
pub(super) fn listings_of(site: &Site, url_path: &str) -> Vec<String> {
    for language in &site.languages {
        let home = language.home.url_path.clone();
        if language.loose.iter().any(|p| p.url_path == url_path) {
            return vec![home];
        }
        for section in &language.sections {
            if section.index.url_path == url_path {
                return vec![home];
            }
            if section.pages.iter().any(|p| p.url_path == url_path) {
                return vec![section.index.url_path.clone(), home];
            }
        }
    }
    Vec::new()
}

/// Changes to the configuration or the theme reach every page.
pub(super) fn needs_full_build(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    !matches!(
        rel.components().next().and_then(|c| c.as_os_str().to_str()),
        Some("content" | "static")
    )
}

/// Whether two loads of a site have the same pages, in the same places and
/// order, with the same titles, addresses, aliases, tags, dates, assets and
/// link targets: everything a page shows of the others except their summaries.
pub(super) fn same_outline(old: &Site, new: &Site) -> bool {
    let page = |a: &Page, b: &Page| {
        a.kind == b.kind
            && a.url_path == b.url_path
            && a.source == b.source
            && a.title == b.title
            && a.listed() == b.listed()
            && a.front.aliases == b.front.aliases
            && a.front.tags == b.front.tags
            && (a.front.date, a.front.updated) == (b.front.date, b.front.updated)
    };
    let language = |a: &Language, b: &Language| {
        a.code == b.code
            && a.loose.len() == b.loose.len()
            && a.sections.len() == b.sections.len()
            && a.sections
                .iter()
                .zip(&b.sections)
                .all(|(x, y)| x.folder == y.folder && x.pages.len() == y.pages.len())
            && a.pages().zip(b.pages()).all(|(x, y)| page(x, y))
    };
    old.languages.len() == new.languages.len()
        && old
            .languages
            .iter()
            .zip(&new.languages)
            .all(|(a, b)| language(a, b))
        && old.sources == new.sources
        && old.drafts == new.drafts
        && old.assets.len() == new.assets.len()
        && old
            .assets
            .iter()
            .zip(&new.assets)
            .all(|(a, b)| a.source == b.source && a.output == b.output)
}

/// With the same outline: the pages whose file changed, and the listings
/// (section page, home page) that show a summary that changed.
pub(super) fn pages_to_render<'a>(old: &Site, new: &'a Site) -> HashSet<&'a str> {
    let mut wanted = HashSet::new();
    let mut checklist_changed = false;
    let mut compare = |a: &Page, b: &'a Page, listings: &[&'a str]| {
        if a.text != b.text {
            wanted.insert(b.url_path.as_str());
            checklist_changed |= b.checklist.is_some();
        }
        if summary(a) != summary(b) {
            wanted.extend(listings);
        }
    };
    for (a, b) in old.languages.iter().zip(&new.languages) {
        let home = b.home.url_path.as_str();
        compare(&a.home, &b.home, &[]);
        for (x, y) in a.loose.iter().zip(&b.loose) {
            compare(x, y, &[home]);
        }
        for (s, t) in a.sections.iter().zip(&b.sections) {
            compare(&s.index, &t.index, &[home]);
            for (x, y) in s.pages.iter().zip(&t.pages) {
                compare(x, y, &[t.index.url_path.as_str(), home]);
            }
        }
    }
    if checklist_changed {
        wanted.extend(showing_checklists(new).map(|p| p.url_path.as_str()));
    }
    wanted
}

/// The pages that may show a checklist in their text (`{{ checklist(…) }}`),
/// to render again when a checklist changes.
pub(super) fn showing_checklists(site: &Site) -> impl Iterator<Item = &Page> {
    // A shortcode stands alone on its line: read each line that may be one
    // the way the page's render does.
    let shows = |line: &str| {
        matches!(
            crate::shortcode::parse(line),
            Some(Ok(crate::shortcode::Shortcode::Single(call))) if call.name == "checklist"
        )
    };
    site.pages().filter(move |p| {
        p.checklist.is_none()
            && p.body()
                .lines()
                .any(|line| line.trim_start().starts_with("{{") && shows(line))
    })
}

/// What a listing shows of a page besides its title and address.
pub(super) fn summary(page: &Page) -> impl PartialEq + '_ {
    (
        &page.front.summary,
        page.front.date,
        page.front.updated,
        page.reading_minutes(),
        page.checklist
            .as_ref()
            .map(|c| (c.questions().count(), c.audience)),
    )
}
