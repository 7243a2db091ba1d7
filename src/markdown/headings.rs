//! Headings: each gets an id, the slug of its text made unique on the page
//! (`why`, `why-2`) unless the author gave one (`## Why {#why}`), and an
//! anchor link beside it; levels 2 and 3 make the table of contents. The
//! page's title is its one `<h1>`, so a heading of level 1 in the body is
//! written as level 2.

use super::step::{Out, Step};
use super::{escape, Places, TocEntry};
use crate::diagnostics::Diagnostic;
use crate::slug::UniqueIds;
use pulldown_cmark::{html, Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

/// A heading being read: its events are held until its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'a>>,
    start: usize,
}

pub(super) struct Headings<'r, 'a> {
    places: &'r Places<'r>,
    pub ids: UniqueIds,
    /// Every heading's id and text, in the order of the page.
    pub in_order: Vec<(String, String)>,
    pub toc: Vec<TocEntry>,
    /// Where each entry of the table of contents starts in the body.
    pub toc_offsets: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    open: Option<OpenHeading<'a>>,
}

impl<'r> Headings<'r, '_> {
    pub fn new(places: &'r Places<'r>) -> Self {
        Headings {
            places,
            ids: UniqueIds::default(),
            in_order: Vec::new(),
            toc: Vec::new(),
            toc_offsets: Vec::new(),
            diagnostics: Vec::new(),
            open: None,
        }
    }

    /// The heading's HTML, once all of it is read.
    fn close(&mut self, heading: OpenHeading<'_>) -> String {
        let text = plain_text(&heading.inner);
        let id = heading.id.unwrap_or_else(|| self.ids.id_for(&text));
        let level = heading.level as u8;
        self.in_order.push((id.clone(), text.clone()));
        let html = heading_html(level, &id, &heading.classes, heading.inner);
        if level <= 3 {
            self.toc.push(TocEntry {
                level,
                id,
                title: text,
            });
            self.toc_offsets.push(heading.start);
        }
        html
    }
}

impl<'a> Step<'a> for Headings<'_, 'a> {
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if let Some(id) = &id {
                    if !self.ids.claim(id) {
                        self.diagnostics.push(self.places.warning(
                            range.start,
                            format!("another heading of this page already has the id `{id}`"),
                        ));
                    }
                }
                self.open = Some(OpenHeading {
                    level: level.max(HeadingLevel::H2),
                    id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    inner: Vec::new(),
                    start: range.start,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = self.open.take() {
                    let html = self.close(heading);
                    out.push_back((Event::Html(html.into()), range));
                }
            }
            other => match self.open.as_mut() {
                Some(open) => open.inner.push(other),
                None => out.push_back((other, range)),
            },
        }
    }
}

/// The text of a heading, for its id and the table of contents.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn heading_html(level: u8, id: &str, classes: &[String], inner: Vec<Event>) -> String {
    let mut html = String::new();
    let id = escape(id);
    html.push_str(&format!("<h{level} id=\"{id}\""));
    if !classes.is_empty() {
        html.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    html.push('>');
    html::push_html(&mut html, inner.into_iter());
    html.push_str(&format!(
        " <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::super::tests::page;
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn ids_are_slugs_made_unique_and_levels_2_and_3_make_the_toc() {
        let page = page(
            "a/b/",
            "# Top\n\n## Why *it* matters\n\n### Why it matters {.wide}\n\n#### Deep\n",
        );
        let places = Places::new(&page);
        let mut headings = Headings::new(&places);
        let events = Parser::new_ext(page.body(), super::super::options()).into_offset_iter();
        let mut out = String::new();
        html::push_html(&mut out, headings.over(events).map(|(event, _)| event));
        assert!(
            out.starts_with(
                "<h2 id=\"top\">Top <a class=\"heading-anchor\" href=\"#top\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
                 <h2 id=\"why-it-matters\">Why <em>it</em> matters"
            ),
            "{out}"
        );
        assert!(
            out.contains("<h3 id=\"why-it-matters-2\" class=\"wide\">"),
            "{out}"
        );
        let in_order: Vec<_> = headings
            .in_order
            .iter()
            .map(|(id, text)| (id.as_str(), text.as_str()))
            .collect();
        assert_eq!(
            in_order,
            [
                ("top", "Top"),
                ("why-it-matters", "Why it matters"),
                ("why-it-matters-2", "Why it matters"),
                ("deep", "Deep")
            ]
        );
        let toc: Vec<_> = headings
            .toc
            .iter()
            .map(|t| (t.level, t.title.as_str()))
            .collect();
        assert_eq!(
            toc,
            [(2, "Top"), (2, "Why it matters"), (3, "Why it matters")]
        );
        assert_eq!(headings.toc_offsets, [0, 7, 28]);
        assert!(headings.diagnostics.is_empty());
    }
}
