//! One step of the Markdown pass: it reads the events of a page's body with
//! their place in it and hands on the events to write to an [`Out`]: the next
//! step, or the list the HTML is written from. Steps chain with
//! [`Step::then`]; each event goes through the whole chain before the next is
//! read, none waits in a queue between two steps, and the chain compiles to
//! direct calls (a step is generic over its `Out`).

use pulldown_cmark::Event;
use std::ops::Range;

/// An event and the bytes of the body it comes from.
pub type Placed<'a> = (Event<'a>, Range<usize>);

/// Where a step hands on its events, in order.
pub trait Out<'a> {
    fn push_back(&mut self, placed: Placed<'a>);
}

impl<'a> Out<'a> for Vec<Placed<'a>> {
    #[inline]
    fn push_back(&mut self, placed: Placed<'a>) {
        self.push(placed);
    }
}

/// The end of the chain, where the HTML is written from: places are no
/// longer needed there.
impl<'a> Out<'a> for Vec<Event<'a>> {
    #[inline]
    fn push_back(&mut self, (event, _): Placed<'a>) {
        self.push(event);
    }
}

pub trait Step<'a> {
    /// Reads one event; pushes onto `out` what goes on in its place (the
    /// event itself, others around it, or nothing for now).
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O);

    /// After the last event: what is still held back, or closes what is open.
    fn finish<O: Out<'a>>(&mut self, _out: &mut O) {}

    /// This step, then `next` on what this one hands on.
    fn then<N: Step<'a>>(self, next: N) -> Then<Self, N>
    where
        Self: Sized,
    {
        Then { first: self, next }
    }

    /// The events of `inner` passed through this step, for a step tested on
    /// its own. The step is borrowed, so that what it gathered is read
    /// afterwards.
    #[cfg(test)]
    fn over<I>(&mut self, inner: I) -> std::vec::IntoIter<Placed<'a>>
    where
        Self: Sized,
        I: Iterator<Item = Placed<'a>>,
    {
        let mut out = Vec::new();
        for (event, range) in inner {
            self.take(event, range, &mut out);
        }
        self.finish(&mut out);
        out.into_iter()
    }
}

/// A step borrowed into a chain stays readable once the chain is done.
impl<'a, S: Step<'a>> Step<'a> for &mut S {
    #[inline]
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        (**self).take(event, range, out);
    }

    fn finish<O: Out<'a>>(&mut self, out: &mut O) {
        (**self).finish(out);
    }
}

/// Two steps in a row: what the first hands on goes straight to the second.
pub struct Then<F, N> {
    first: F,
    next: N,
}

/// The second step of a [`Then`] as the first one's `Out`.
struct Into<'n, 'o, N, O> {
    next: &'n mut N,
    out: &'o mut O,
}

impl<'a, N: Step<'a>, O: Out<'a>> Out<'a> for Into<'_, '_, N, O> {
    #[inline]
    fn push_back(&mut self, (event, range): Placed<'a>) {
        self.next.take(event, range, self.out);
    }
}

impl<'a, F: Step<'a>, N: Step<'a>> Step<'a> for Then<F, N> {
    #[inline]
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        let mut into = Into {
            next: &mut self.next,
            out,
        };
        self.first.take(event, range, &mut into);
    }

    fn finish<O: Out<'a>>(&mut self, out: &mut O) {
        let mut into = Into {
            next: &mut self.next,
            out: &mut *out,
        };
        self.first.finish(&mut into);
        self.next.finish(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles every text and drops everything else, then says "end".
    struct Echo;

    impl<'a> Step<'a> for Echo {
        fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
            if let Event::Text(_) = event {
                out.push_back((event.clone(), range.clone()));
                out.push_back((event, range));
            }
        }

        fn finish<O: Out<'a>>(&mut self, out: &mut O) {
            out.push_back((Event::Text("end".into()), 0..0));
        }
    }

    fn texts(events: impl Iterator<Item = Placed<'static>>) -> Vec<String> {
        events
            .map(|(event, _)| match event {
                Event::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn events() -> Vec<Placed<'static>> {
        vec![
            (Event::Text("a".into()), 0..1),
            (Event::SoftBreak, 1..2),
            (Event::Text("b".into()), 2..3),
        ]
    }

    #[test]
    fn a_step_may_hand_on_several_events_none_or_some_at_the_end() {
        assert_eq!(
            texts(Echo.over(events().into_iter())),
            ["a", "a", "b", "b", "end"]
        );
    }

    #[test]
    fn chained_steps_take_each_event_in_turn_and_finish_in_order() {
        let mut chain = Echo.then(Echo);
        let passed = texts(chain.over(events().into_iter()));
        // Each of the first step's events, the "end" of the first included,
        // is doubled by the second, which then adds its own "end".
        assert_eq!(
            passed,
            ["a", "a", "a", "a", "b", "b", "b", "b", "end", "end", "end"]
        );
    }
}
