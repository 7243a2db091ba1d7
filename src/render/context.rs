//! What a template sees: small, flat, prepared in Rust.
//!
//! Tera clones the context of every render, so a page's context holds only what
//! that page shows; shared fragments (the sidebar) arrive as finished HTML.
//! THEME.md documents these fields for theme authors.

use crate::config::Author;
use crate::markdown::TocEntry;
use serde::Serialize;

/// The context of every page template.
#[derive(Serialize)]
pub struct PageContext<'a> {
    pub lang: &'a str,
    pub root: &'a str,
    pub theme_root: String,
    pub site: SiteInfo<'a>,
    pub page: PageInfo<'a>,
    pub breadcrumbs: Vec<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    pub nav_html: String,
    pub nav_script: String,
    pub sections: Vec<SectionSummary>,
    pub pages: Vec<PageSummary>,
    pub canonical: String,
    /// Articles only: up to three pages to read next.
    pub related: Vec<Link>,
    /// Home page only: the most recently updated pages.
    pub recent: Vec<PageSummary>,
    /// Home page only: the checklists meant for prospects (`audience: prospect`).
    pub offers: Vec<PageSummary>,
    /// The tag index only: every tag of the language.
    pub all_tags: Vec<TagLink>,
    /// The language's tag index, relative to the page (empty without tags).
    pub tags_url: String,
    /// The picture link previews show: the page's own PNG, JPEG or WebP
    /// `image`, else its card (else the site's raster logo when cards are
    /// off); absolute with a `base_url`, else relative; empty: none.
    pub og_image: String,
    /// Its size in pixels (0 when unknown: an image elsewhere on the web).
    pub og_image_width: u32,
    pub og_image_height: u32,
    /// What it shows, in words.
    pub og_image_alt: String,
    /// The page with every article, for printing (empty when there is none).
    pub print_url: String,
    /// The print page only: every article, by section, in reading order.
    pub print: Vec<PrintPart>,
    /// The language's Atom feed, relative to the page (only with a `base_url`).
    pub feed: String,
    /// The language's search index (search-index.js), relative to the page.
    pub search_index: String,
    /// The page in each of the site's languages (empty with one language).
    pub translations: Vec<TranslationLink>,
    /// The origins of the form endpoints the page's checklists post answers to
    /// (space-separated, for the Content-Security-Policy), or `""`.
    pub send_origins: String,
    pub t: &'a crate::render::theme::Strings,
    /// How the page's language writes a date (for the checklist's printed record).
    pub dates: &'a crate::content::date::DateWords,
    /// Checklist pages only: the questionnaire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist: Option<super::checklist::ChecklistView<'a>>,
}

impl PageContext<'_> {
    /// Takes the picture of the page's link preview.
    pub fn set_preview(&mut self, preview: super::card::Preview) {
        self.og_image = preview.url;
        self.og_image_width = preview.width;
        self.og_image_height = preview.height;
        self.og_image_alt = preview.alt;
    }
}

/// The site, as the page sees it (URLs relative to the page).
#[derive(Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub author: Author,
    pub logo: String,
    /// The favicon: the logo, else the theme's `favicon.svg`; on pages with a
    /// live checklist, inline as a `data:` URL when it is small.
    pub icon: String,
    pub accent: &'a str,
    pub extra_css: String,
    pub home_url: String,
    /// The PNG icon phones put on their home screen, relative to the page.
    pub touch_icon: String,
}

/// The page itself.
#[derive(Serialize, Default)]
pub struct PageInfo<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: &'a str,
    pub content: String,
    pub url: String,
    pub date: String,
    pub updated: String,
    pub date_iso: String,
    pub updated_iso: String,
    pub reading_minutes: usize,
    pub word_count: usize,
    pub toc: Vec<TocEntry>,
    pub tags: &'a [String],
    /// The same tags, with the address of their pages.
    pub tag_links: Vec<TagLink>,
    pub author: Author,
    pub image: String,
    pub image_alt: &'a str,
    pub image_credit: String,
    pub noindex: bool,
    /// The front matter's `extra:` map, for a site's own templates.
    pub extra: Option<&'a serde_yaml::Mapping>,
    /// Whether the body shows a checklist (`{{ checklist(id="…") }}`), which
    /// needs `checklist.js`.
    pub embeds_checklist: bool,
}

/// A link to another page.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A section of the print page (untitled for top-level articles).
#[derive(Serialize)]
pub struct PrintPart {
    pub title: String,
    pub anchor: String,
    /// The heading level of its articles' titles (3 under a section's title).
    pub level: u8,
    pub pages: Vec<PrintPage>,
}

/// An article on the print page: its text, with ids made unique there.
#[derive(Serialize)]
pub struct PrintPage {
    pub title: String,
    pub anchor: String,
    /// Its last change, written out.
    pub date: String,
    pub content: String,
}

/// A tag and its page.
#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    /// How many pages carry it.
    pub count: usize,
}

/// The page in one language, for the language switcher.
#[derive(Serialize)]
pub struct TranslationLink {
    pub lang: String,
    /// The language's name in itself: `Italiano`.
    pub name: String,
    /// Relative to the page.
    pub url: String,
    /// For `<link rel="alternate" hreflang>`: absolute with a `base_url`; empty
    /// when there is no translation or it is unlisted (not to be indexed).
    pub alternate: String,
    /// The page's own language.
    pub current: bool,
    /// No translation: `url` is that language's home page.
    pub missing: bool,
}

/// A page in a listing.
#[derive(Serialize)]
pub struct PageSummary {
    pub title: String,
    pub url: String,
    pub summary: String,
    /// Articles: minutes to read (checklists: 0).
    pub reading_minutes: usize,
    /// Checklists: how many questions (articles: 0).
    pub questions: usize,
    /// Checklists: about how many minutes answering takes (articles: 0).
    pub minutes: usize,
    pub date: String,
    /// When it last changed, written out, or `""`.
    pub updated: String,
}

/// A section on the home page.
#[derive(Serialize)]
pub struct SectionSummary {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub count: usize,
    /// What it holds, in words: "3 articles", "2 checklists", "3 articles · 1 checklist".
    pub count_label: String,
    pub pages: Vec<PageSummary>,
}
