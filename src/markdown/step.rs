//! One step of the Markdown pass: it reads the events of a page's body with
//! their place in it and hands on the events to write, through [`Pass`], an
//! adapter so that the steps chain like any iterators.

use pulldown_cmark::Event;
use std::collections::VecDeque;
use std::ops::Range;

/// An event and the bytes of the body it comes from.
pub type Placed<'a> = (Event<'a>, Range<usize>);

/// What a step hands on, in order.
pub type Out<'a> = VecDeque<Placed<'a>>;

pub trait Step<'a> {
    /// Reads one event; pushes onto `out` what goes on in its place (the
    /// event itself, others around it, or nothing for now).
    fn take(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Out<'a>);

    /// After the last event: what is still held back, or closes what is open.
    fn finish(&mut self, _out: &mut Out<'a>) {}

    /// The events of `inner` passed through this step. The step is
    /// borrowed, not moved, so that what it gathered is read afterwards.
    fn over<I>(&mut self, inner: I) -> Pass<'_, 'a, Self, I>
    where
        Self: Sized,
        I: Iterator<Item = Placed<'a>>,
    {
        Pass {
            step: self,
            inner,
            ready: VecDeque::new(),
            finished: false,
        }
    }
}

/// The iterator of a step over the events before it.
pub struct Pass<'s, 'a, S, I> {
    step: &'s mut S,
    inner: I,
    ready: Out<'a>,
    finished: bool,
}

impl<'a, S: Step<'a>, I: Iterator<Item = Placed<'a>>> Iterator for Pass<'_, 'a, S, I> {
    type Item = Placed<'a>;

    fn next(&mut self) -> Option<Placed<'a>> {
        loop {
            if let Some(placed) = self.ready.pop_front() {
                return Some(placed);
            }
            if self.finished {
                return None;
            }
            match self.inner.next() {
                Some((event, range)) => self.step.take(event, range, &mut self.ready),
                None => {
                    self.finished = true;
                    self.step.finish(&mut self.ready);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles every text and drops everything else, then says "end".
    struct Echo;

    impl<'a> Step<'a> for Echo {
        fn take(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Out<'a>) {
            if let Event::Text(_) = event {
                out.push_back((event.clone(), range.clone()));
                out.push_back((event, range));
            }
        }

        fn finish(&mut self, out: &mut Out<'a>) {
            out.push_back((Event::Text("end".into()), 0..0));
        }
    }

    #[test]
    fn a_step_may_hand_on_several_events_none_or_some_at_the_end() {
        let events = vec![
            (Event::Text("a".into()), 0..1),
            (Event::SoftBreak, 1..2),
            (Event::Text("b".into()), 2..3),
        ];
        let texts: Vec<String> = Echo
            .over(events.into_iter())
            .map(|(event, _)| match event {
                Event::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["a", "a", "b", "b", "end"]);
    }
}
