//! Placing parsed files in the site's tree, one language at a time: the home
//! page, the sections in their order, each article at its address (a
//! translation at its original's), drafts left out.

use super::order::{order_key, sort_pages};
use super::parse::SourceFile;
use super::{front_matter::FrontMatter, title_from_name, Language, Page, PageKind, Section};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where a language's pages go.
pub(super) struct Place<'a> {
    pub(super) code: &'a str,
    /// `""` for the default language, `it/` for Italian.
    pub(super) prefix: &'a str,
    /// The default language's pages' addresses, by key (empty while
    /// assembling the default language itself).
    pub(super) addresses: &'a HashMap<String, String>,
    /// Files left out as drafts (relative to `content/`).
    pub(super) drafts: &'a HashSet<String>,
}

/// Builds one language's tree from the files written in it, taking them out
/// of `files`.
pub(super) fn assemble(
    config: &SiteConfig,
    place: Place,
    content: &Path,
    folders: &[(String, PathBuf)],
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Language {
    let (mine, others): (Vec<SourceFile>, Vec<SourceFile>) = std::mem::take(files)
        .into_iter()
        .partition(|f| f.lang == place.code);
    *files = others;
    let mut by_folder: HashMap<Option<String>, Vec<SourceFile>> = HashMap::new();
    for file in mine {
        by_folder.entry(file.folder.clone()).or_default().push(file);
    }

    let mut top = by_folder.remove(&None).unwrap_or_default();
    let home = home_page(config, &place, content, &mut top);
    let mut loose: Vec<Page> = top
        .into_iter()
        .filter_map(|f| article(f, place.prefix, &place, diagnostics))
        .collect();
    sort_pages(&mut loose);

    let mut sections = Vec::new();
    for (folder, folder_path) in folders {
        let files = by_folder.remove(&Some(folder.clone())).unwrap_or_default();
        sections.extend(section(&place, folder, folder_path, files, diagnostics));
    }
    sections.sort_by_cached_key(|s| order_key(&s.index));
    Language {
        code: place.code.to_string(),
        home,
        loose,
        sections,
    }
}

/// The language's home page: `_index.md` at the top of `content/` (taken out
/// of `top`), or one made up with the site's title.
fn home_page(
    config: &SiteConfig,
    place: &Place,
    content: &Path,
    top: &mut Vec<SourceFile>,
) -> Page {
    let (code, prefix) = (place.code, place.prefix);
    match top.iter().position(SourceFile::is_index) {
        Some(i) => {
            let mut home = page_from(top.remove(i), PageKind::Home, prefix.to_string());
            if home.title.is_empty() {
                home.title = config.title_in(code).to_string();
            }
            home
        }
        None => synthetic_page(
            PageKind::Home,
            "_index".to_string(),
            code,
            prefix.to_string(),
            config.title_in(code),
            content,
        ),
    }
}

/// One section in one language: its page and its articles in reading order.
/// Nothing when none of its pages is in this language, when it is a draft, or
/// when its name gives no address.
fn section(
    place: &Place,
    folder: &str,
    folder_path: &Path,
    mut files: Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Option<Section> {
    let (code, prefix) = (place.code, place.prefix);
    let index_file = files
        .iter()
        .position(SourceFile::is_index)
        .map(|i| files.remove(i));
    if index_file.is_none() && files.is_empty() && !prefix.is_empty() {
        return None; // no page of this section is in this language
    }
    let index_name = match prefix {
        "" => format!("{folder}/_index.md"),
        _ => format!("{folder}/_index.{code}.md"),
    };
    if index_file.is_none() && place.drafts.contains(&index_name) {
        return None; // a draft section, with all its pages
    }
    let inherited = place.addresses.get(&format!("{folder}/_index"));
    if let (Some(original), Some(file)) = (inherited, &index_file) {
        warn_of_own_slug(file, original, diagnostics);
    }
    let slug = index_file
        .as_ref()
        .and_then(|f| f.front.slug.as_deref())
        .map_or_else(|| slugify(folder), slugify);
    if slug.is_empty() && inherited.is_none() {
        diagnostics.push(
            Diagnostic::file_error(folder_path, "this folder's name gives an empty URL slug")
                .with_hint(
                    "use letters or digits in the folder name, or set `slug:` in its _index.md",
                ),
        );
        return None;
    }
    let section_prefix = match inherited {
        Some(original) => format!("{prefix}{original}"),
        None => format!("{prefix}{slug}/"),
    };
    let index = match index_file {
        Some(f) => page_from(f, PageKind::Section, section_prefix.clone()),
        None => synthetic_page(
            PageKind::Section,
            format!("{folder}/_index"),
            code,
            section_prefix.clone(),
            &title_from_name(folder),
            folder_path,
        ),
    };
    let mut pages: Vec<Page> = files
        .into_iter()
        .filter_map(|f| article(f, &section_prefix, place, diagnostics))
        .collect();
    sort_pages(&mut pages);
    // An unlisted section hides its articles with it: they stay reachable
    // by their links, like the section's own page.
    if !index.listed() {
        for page in &mut pages {
            page.front.unlisted = true;
        }
    }
    Some(Section {
        folder: folder.to_string(),
        index,
        pages,
    })
}

/// Drops drafts, and whole sections whose `_index.md` is a draft, noting their sources.
pub(super) fn leave_out_drafts(
    files: Vec<SourceFile>,
    drafts: &mut HashSet<String>,
) -> Vec<SourceFile> {
    let draft_sections: HashSet<(Option<String>, String)> = files
        .iter()
        .filter(|f| f.is_index() && f.front.draft && f.folder.is_some())
        .map(|f| (f.folder.clone(), f.lang.clone()))
        .collect();
    let (drafted, kept): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
        f.front.draft || draft_sections.contains(&(f.folder.clone(), f.lang.clone()))
    });
    drafts.extend(drafted.into_iter().map(|f| f.rel));
    kept
}

