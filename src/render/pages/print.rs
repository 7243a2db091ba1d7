//! The page with every article of a language, for printing (`print/`): each
//! article's text moved to its place there when the article renders, then
//! the page assembled once all have.

use super::{kind_page, LanguageView};
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::render::card::Cards;
use crate::render::context::{PageContext, PrintPage, PrintPart};
use crate::render::render_template;
use crate::render::theme::Theme;
use std::collections::HashMap;
use std::sync::Arc;

/// Beyond this many pages in a language, no page holds all its articles for
/// printing: over a thousand sheets of paper, and megabytes to open.
pub const PRINT_LIMIT: usize = 500;

impl<'a> LanguageView<'a> {
    /// Whether the language gets a page with every article, for printing:
    /// not too many, and its address not taken by a page of the site.
    pub fn printable(&self) -> bool {
        self.order.len() <= PRINT_LIMIT
            && self.order.iter().any(|p| p.kind == PageKind::Article)
            && !self.taken(&self.print_path())
    }

    /// Whether a page of the language lives at or under `path`.
    pub fn taken(&self, path: &str) -> bool {
        self.language.pages().any(|p| p.url_path.starts_with(path))
    }

    /// The id of a page's place on the print page. Numbered by reading order,
    /// so that no two pages' ids can meet, whatever their slugs.
    fn print_anchor(&self, page: &Page) -> String {
        format!(
            "p{}",
            self.position
                .get(page.url_path.as_str())
                .copied()
                .unwrap_or(0)
        )
    }

    /// An article's text as the print page holds it: written for the
    /// article's own folder, its links must start from `print/` instead, its
    /// ids become unique on the print page, and its headings go one level
    /// below its title (two in a section). Done when the article renders, so
    /// that the dev server redoes it for an edited article only.
    pub(super) fn for_print(&self, page: &Page, html: &str) -> String {
        let anchor = self.print_anchor(page);
        let page_root = page.root_prefix();
        let root = "../".repeat(self.print_path().matches('/').count());
        let mut html = html
            .replace(&format!("=\"{page_root}"), &format!("=\"{root}"))
            .replace(" id=\"", &format!(" id=\"{anchor}-"))
            // An embedded checklist's labels name the ids above.
            .replace(
                " aria-labelledby=\"",
                &format!(" aria-labelledby=\"{anchor}-"),
            )
            .replace(" for=\"", &format!(" for=\"{anchor}-"))
            .replace("href=\"#", &format!("href=\"#{anchor}-"));
        let in_section = self.section_of.contains_key(page.url_path.as_str());
        let shift = if in_section { 2 } else { 1 };
        for level in (2..=5u8).rev() {
            let to = (level + shift).min(6);
            html = html
                .replace(&format!("<h{level}"), &format!("<h{to}"))
                .replace(&format!("</h{level}>"), &format!("</h{to}>"));
        }
        html
    }

    /// Where the page with every article goes: `print/`, `it/print/`.
    pub fn print_path(&self) -> String {
        format!("{}print/", self.language.home.url_path)
    }

    /// The print page, relative to a page at `root` (empty when there is none).
    pub(super) fn print_url(&self, root: &str) -> String {
        if self.printable() {
            format!("{root}{}index.html", self.print_path())
        } else {
            String::new()
        }
    }

    /// The page with every article of the language in reading order, after a
    /// table of contents, from the articles' rendered text (`contents`).
    pub fn render_print_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        contents: &HashMap<String, Arc<str>>,
        languages: &[LanguageView],
        cards: &Cards,
    ) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
        if !self.printable() {
            return None;
        }
        let url_path = self.print_path();
        let root = "../".repeat(url_path.matches('/').count());
        let title = self.word("print_title", "The whole handbook");
        let mut context = PageContext {
            breadcrumbs: vec![self.link(&root, &self.language.home)],
            translations: self.generated_translations(site, &root, languages, |v| {
                v.printable().then(|| v.print_path())
            }),
            print_url: String::new(),
            print: self.print_parts(contents),
            send_origins: String::new(),
            ..self.generated_context(
                site,
                &root,
                &url_path,
                kind_page("print", &title, site, self, true),
            )
        };
        let shown = self.shown("print", &title, "");
        let html = self
            .generated_preview(site, theme, cards, &url_path, &shown)
            .map(|preview| context.set_preview(preview))
            .and_then(|()| render_template(theme, "print.html", &context));
        Some((format!("{url_path}index.html"), html))
    }

    /// The articles in reading order, grouped under their sections.
    fn print_parts(&self, contents: &HashMap<String, Arc<str>>) -> Vec<PrintPart> {
        let mut parts: Vec<PrintPart> = Vec::new();
        for page in self.order.iter().filter(|p| p.kind != PageKind::Home) {
            let anchor = self.print_anchor(page);
            if page.kind == PageKind::Section {
                parts.push(PrintPart {
                    title: page.title.clone(),
                    anchor,
                    level: 3,
                    pages: Vec::new(),
                });
                continue;
            }
            if page.kind != PageKind::Article {
                continue;
            }
            let Some(html) = contents.get(&page.url_path) else {
                continue;
            };
            let in_section = self.section_of.contains_key(page.url_path.as_str());
            let entry = PrintPage {
                title: page.title.clone(),
                anchor,
                date: self.date_of(page, page.front.updated.or(page.front.date)),
                content: html.to_string(),
            };
            match parts.last_mut() {
                Some(part) if in_section => part.pages.push(entry),
                _ => parts.push(PrintPart {
                    title: String::new(),
                    anchor: String::new(),
                    level: 2,
                    pages: vec![entry],
                }),
            }
        }
        parts.retain(|part| !part.pages.is_empty());
        parts
    }
}
