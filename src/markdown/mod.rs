//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task
//! lists and smart punctuation, plus what a handbook needs on top. A page's
//! body goes through a chain of small steps over pulldown-cmark's events,
//! each in its own file and doing one thing:
//!
//! - [`shortcodes`]: a paragraph that is a shortcode becomes its HTML (an
//!   aside, a call to action, the place of an embedded checklist);
//! - [`links`]: a link to another page's `.md` file becomes that page's URL,
//!   relative to the page, so the output works from any sub-path and from
//!   `file://`; a link to nothing is an error at its line and column; an
//!   image without alt text is a warning;
//! - [`search_text`]: the plain text under each heading, for search;
//! - [`headings`]: every heading gets an id (the slug of its text, `-2`, `-3`
//!   for repeats) and an anchor link; levels 2 and 3 make the table of contents;
//! - [`blocks`]: task-list checkboxes labelled by their task, wide tables in a
//!   box of their own that scrolls.

mod blocks;
mod headings;
mod links;
mod search_text;
mod shortcodes;
mod step;

pub use links::{render_field, render_field_at};

use crate::content::Page;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::search::Part;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use step::Step;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's body, rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every heading id of the page.
    pub ids: HashSet<String>,
    /// Links to a place in a page (`#id`, `page.md#id`), to check once every
    /// page's ids are known.
    pub anchors: Vec<AnchorLink>,
    /// The text, plain, before the first heading and after each, for search.
    pub parts: Vec<Part>,
    /// Checklists to show in place (`{{ checklist(id="…") }}`): `html` holds
    /// [`embed_marker`] for each, which `render/embed.rs` replaces.
    pub embeds: Vec<Embed>,
}

/// A `{{ checklist(id="…") }}` shortcode: which checklist, and where it is written.
#[derive(Debug, Clone)]
pub struct Embed {
    pub id: String,
    pub line: usize,
    pub column: usize,
    /// How many table-of-contents entries come before it.
    pub toc_before: usize,
}

/// What stands in a page's HTML for its `n`th embedded checklist. The NUL
/// characters keep it from ever being written by an author: CommonMark turns
/// them into U+FFFD.
pub fn embed_marker(n: usize) -> String {
    format!("\0rapport-checklist-{n}\0")
}

/// Links to a place in a page written in a field: the page's folder (`None`:
/// the page showing the field) and the id after `#`.
pub type PlaceLinks = Vec<(Option<String>, String)>;

/// A link to a heading: where it is written and where it points.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub source: std::path::PathBuf,
    pub line: usize,
    pub column: usize,
    /// The target page's folder in the output (`loyalty/pit-stops/`).
    pub target: String,
    /// The id after `#`, decoded.
    pub id: String,
}

/// What links in Markdown may point at, by their path in the source tree.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Markdown sources (relative to `content/`) to their page's folder in the output.
    pub pages: HashMap<String, String>,
    /// Files under `content/` copied as they are, to their path in the output.
    pub assets: HashMap<String, String>,
    /// Paths that exist at the root of the output (static files and page folders),
    /// for links written from the site root (`/diagram.svg`). (Made again
    /// for every edit in the dev server: FxHash, quicker than SipHash.)
    pub root_paths: rustc_hash::FxHashSet<String>,
    /// Drafts left out of this build.
    pub drafts: HashSet<String>,
    /// Sources that did not load: links to them are left as written, unchecked.
    pub failed: HashSet<String>,
}

/// Renders Markdown `text` (inline only, for credits and short fields) to HTML.
pub fn render_inline(text: &str) -> String {
    let mut out = String::new();
    let events = Parser::new_ext(text, options()).filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders the body of `page`, resolving its links against `targets`.
pub fn render(page: &Page, targets: &LinkTargets, content_rel: &str) -> Rendered {
    let body = page.body();
    let places = Places::new(page);
    let resolver = links::Resolver::new(page, targets, content_rel);
    let mut shortcodes = shortcodes::Shortcodes::new(body, &places, &resolver);
    let mut links = links::Links::new(&places, &resolver);
    let mut search_text = search_text::SearchText::default();
    let mut headings = headings::Headings::new(&places);
    let mut blocks = blocks::Blocks::default();

    let mut steps = (&mut shortcodes)
        .then(&mut links)
        .then(&mut search_text)
        .then(&mut headings)
        .then(&mut blocks);
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 8);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        steps.take(event, range, &mut events);
    }
    steps.finish(&mut events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());

    let mut diagnostics = shortcodes.found.diagnostics;
    diagnostics.append(&mut links.found.diagnostics);
    diagnostics.append(&mut headings.diagnostics);
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let mut anchors = shortcodes.found.anchors;
    anchors.append(&mut links.found.anchors);
    anchors.sort_by_key(|a| (a.line, a.column));
    let embeds = shortcodes
        .embeds
        .into_iter()
        .map(|(offset, id)| {
            let (line, column) = places.position(offset);
            let toc_before = headings.toc_offsets.partition_point(|&o| o < offset);
            Embed {
                id,
                line,
                column,
                toc_before,
            }
        })
        .collect();
    Rendered {
        html,
        parts: search_text.into_parts(&headings.in_order),
        toc: headings.toc,
        ids: headings.ids.into_ids(),
        diagnostics,
        anchors,
        embeds,
    }
}