/// A translation's `slug:` that differs from its original's address.
fn warn_of_own_slug(file: &SourceFile, original: &str, diagnostics: &mut Diagnostics) {
    let Some(slug) = &file.front.slug else { return };
    let last = original
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    if slugify(slug) != last {
        let (line, column) = crate::yaml::Positions::of(&file.text, 1)
            .get("slug")
            .unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::warning(
                &file.path,
                line,
                column,
                format!("a translation keeps its original's address (`{original}`); this `slug:` is ignored"),
            )
            .with_hint("remove `slug:` here, or change it in the original"),
        );
    }
}

fn article(
    file: SourceFile,
    prefix: &str,
    place: &Place,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    if file.front.title.is_none() {
        let d = Diagnostic::file_error(&file.path, "this article has no `title`");
        diagnostics.push(if file.body_start == 0 {
            d.with_hint("start the file with a front matter:\n  ---\n  title: Your title\n  ---")
        } else {
            d.with_hint("add `title: ...` to its front matter")
        });
        return None;
    }
    let kind = if file.checklist.is_some() {
        PageKind::Checklist
    } else {
        PageKind::Article
    };
    let key = page_key(file.folder.as_deref(), &file.name);
    if let Some(original) = place.addresses.get(&key) {
        warn_of_own_slug(&file, original, diagnostics);
        let url_path = format!("{}{original}", place.prefix);
        return Some(page_from(file, kind, url_path));
    }
    let slug = slugify(file.front.slug.as_deref().unwrap_or(&file.name));
    if slug.is_empty() {
        diagnostics.push(
            Diagnostic::file_error(&file.path, "this file's name gives an empty URL slug")
                .with_hint(
                    "use letters or digits in the file name, or set `slug:` in its front matter",
                ),
        );
        return None;
    }
    Some(page_from(file, kind, format!("{prefix}{slug}/")))
}

/// `folder/name`, or `name` at the top: what translations of a page share.
fn page_key(folder: Option<&str>, name: &str) -> String {
    match folder {
        Some(folder) => format!("{folder}/{name}"),
        None => name.to_string(),
    }
}

fn page_from(file: SourceFile, kind: PageKind, url_path: String) -> Page {
    let title = match (&file.front.title, kind) {
        (Some(t), _) => t.clone(),
        (None, PageKind::Section) => title_from_name(file.folder.as_deref().unwrap_or(&file.name)),
        (None, _) => String::new(),
    };
    Page {
        kind,
        key: page_key(file.folder.as_deref(), &file.name),
        lang: file.lang,
        source: file.path,
        url_path,
        title,
        front: file.front,
        text: file.text,
        body_start: file.body_start,
        word_count: file.word_count,
        checklist: file.checklist,
    }
}

fn synthetic_page(
    kind: PageKind,
    key: String,
    lang: &str,
    url_path: String,
    title: &str,
    source: &Path,
) -> Page {
    Page {
        kind,
        key,
        lang: lang.to_string(),
        source: source.to_path_buf(),
        url_path,
        title: title.to_string(),
        front: FrontMatter::default(),
        text: String::new(),
        body_start: 0,
        word_count: 0,
        checklist: None,
    }
}
