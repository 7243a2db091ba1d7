//! A first pass over a YAML text, before serde_yaml reads it.
//!
//! serde_yaml's scanner takes time that grows with the square of the nesting
//! depth (100,000 `[` took 24 s), and it reports syntax mistakes in libyaml's
//! words, often on a line after the one to fix. saphyr's event parser is linear,
//! so one pass over its events, stopping at the first problem, checks what
//! serde_yaml would stumble on: a syntax mistake (described by [`super::syntax`]),
//! nesting deeper than [`MAX_DEPTH`], and a key given twice in one mapping (which
//! serde_yaml takes silently, last one winning, when it fills a map).

use super::syntax;
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;

/// How many lists and mappings may sit inside each other: far more than any
/// checklist or front matter needs, and few enough to keep every pass cheap.
pub const MAX_DEPTH: usize = 64;

/// A problem in a YAML text, at a line and column (from 1) of that text.
#[derive(Debug)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A mapping or sequence being read.
enum Frame {
    /// The keys read so far (with their lines), and whether a key comes next.
    Mapping {
        keys: HashMap<String, usize>,
        key_next: bool,
    },
    Sequence,
}

/// Checks `text`; the first problem found, if any.
pub fn check(text: &str) -> Result<(), Problem> {
    let mut frames: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(found) => found,
            Err(e) => return Err(syntax::describe(text, e.marker(), e.info())),
        };
        let (line, column) = (span.start.line(), span.start.col() + 1);
        if starts_node(&event) {
            if let Some(Frame::Mapping { keys, key_next }) = frames.last_mut() {
                if *key_next {
                    if let Event::Scalar(key, ..) = &event {
                        check_key(keys, key, line, column)?;
                    }
                }
                *key_next = !*key_next;
            }
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) if frames.len() == MAX_DEPTH => {
                return Err(too_deep(line, column));
            }
            Event::MappingStart(..) => frames.push(Frame::Mapping {
                keys: HashMap::new(),
                key_next: true,
            }),
            Event::SequenceStart(..) => frames.push(Frame::Sequence),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
            }
            _ => {}
        }
    }
    Ok(())
}

/// The problem of a value nested more than [`MAX_DEPTH`] levels deep.
pub fn too_deep(line: usize, column: usize) -> Problem {
    Problem {
        line,
        column,
        message: format!("lists and mappings are nested more than {MAX_DEPTH} levels deep here"),
        hint: Some("is a `[` or `{` left open? rapport reads at most 64 levels".into()),
    }
}

/// Records `key`; a key its mapping already has is a problem.
fn check_key(
    keys: &mut HashMap<String, usize>,
    key: &str,
    line: usize,
    column: usize,
) -> Result<(), Problem> {
    // `<<` merges another mapping in; it may appear more than once.
    if key == "<<" {
        return Ok(());
    }
    match keys.get(key) {
        Some(first) => Err(Problem {
            line,
            column,
            message: format!(
                "`{}` is given twice in this mapping (first on line {first})",
                syntax::clip(key, 60)
            ),
            hint: Some("keep one of them: only one value can count".into()),
        }),
        None => {
            keys.insert(key.to_string(), line);
            Ok(())
        }
    }
}

/// Whether `event` begins a node: a value, or the key a mapping expects.
pub(super) fn starts_node(event: &Event) -> bool {
    matches!(
        event,
        Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(..)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_deeper_than_the_limit_is_a_problem_at_its_line() {
        let deep = format!("a: 1\nsummary: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let problem = check(&deep).unwrap_err();
        assert!(started.elapsed().as_millis() < 500);
        assert_eq!(problem.line, 2);
        assert!(
            problem.message.contains("nested more than 64"),
            "{problem:?}"
        );
        let dashes = format!("summary:\n{}x\n", "- ".repeat(100_000));
        assert_eq!(check(&dashes).unwrap_err().line, 2);
        let fine = format!("a: {}{}", "[".repeat(60), "]".repeat(60));
        assert!(check(&fine).is_ok());
    }

    #[test]
    fn a_key_given_twice_is_reported_at_the_second() {
        let problem = check("min_read: a\ntitle: b\nmin_read: c\n").unwrap_err();
        assert_eq!((problem.line, problem.column), (3, 1));
        assert_eq!(
            problem.message,
            "`min_read` is given twice in this mapping (first on line 1)"
        );
        // The same key in two different mappings is fine.
        assert!(check("a: { id: x }\nb: { id: x }\nc: [ { id: 1 }, { id: 1 } ]\n").is_ok());
    }
}
