//! Checklists shown in place in an article: `{{ checklist(id="are-we-a-fit") }}`.
//!
//! `markdown.rs` leaves a marker where the shortcode was; this module finds
//! the checklist (in the page's language when it is translated, else the
//! original, as links do), renders the theme's `checklist-embed.html` for it
//! and puts the result where the marker is. The embed is the same
//! questionnaire as the checklist's own page (`checklist-body.html`, the same
//! data block, the same script), with its ids prefixed so that several
//! checklists can share a page.

use super::theme::Theme;
use crate::checklist::Checklist;
use crate::content::{Page, Site};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown::{self, embed_marker, LinkTargets, Rendered, TocEntry};
use serde::Serialize;

/// What `checklist-embed.html` receives.
#[derive(Serialize)]
struct EmbedContext<'a> {
    checklist: super::checklist::ChecklistView<'a>,
    /// The checklist's title and summary.
    title: &'a str,
    summary: &'a str,
    /// The checklist's own page, relative to the embedding page.
    url: String,
    /// The checklist's language when it differs from the page's (an
    /// untranslated checklist in a translation), else `""`.
    lang: &'a str,
    t: &'a super::theme::Strings,
    /// How the checklist's language writes a date (for the printed record).
    dates: crate::content::date::DateWords,
    theme_root: String,
}

/// What the checklists shown on a page ask of it.
#[derive(Default)]
pub struct Shown {
    /// Whether the page shows any checklist (and so needs `checklist.js`).
    pub any: bool,
    /// The origins of the form endpoints they send answers to, which the
    /// page's Content-Security-Policy must allow.
    pub origins: Vec<String>,
}

/// Replaces the markers in `rendered.html` by the checklists they stand for,
/// adding a located error for each that cannot be shown.
pub fn expand(
    rendered: &mut Rendered,
    page: &Page,
    site: &Site,
    theme: &Theme,
    targets: &LinkTargets,
) -> Shown {
    let mut origins = Vec::new();
    if rendered.embeds.is_empty() {
        return Shown::default();
    }
    let root = page.root_prefix();
    // Ids of the checklists already shown, with the line of their shortcode.
    let mut shown: Vec<(String, usize)> = Vec::new();
    // Each checklist's title joins the table of contents where it stands.
    let mut contents: Vec<(usize, TocEntry)> = Vec::new();
    for (n, embed) in rendered.embeds.iter().enumerate() {
        let error =
            |message: String| Diagnostic::error(&page.source, embed.line, embed.column, message);
        let html = match find(site, &page.lang, &embed.id) {
            Some(_) if shown.iter().any(|(id, _)| *id == embed.id) => {
                let line = shown
                    .iter()
                    .find(|(id, _)| *id == embed.id)
                    .map_or(0, |s| s.1);
                rendered.diagnostics.push(
                    error(format!(
                        "the checklist `{}` is already shown on this page (line {line})",
                        embed.id
                    ))
                    .with_hint("a checklist is shown once per page: link to it the second time"),
                );
                String::new()
            }
            Some((checklist_page, checklist)) => {
                shown.push((embed.id.clone(), embed.line));
                let destination = checklist.destination(&site.config.author.email);
                if let Some(origin) = destination.origin() {
                    if !origins.iter().any(|o| o == origin) {
                        origins.push(origin.to_string());
                    }
                }
                match render(site, theme, targets, page, &root, checklist_page, checklist) {
                    Ok(html) => {
                        let entry = TocEntry {
                            level: 2,
                            id: format!("{}title", prefix(checklist)),
                            title: checklist_page.title.clone(),
                        };
                        contents.push((embed.toc_before, entry));
                        html
                    }
                    Err(problem) => {
                        rendered.diagnostics.push(problem);
                        String::new()
                    }
                }
            }
            None => {
                // A checklist that did not load has its own errors.
                rendered
                    .diagnostics
                    .extend(unknown(site, page, targets, &embed.id, error));
                String::new()
            }
        };
        rendered.html = rendered.html.replacen(&embed_marker(n), &html, 1);
    }
    for (added, (before, entry)) in contents.into_iter().enumerate() {
        rendered.toc.insert(before + added, entry);
    }
    Shown {
        any: !shown.is_empty(),
        origins,
    }
}

