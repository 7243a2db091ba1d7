//! The plain text of a page for search, in parts: the text before the first
//! heading, then the text under each heading with the heading's own words.

use super::step::{Out, Step};
use crate::search::Part;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// The parts read so far; a part's heading (its id and words) is known only
/// once the headings step has read it, so [`SearchText::into_parts`] puts it in.
pub(super) struct SearchText {
    parts: Vec<Part>,
    /// Inside a heading, whose words are not the text of a part.
    in_heading: bool,
}

impl Default for SearchText {
    fn default() -> Self {
        SearchText {
            parts: vec![Part::default()],
            in_heading: false,
        }
    }
}

impl SearchText {
    /// The parts, the one after the `n`th heading under `headings[n]` (its
    /// id and text).
    pub fn into_parts(mut self, headings: &[(String, String)]) -> Vec<Part> {
        for (part, (id, text)) in self.parts.iter_mut().skip(1).zip(headings) {
            part.anchor.clone_from(id);
            part.heading.clone_from(text);
        }
        for part in &mut self.parts {
            part.finish();
        }
        self.parts
    }
}

impl<'a> Step<'a> for SearchText {
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        let part = self.parts.last_mut().expect("there is always a part");
        match &event {
            Event::Start(Tag::Heading { .. }) => self.in_heading = true,
            Event::Text(t) | Event::Code(t) if !self.in_heading => part.push_text(t),
            Event::SoftBreak | Event::HardBreak => part.push_text(" "),
            Event::End(end) if crate::search::ends_block(end) => {
                part.push_break();
                if matches!(end, TagEnd::Heading(_)) {
                    self.in_heading = false;
                    self.parts.push(Part::default());
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
            .into_parts(&[("why-it-works".to_string(), "Why it works".to_string())])
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
