//! Blocks that need more HTML than CommonMark gives them: a task's checkbox
//! is labelled by the task's text, so that screen readers (and axe) know
//! what it stands for, and a wide table scrolls in its own box, not the
//! page, focusable so that a keyboard can scroll it too.

use super::step::{Out, Step};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

#[derive(Default)]
pub(super) struct Blocks {
    /// A task's label is open, up to the end of its text.
    task_label_open: bool,
}

impl<'a> Step<'a> for Blocks {
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        let html = |html: &'static str| (Event::Html(html.into()), range.clone());
        match event {
            Event::TaskListMarker(done) => {
                out.push_back(html(if done {
                    "<label class=\"task\"><input type=\"checkbox\" disabled checked> "
                } else {
                    "<label class=\"task\"><input type=\"checkbox\" disabled> "
                }));
                self.task_label_open = true;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
                if self.task_label_open =>
            {
                out.push_back(html("</label>"));
                self.task_label_open = false;
                out.push_back((event, range));
            }
            Event::Start(Tag::Table(_)) => {
                out.push_back(html("<div class=\"table-scroll\" tabindex=\"0\">"));
                out.push_back((event, range));
            }
            Event::End(TagEnd::Table) => {
                out.push_back((event, range.clone()));
                out.push_back(html("</div>"));
            }
            other => out.push_back((other, range)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn blocks_of(text: &str) -> String {
        let mut out = String::new();
        let events = Parser::new_ext(text, super::super::options()).into_offset_iter();
        html::push_html(&mut out, Blocks::default().over(events).map(|(e, _)| e));
        out
    }

    #[test]
    fn a_task_is_a_label_around_its_checkbox_and_text() {
        assert_eq!(
            blocks_of("- [x] done\n- [ ] to do\n  - inner\n"),
            "<ul>\n<li><label class=\"task\"><input type=\"checkbox\" disabled checked> done</label></li>\n\
             <li><label class=\"task\"><input type=\"checkbox\" disabled> to do</label>\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_table_scrolls_in_a_box_of_its_own() {
        let html = blocks_of("| a |\n|---|\n| 1 |\n");
        assert!(
            html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
            "{html}"
        );
        assert!(html.ends_with("</table>\n</div>"), "{html}");
    }
}
