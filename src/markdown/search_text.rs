//! The plain text of a page for search, in parts: the text before the first
//! heading, then the text under each heading with the heading's own words.

use super::step::{Out, Step};
use crate::search::Part;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// The parts read so far; a part's heading id is known only once the
/// headings step has read it, so [`SearchText::into_parts`] puts them in.
pub(super) struct SearchText {
    parts: Vec<Part>,
    /// Inside a heading: its text is the next part's heading.
    heading: Option<String>,
}

impl Default for SearchText {
    fn default() -> Self {
        SearchText {
            parts: vec![Part::default()],
            heading: None,
        }
    }
}

impl SearchText {
    /// The parts, the one after the `n`th heading under `ids[n]`.
    pub fn into_parts(mut self, ids: &[String]) -> Vec<Part> {
        for (part, id) in self.parts.iter_mut().skip(1).zip(ids) {
            part.anchor.clone_from(id);
        }
        for part in &mut self.parts {
            part.finish();
        }
        self.parts
    }
}

impl<'a> Step<'a> for SearchText {
    fn take(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Out<'a>) {
        let part = self.parts.last_mut().expect("there is always a part");
        match (&event, self.heading.as_mut()) {
            (Event::Start(Tag::Heading { .. }), _) => self.heading = Some(String::new()),
            (Event::Text(t) | Event::Code(t), Some(heading)) => heading.push_str(t),
            (Event::Text(t) | Event::Code(t), None) => part.push_text(t),
            (Event::SoftBreak | Event::HardBreak, _) => part.push_text(" "),
            (Event::End(end), _) if crate::search::ends_block(end) => {
                part.push_break();
                if let (TagEnd::Heading(_), Some(heading)) = (end, self.heading.take()) {
                    self.parts.push(Part {
                        anchor: String::new(),
                        heading,
                        text: String::new(),
                    });
                }
            }
            _ => {}
        }
        out.push_back((event, range));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn text_is_cut_at_headings_and_each_part_named_by_its_heading() {
        let text =
            "Before  the *first*\nheading.\n\n## Why `it` works\n\nBecause.\n\n- one\n- two\n";
        let mut step = SearchText::default();
        let events = Parser::new_ext(text, super::super::options()).into_offset_iter();
        // Every event goes on as it came.
        let passed: Vec<_> = step.over(events).collect();
        let parsed: Vec<_> = Parser::new_ext(text, super::super::options())
            .into_offset_iter()
            .collect();
        assert_eq!(passed, parsed);
        let parts: Vec<_> = step
            .into_parts(&["why-it-works".to_string()])
            .into_iter()
            .map(|p| (p.anchor, p.heading, p.text))
            .collect();
        assert_eq!(
            parts,
            [
                ("".into(), "".into(), "Before the first heading.".into()),
                (
                    "why-it-works".into(),
                    "Why it works".into(),
                    "Because. one two".into()
                ),
            ]
        );
    }
}
