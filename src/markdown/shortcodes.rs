//! Shortcodes: a paragraph of its own that reads `{{ name(…) }}`,
//! `{% name(…) %}` or `{% end %}` becomes the HTML it stands for, an aside
//! or a call to action, or the place where a checklist is shown
//! ([`super::embed_marker`]). A shortcode opened inside a list item or block
//! quote must end in it; one never closed, or an end that closes nothing, is
//! an error at its line.

use super::embed_marker;
use super::links::{Found, Resolver};
use super::step::{Out, Step};
use super::Places;
use crate::shortcode::{self, Call, Shortcode};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// A shortcode opened and not closed yet.
struct Open {
    /// The HTML that closes it.
    close: String,
    /// Where it opens in the body.
    start: usize,
    /// In how many list items and block quotes it opens.
    depth: usize,
}

pub(super) struct Shortcodes<'r> {
    body: &'r str,
    places: &'r Places<'r>,
    resolver: &'r Resolver<'r>,
    /// Problems, and headings named by the URLs of calls to action.
    pub found: Found,
    /// The checklists to show, by where they are written and their id, in order.
    pub embeds: Vec<(usize, String)>,
    open: Vec<Open>,
    /// Inside a shortcode's paragraph, which is left out.
    skipping: bool,
    /// How many list items, block quotes and footnotes the events are in.
    depth: usize,
    /// Shortcodes closed for the author at the end of their list item:
    /// their own `{% end %}` comes later, and is not a second mistake.
    closed_early: usize,
}

impl<'r> Shortcodes<'r> {
    pub fn new(body: &'r str, places: &'r Places<'r>, resolver: &'r Resolver<'r>) -> Self {
        Shortcodes {
            body,
            places,
            resolver,
            found: Found::default(),
            embeds: Vec::new(),
            open: Vec::new(),
            skipping: false,
            depth: 0,
            closed_early: 0,
        }
    }

    fn error(&mut self, offset: usize, message: String) {
        self.found
            .diagnostics
            .push(self.places.error(offset, message));
    }

    /// Leaves a list item or block quote: what opened in it closes now.
    fn leave<'a, O: Out<'a>>(&mut self, out: &mut O, range: &Range<usize>) {
        self.depth = self.depth.saturating_sub(1);
        while self.open.last().is_some_and(|open| open.depth > self.depth) {
            let open = self.open.pop().expect("seen just now");
            self.error(
                open.start,
                "this shortcode opens inside a list item or block quote and does not end \
                 there: put its `{% end %}` in the same item or quote"
                    .into(),
            );
            out.push_back((Event::Html(open.close.into()), range.clone()));
            self.closed_early += 1;
        }
    }

    /// The URL of a call to action, checked as a link.
    fn url(&mut self, call: &Call, offset: usize) -> String {
        let url = call.arg("url").unwrap_or("").to_string();
        self.resolver
            .rewrite(url.into(), offset, self.places, &mut self.found)
            .to_string()
    }

    /// The HTML of the shortcode written at `start`.
    fn expand(&mut self, code: Result<Shortcode, String>, start: usize) -> Option<String> {
        match code {
            Err(message) => {
                self.error(start, message);
                None
            }
            Ok(Shortcode::Single(call)) if call.name == "checklist" => {
                let id = call.arg("id").unwrap_or("").to_string();
                self.embeds.push((start, id));
                Some(embed_marker(self.embeds.len() - 1))
            }
            Ok(Shortcode::Single(call)) => {
                let url = self.url(&call, start);
                Some(cta_html(&url, call.arg("label").unwrap_or("")))
            }
            Ok(Shortcode::Open(call)) => {
                let (open, close) = match call.name.as_str() {
                    "cta" => {
                        let url = self.url(&call, start);
                        let button = cta_html(&url, call.arg("label").unwrap_or(""));
                        (
                            "<div class=\"cta-box\">\n".to_string(),
                            format!("{button}</div>\n"),
                        )
                    }
                    _ => aside_html(call.arg("kind").unwrap_or("note"), call.arg("title")),
                };
                let depth = self.depth;
                self.open.push(Open {
                    close,
                    start,
                    depth,
                });
                Some(open)
            }
            Ok(Shortcode::End) => self.end(start),
        }
    }

    /// `{% end %}` at `start`: the HTML closing the last shortcode opened.
    fn end(&mut self, start: usize) -> Option<String> {
        match self.open.pop() {
            Some(open) => {
                if open.depth < self.depth {
                    let (line, _) = self.places.position(open.start);
                    self.error(
                        start,
                        format!(
                            "this `{{% end %}}` is inside a list item or block quote, \
                             but the shortcode it closes (line {line}) opens outside it"
                        ),
                    );
                }
                Some(open.close)
            }
            None if self.closed_early > 0 => {
                self.closed_early -= 1;
                None
            }
            None => {
                self.error(start, "this `{% end %}` closes no shortcode".into());
                None
            }
        }
    }
}

