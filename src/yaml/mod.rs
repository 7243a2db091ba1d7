//! Reading YAML written by users, with errors placed where they are.
//!
//! serde_yaml knows the line and column of syntax and type errors; this module
//! turns them into [`Diagnostic`]s, shifts them to the place of the YAML inside
//! its file (front matter starts on line 2), and adds a "did you mean" hint to
//! unknown keys. serde_yaml places errors about a value it read but rejected
//! (a date that is not a date) at the enclosing mapping, so those are moved to
//! the value itself with [`Positions`], built from saphyr's located events.

use crate::diagnostics::{did_you_mean, Diagnostic};
use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;

/// Deserializes `text`, which starts on line `first_line` of the file at `path`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document (a front matter with no keys, an empty site.yaml) is an
    // empty mapping, so that every key takes its default.
    let text = if text.trim().is_empty() { "{}" } else { text };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let value_path = err.path().to_string();
        to_diagnostic(err.inner(), &value_path, text, path, first_line)
    })
}

fn to_diagnostic(
    err: &serde_yaml::Error,
    value_path: &str,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Diagnostic {
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if err.location().is_some() => &full[..i],
        _ => full.as_str(),
    };
    let located = err
        .location()
        .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
    // serde_yaml starts a nested error with the path of its value: drop it, the
    // message gets the complete path below.
    let message = match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.is_empty() && value_path.starts_with(prefix) => rest,
        _ => message,
    };
    if let Some((field, expected)) = unknown_field(message) {
        let what = if message.starts_with("unknown variant") {
            "value"
        } else {
            "key"
        };
        let d = Diagnostic::error(
            path,
            located.0,
            located.1,
            format!("unknown {what} `{field}`"),
        );
        return match did_you_mean(field, &expected) {
            Some(close) => d.with_hint(format!("did you mean `{close}`?")),
            // `{ label: Over 5,000 €, score: 3 }`: the comma ended the text.
            None if field.starts_with(|c: char| c.is_ascii_digit() || c == ' ') => d.with_hint(
                "a comma inside `{ … }` ends a value: put quotes around text that has one",
            ),
            None => d.with_hint(format!("known {what}s: {}", expected.join(", "))),
        };
    }
    // serde_yaml places a value it rejected at its enclosing mapping: find the value
    // itself. A syntax error inside a value is further on, where serde_yaml says.
    let (line, column) = Some(value_path)
        .filter(|p| *p != "." && *p != "?")
        .and_then(|p| Positions::of(text, first_line).get(p))
        .map_or(located, |value| value.max(located));
    let message = shift_lines(message, first_line - 1);
    let message = if value_path == "." || value_path == "?" {
        message.to_string()
    } else {
        format!("{value_path}: {message}")
    };
    Diagnostic::error(path, line, column, message)
}

/// Moves the `at line N` inside a syntax error's message to the line in the file.
fn shift_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("at line ") {
        let (before, after) = rest.split_at(i + "at line ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Where each value of a YAML document is, by its path: `title`, `author.name`,
/// `tags[1]`, `sections[0].questions[2].id`.
pub struct Positions {
    values: HashMap<String, (usize, usize)>,
}

/// One step of a path into a document.
enum Step {
    Key(String),
    Index(usize),
}

/// A container being walked, with the state of its next entry.
enum Frame {
    /// In a mapping: the key whose value comes next, if it was read.
    Mapping(Option<String>),
    Sequence(usize),
}

impl Positions {
    /// Reads the positions of `text`, which starts on line `first_line` of its file.
    /// A document with a syntax error gives the positions found before it.
    pub fn of(text: &str, first_line: usize) -> Positions {
        let mut values = HashMap::new();
        let mut frames: Vec<Frame> = Vec::new();
        let mut path: Vec<Step> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let at = (span.start.line() + first_line - 1, span.start.col() + 1);
            let is_node = matches!(
                event,
                Event::Scalar(..)
                    | Event::MappingStart(..)
                    | Event::SequenceStart(..)
                    | Event::Alias(..)
            );
            if is_node {
                // A scalar where a mapping expects a key is that key, not a value.
                if let (Some(Frame::Mapping(key @ None)), Event::Scalar(text, ..)) =
                    (frames.last_mut(), &event)
                {
                    *key = Some(text.to_string());
                    continue;
                }
                match frames.last_mut() {
                    Some(Frame::Mapping(key)) => {
                        path.push(Step::Key(key.take().unwrap_or_default()))
                    }
                    Some(Frame::Sequence(i)) => {
                        path.push(Step::Index(*i));
                        *i += 1;
                    }
                    None => {}
                }
                values.insert(render_path(&path), at);
            }
            match event {
                Event::MappingStart(..) => frames.push(Frame::Mapping(None)),
                Event::SequenceStart(..) => frames.push(Frame::Sequence(0)),
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                }
                _ => {}
            }
            let finished_node = matches!(
                event,
                Event::Scalar(..) | Event::Alias(..) | Event::MappingEnd | Event::SequenceEnd
            );
            if finished_node && !frames.is_empty() {
                path.pop();
            }
        }
        Positions { values }
    }

    /// The (line, column) of the value at `path`.
    pub fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.values.get(path).copied()
    }
}

fn render_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown
/// variant", for a value such as a question's `kind`) into its parts.
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect();
    Some((field, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        summary: Option<String>,
    }

    #[test]
    fn unknown_keys_get_a_hint_and_the_line_in_the_file() {
        let err = parse::<Front>("title: A\nsumary: B\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.message, "unknown key `sumary`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn positions_follow_nested_paths() {
        let text = "title: A\nauthor:\n  name: B\ntags: [x, y]\nsections:\n  - id: s\n    questions:\n      - id: q\n";
        let p = Positions::of(text, 2);
        assert_eq!(p.get("title"), Some((2, 8)));
        assert_eq!(p.get("author.name"), Some((4, 9)));
        assert_eq!(p.get("tags[1]"), Some((5, 11)));
        assert_eq!(p.get("sections[0].questions[0].id"), Some((9, 13)));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse::<Front>("title: [unclosed\n", Path::new("a.md"), 1).unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }
}
