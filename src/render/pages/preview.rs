//! The picture of each page's link preview: what its card shows (kind,
//! title, summary, section, a label such as "10 questions · about 3
//! minutes"), handed to the cards, which draw it or use the page's own image.

use super::{page_kind, LanguageView};
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::render::card::{self, Cards, Shown};
use crate::render::theme::Theme;

impl LanguageView<'_> {
    /// The picture of a page's link preview; `section`: the page's section.
    pub(super) fn page_preview(
        &self,
        site: &Site,
        theme: &Theme,
        cards: &Cards,
        page: &Page,
        section: Option<usize>,
    ) -> Result<card::Preview, Diagnostic> {
        let section = section.map(|i| &self.language.sections[i]);
        let pages = match (page.kind, section) {
            (PageKind::Section, Some(s)) => s.pages.iter().filter(|p| p.listed()).count(),
            _ => 0,
        };
        let shown = Shown {
            kind: page_kind(page),
            title: &page.title,
            summary: page.front.summary.as_deref().unwrap_or(""),
            section: match (page.kind, section) {
                (PageKind::Article | PageKind::Checklist, Some(s)) => &s.index.title,
                _ => "",
            },
            label: card::label(page, &self.strings, pages),
        };
        let image = page
            .front
            .image
            .as_deref()
            .map(|image| (image, page.front.image_alt.as_deref().unwrap_or("")));
        let at = (
            page.lang.as_str(),
            page.url_path.as_str(),
            page.root_prefix(),
        );
        cards.preview(site, theme, (at.0, at.1, &at.2), image, &shown)
    }

    /// What the card of a page rapport makes (tags, print) shows.
    pub(super) fn shown<'b>(
        &self,
        kind: &'static str,
        title: &'b str,
        summary: &'b str,
    ) -> Shown<'b> {
        Shown {
            kind,
            title,
            summary,
            section: "",
            label: String::new(),
        }
    }

    /// The card of a page rapport makes at `url_path`.
    pub(super) fn generated_preview(
        &self,
        site: &Site,
        theme: &Theme,
        cards: &Cards,
        url_path: &str,
        shown: &Shown,
    ) -> Result<card::Preview, Diagnostic> {
        let root = "../".repeat(url_path.matches('/').count());
        cards.preview(
            site,
            theme,
            (&self.language.code, url_path, &root),
            None,
            shown,
        )
    }
}