/// Turns offsets in a page's body into file positions, for its diagnostics.
struct Places<'p> {
    page: &'p Page,
    /// Built on the first problem only: most pages have none.
    lines: OnceCell<LineIndex<'p>>,
}

impl<'p> Places<'p> {
    fn new(page: &'p Page) -> Self {
        Places {
            page,
            lines: OnceCell::new(),
        }
    }

    fn position(&self, body_offset: usize) -> (usize, usize) {
        let page = self.page;
        let lines = self.lines.get_or_init(|| LineIndex::new(&page.text));
        lines.position(page.body_start + body_offset)
    }

    fn error(&self, body_offset: usize, message: String) -> Diagnostic {
        let (line, column) = self.position(body_offset);
        Diagnostic::error(&self.page.source, line, column, message)
    }

    fn warning(&self, body_offset: usize, message: String) -> Diagnostic {
        let (line, column) = self.position(body_offset);
        Diagnostic::warning(&self.page.source, line, column, message)
    }
}

/// `text` with `& < > "` escaped, for HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{front_matter::FrontMatter, PageKind};
    use std::path::PathBuf;

    pub(super) fn page(url_path: &str, text: &str) -> Page {
        Page {
            kind: PageKind::Article,
            key: "loyalty/pit-stops".into(),
            lang: "en".into(),
            source: PathBuf::from("content/loyalty/pit-stops.md"),
            url_path: url_path.into(),
            title: "T".into(),
            front: FrontMatter::default(),
            text: text.into(),
            body_start: 0,
            word_count: 0,
            checklist: None,
        }
    }

    pub(super) fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.pages
            .insert("loyalty/pit-stops.md".into(), "loyalty/pit-stops/".into());
        t.pages.insert(
            "choosing-clients/fewer-better.md".into(),
            "choosing-clients/fewer-better/".into(),
        );
        t.pages.insert(
            "choosing-clients/_index.md".into(),
            "choosing-clients/".into(),
        );
        t.root_paths.insert("diagram.svg".into());
        t
    }

    fn render_at(url_path: &str, text: &str) -> Rendered {
        render(&page(url_path, text), &targets(), "loyalty/pit-stops.md")
    }

    #[test]
    fn links_to_markdown_files_become_relative_page_urls() {
        let r = render_at(
            "loyalty/pit-stops/",
            "[a](../choosing-clients/fewer-better.md#why) [b](../choosing-clients/_index.md) [c](/diagram.svg) [d](https://x.org)",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html
                .contains(r#"href="../../choosing-clients/fewer-better/index.html#why""#),
            "{}",
            r.html
        );
        assert!(r
            .html
            .contains(r#"href="../../choosing-clients/index.html""#));
        assert!(r.html.contains(r#"href="../../diagram.svg""#));
        assert!(r.html.contains(r#"href="https://x.org""#));
    }

    #[test]
    fn broken_links_are_errors_at_their_position() {
        let r = render_at(
            "loyalty/pit-stops/",
            "Intro.\n\nSee [the list](missing.md) and [x](../nope.png).\n",
        );
        let found: Vec<_> = r.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, vec![(3, 5), (3, 32)]);
        assert!(r.diagnostics[0]
            .message
            .contains("content/loyalty/missing.md"));
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r = render_at(
            "a/b/",
            "# Top\n\n## Why it matters\n\n### Why it matters\n\n#### Deep\n",
        );
        assert!(
            r.html
                .contains(r##"<h2 id="top">Top <a class="heading-anchor" href="#top""##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h3 id="why-it-matters-2">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["top", "why-it-matters", "why-it-matters-2"]);
    }

    #[test]
    fn extensions_and_smart_punctuation_are_on() {
        let r = render_at("a/b/", "\"Ciao\" -- it's ~~old~~\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n\nNote[^1].\n\n[^1]: Here.\n");
        for needle in [
            "“Ciao”",
            "–",
            "it’s",
            "<del>old</del>",
            "<label class=\"task\"><input type=\"checkbox\" disabled checked> done</label>",
            "<table>",
            "footnote",
        ] {
            assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
        }
    }

    #[test]
    fn ids_given_by_hand_are_kept_unique_and_email_autolinks_are_left_alone() {
        let r = render_at(
            "a/b/",
            "## Why\n\n## Why {#why}\n\n## Why\n\nWrite to <hello@example.com>.\n",
        );
        assert!(r.html.contains(r#"<h2 id="why">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="why-2">"#), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0]
            .message
            .contains("already has the id `why`"));
        assert!(
            r.html.contains(r#"href="mailto:hello@example.com""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_without_alt_text_are_warnings() {
        let r = render_at(
            "a/b/",
            "![](/diagram.svg) and ![The four steps](/diagram.svg)\n",
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(
            r.diagnostics[0].severity,
            crate::diagnostics::Severity::Warning
        );
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (1, 1));
    }
}