/// What the ids of a checklist shown in an article start with: a capital, so
/// they never clash with heading ids.
fn prefix(checklist: &Checklist) -> String {
    format!("Checklist-{}-", crate::slug::slugify(&checklist.id))
}

/// The checklist `id` in language `lang`, else in the site's default language.
fn find<'s>(site: &'s Site, lang: &str, id: &str) -> Option<(&'s Page, &'s Checklist)> {
    let in_language = |code: &str| {
        site.languages
            .iter()
            .find(|l| l.code == code)?
            .pages()
            .find_map(|p| Some((p, p.checklist.as_deref().filter(|c| c.id == id)?)))
    };
    in_language(lang).or_else(|| in_language(&site.languages.first()?.code))
}

/// The error for an id that names no checklist of this build: a draft, or a
/// typo (with the nearest id).
fn unknown(
    site: &Site,
    page: &Page,
    targets: &LinkTargets,
    id: &str,
    error: impl Fn(String) -> Diagnostic,
) -> Option<Diagnostic> {
    let names_it = |rel: &String| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        // `name.yaml` or `name.<lang>.yaml`.
        stem.is_some_and(|s| s == id || s.rsplit_once('.').is_some_and(|(s, _)| s == id))
    };
    if targets.failed.iter().any(names_it) {
        return None;
    }
    if targets.drafts.iter().any(names_it) {
        return Some(
            error(format!(
                "the checklist `{id}` is a draft, which this build leaves out"
            ))
            .with_hint("publish it (remove `draft: true`), or build with --drafts"),
        );
    }
    let mut ids: Vec<&str> = site
        .languages
        .iter()
        .filter(|l| {
            l.code == page.lang
                || Some(l.code.as_str()) == site.languages.first().map(|f| f.code.as_str())
        })
        .flat_map(|l| l.pages())
        .filter_map(|p| p.checklist.as_deref().map(|c| c.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let problem = error(format!("there is no checklist with the id `{id}`"));
    Some(match did_you_mean(id, &ids) {
        Some(near) => problem.with_hint(format!("did you mean `{near}`?")),
        None if ids.is_empty() => problem.with_hint("this site has no checklist yet"),
        None => problem.with_hint(format!(
            "a checklist's id is its file name without `.yaml` (or its `id:`): {}",
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// The theme's `checklist-embed.html` for `checklist` on `page` (at `root`).
fn render(
    site: &Site,
    theme: &Theme,
    targets: &LinkTargets,
    page: &Page,
    root: &str,
    checklist_page: &Page,
    checklist: &Checklist,
) -> Result<String, Diagnostic> {
    let content_rel = checklist_page
        .source
        .strip_prefix(site.content_dir())
        .map(crate::content::rel_string)
        .unwrap_or_default();
    // Problems in the checklist's own text are reported on its page already.
    let mut field = |text: &str, _at: &str| {
        markdown::render_field_at(text, root, &page.lang, targets, &content_rel).0
    };
    let mut view = super::checklist::view(
        checklist,
        &super::checklist::Recipient::of(&site.config),
        &mut field,
    );
    view.prefix = prefix(checklist);
    view.heading = 3;
    let strings = theme.strings(&checklist_page.lang);
    let context = EmbedContext {
        checklist: view,
        title: &checklist_page.title,
        summary: checklist_page.front.summary.as_deref().unwrap_or(""),
        url: format!("{root}{}index.html", checklist_page.url_path),
        lang: if checklist_page.lang == page.lang {
            ""
        } else {
            &checklist_page.lang
        },
        t: &strings,
        dates: theme.date_words(&checklist_page.lang),
        theme_root: format!("{root}theme/"),
    };
    let html = super::render_template(theme, "checklist-embed.html", &context)?;
    Ok(String::from_utf8_lossy(&html).into_owned())
}