impl<'a> Step<'a> for Shortcodes<'_> {
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        if self.skipping {
            self.skipping = !matches!(event, Event::End(TagEnd::Paragraph));
            return;
        }
        match &event {
            Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                self.depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                self.leave(out, &range)
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(code) = shortcode::parse(&self.body[range.clone()]) {
                    self.skipping = true;
                    if let Some(html) = self.expand(code, range.start) {
                        out.push_back((Event::Html(html.into()), range));
                    }
                    return;
                }
            }
            _ => {}
        }
        out.push_back((event, range));
    }

    fn finish<O: Out<'a>>(&mut self, out: &mut O) {
        for open in std::mem::take(&mut self.open).into_iter().rev() {
            self.error(
                open.start,
                "this shortcode is never closed: end it with `{% end %}` on a line of its own"
                    .into(),
            );
            out.push_back((Event::Html(open.close.into()), open.start..open.start));
        }
    }
}

/// A call-to-action button.
fn cta_html(url: &str, label: &str) -> String {
    let mut html = String::from("<p class=\"cta-line\"><a class=\"cta\" href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, url);
    html.push_str("\">");
    let _ = pulldown_cmark_escape::escape_html(&mut html, label);
    html.push_str("</a></p>\n");
    html
}

/// The opening and closing HTML of an aside: a note set apart from the text.
fn aside_html(kind: &str, title: Option<&str>) -> (String, String) {
    let mut open = format!("<div class=\"aside aside-{kind}\" role=\"note\">\n");
    if let Some(title) = title {
        open.push_str("<p class=\"aside-title\">");
        let _ = pulldown_cmark_escape::escape_html(&mut open, title);
        open.push_str("</p>\n");
    }
    (open, "</div>\n".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{page, targets};
    use super::*;
    use pulldown_cmark::{html, Parser};

    /// The Shortcodes step alone over `text`: its HTML and what it found.
    fn shortcodes_of(text: &str) -> (String, Vec<String>, Vec<(usize, String)>) {
        let page = page("loyalty/pit-stops/", text);
        let places = Places::new(&page);
        let targets = targets();
        let resolver = Resolver::new(&page, &targets, "loyalty/pit-stops.md");
        let mut step = Shortcodes::new(page.body(), &places, &resolver);
        let mut out = String::new();
        let events = Parser::new_ext(page.body(), super::super::options()).into_offset_iter();
        html::push_html(&mut out, step.over(events).map(|(event, _)| event));
        let problems = step
            .found
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect();
        (out, problems, step.embeds)
    }

    #[test]
    fn an_aside_wraps_its_paragraphs_and_a_cta_links_like_a_link() {
        let (html, problems, _) = shortcodes_of(
            "{% aside(title=\"In short\", kind=\"tip\") %}\n\nKeep it.\n\n{% end %}\n\n{{ cta(url=\"../choosing-clients/fewer-better.md\", label=\"Go\") }}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            html,
            "<div class=\"aside aside-tip\" role=\"note\">\n<p class=\"aside-title\">In short</p>\n\
             <p>Keep it.</p>\n</div>\n\
             <p class=\"cta-line\"><a class=\"cta\" href=\"../../choosing-clients/fewer-better/index.html\">Go</a></p>\n"
        );
    }

    #[test]
    fn a_checklist_leaves_its_marker_and_its_place() {
        let (html, problems, embeds) =
            shortcodes_of("Intro.\n\n{{ checklist(id=\"are-we-a-fit\") }}\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(html, format!("<p>Intro.</p>\n{}", embed_marker(0)));
        assert_eq!(embeds, [(8, "are-we-a-fit".to_string())]);
    }

    #[test]
    fn unbalanced_shortcodes_are_errors_at_their_lines() {
        let (html, problems, _) = shortcodes_of(
            "- {% aside() %}\n\n  Text.\n\n{% end %}\n\n{% end %}\n\n{% aside() %}\n",
        );
        assert_eq!(
            problems,
            [
                "1:3 this shortcode opens inside a list item or block quote and does not end there: \
                 put its `{% end %}` in the same item or quote",
                "7:1 this `{% end %}` closes no shortcode",
                "9:1 this shortcode is never closed: end it with `{% end %}` on a line of its own",
            ]
        );
        // Every aside opened is closed in the HTML all the same.
        assert_eq!(
            html.matches("<div").count(),
            html.matches("</div>").count(),
            "{html}"
        );
    }
}
