//! Checks across the loaded site, once every page has its place: no two pages
//! at one address, no two checklists of a language with one id, every page
//! translated, and a checklist's translation changing only its words.

use super::{Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::Path;

/// Each page of the default language should exist in every other language
/// (a warning names the file to write), and a checklist's translation may
/// change only its words (an error at each difference).
pub(super) fn check_translations(site: &Site, diagnostics: &mut Diagnostics) {
    let Some((original, others)) = site.languages.split_first() else {
        return;
    };
    for language in others {
        let pages: HashMap<&str, &Page> = language.pages().map(|p| (p.key.as_str(), p)).collect();
        for page in original.pages() {
            // A home or section page rapport made up has no file to translate.
            if !page.source.is_file() {
                continue;
            }
            let Some(translation) = pages.get(page.key.as_str()) else {
                let file = translated_name(&page.source, &language.code);
                diagnostics.push(
                    Diagnostic::warning(
                        &page.source,
                        1,
                        1,
                        format!(
                            "not translated into `{}`: there is no {file}",
                            language.code
                        ),
                    )
                    .with_hint(format!(
                        "until there is, the `{}` pages link to this one",
                        language.code
                    )),
                );
                continue;
            };
            if let (Some(a), Some(b)) = (&page.checklist, &translation.checklist) {
                let differences = crate::checklist::translation::differences(a, b);
                let positions = crate::yaml::Positions::of(&translation.text, 1);
                for difference in differences {
                    diagnostics.push(
                        Diagnostic::at(
                            &translation.source,
                            position_near(&positions, &difference.at),
                            difference.message,
                        )
                        .with_hint(format!(
                            "a translation changes only words: ids, kinds, weights, scores, `show_if` and results must be those of {}",
                            crate::diagnostics::display_path(&page.source).display()
                        )),
                    );
                }
            }
        }
    }
}

/// `fewer-better.md` → `fewer-better.it.md`.
fn translated_name(source: &Path, code: &str) -> String {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{code}.{extension}"),
        None => format!("{name}.{code}"),
    }
}

/// The position of the YAML value at `path`, or of the nearest enclosing one
/// that is written (a default weight is not).
fn position_near(positions: &crate::yaml::Positions, path: &str) -> (usize, usize) {
    let mut path = path;
    loop {
        if let Some(position) = positions.get(path) {
            return position;
        }
        match path.rfind(['.', '[']) {
            Some(cut) => path = &path[..cut],
            None => return (1, 1),
        }
    }
}

/// A checklist's id names it in share links and in the page's hooks: two
/// checklists of one language with one id would answer each other's links.
pub(super) fn check_unique_checklist_ids(site: &Site, diagnostics: &mut Diagnostics) {
    for language in &site.languages {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for page in language.pages() {
            let Some(checklist) = &page.checklist else {
                continue;
            };
            if let Some(first) = seen.insert(&checklist.id, &page.source) {
                diagnostics.push(
                    Diagnostic::file_error(
                        &page.source,
                        format!(
                            "this checklist has the same id `{}` as {}",
                            checklist.id,
                            crate::diagnostics::display_path(first).display()
                        ),
                    )
                    .with_hint("give one of them its own `id:`"),
                );
            }
        }
    }
}

/// Two pages with one URL would overwrite each other: name both files, at
/// the `slug:` that made them meet when one has it.
pub(super) fn check_unique_urls(site: &Site, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    // The URLs of the default language's pages, by key: translations take them.
    let originals: HashMap<&str, &str> = site
        .languages
        .first()
        .map(|l| {
            l.pages()
                .map(|p| (p.key.as_str(), p.url_path.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let default = site.config.language.0.as_str();
    for page in site.pages() {
        let Some(first) = seen.insert(&page.url_path, page) else {
            continue;
        };
        // Translations of two pages that meet meet too: one message is enough.
        let inherited = |p: &Page| p.lang != default && originals.contains_key(p.key.as_str());
        if inherited(page) && inherited(first) && first.key != page.key {
            continue;
        }
        let by_name = |p: &&Page| p.source.clone();
        let (mut first, mut second) = if by_name(&first) <= by_name(&page) {
            (first, page)
        } else {
            (page, first)
        };
        if second.front.slug.is_none() && first.front.slug.is_some() {
            std::mem::swap(&mut first, &mut second);
        }
        let at = slug_position(second).unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::at(
                &second.source,
                at,
                format!(
                    "this page has the same URL `{}` as {}",
                    page.url_path,
                    crate::diagnostics::display_path(&first.source).display()
                ),
            )
            .with_hint("rename one of the files, or give one a different `slug:`"),
        );
    }
}

/// Where a page's own `slug:` is written, if it has one.
fn slug_position(page: &Page) -> Option<(usize, usize)> {
    page.front.slug.as_ref()?;
    match page.kind {
        PageKind::Checklist => crate::yaml::Positions::of(&page.text, 1).get("slug"),
        _ => Some(page.position_of("slug")),
    }
}
