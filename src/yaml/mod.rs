//! Reading YAML written by users, with errors placed where they are.
//!
//! A first pass over saphyr's events ([`scan`]) stops what would be slow or
//! silently wrong further on: syntax mistakes (told in our words at the line to
//! fix, [`syntax`]), nesting deeper than 64 levels, and keys given twice. Then
//! serde_yaml reads the text into its type; this module turns its errors into
//! [`Diagnostic`]s, shifts them to the place of the YAML inside its file (front
//! matter starts on line 2), and adds a "did you mean" hint to unknown keys.
//! serde_yaml places errors about a value it read but rejected (a date that is
//! not a date) at the enclosing mapping, so those are moved to the value itself
//! with [`Positions`], built from saphyr's located events.

mod positions;
mod scan;
mod syntax;

pub use positions::Positions;

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;
pub use syntax::clip;

/// The longest key path a message shows: paths are clipped to one line.
const MAX_PATH: usize = 60;

/// Deserializes `text`, which starts on line `first_line` of the file at `path`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    check(text, path, first_line)?;
    // An empty document (a front matter with no keys, an empty site.yaml) is an
    // empty mapping, so that every key takes its default.
    let text = if text.trim().is_empty() { "{}" } else { text };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let value_path = err.path().to_string();
        to_diagnostic(err.inner(), &value_path, text, path, first_line)
    })
}

/// What can be read of a `text` that [`parse`] rejected: every top-level key
/// whose value is fine on its own, the others left at their defaults. A page
/// whose front matter has one mistake still gets its title, so its links and
/// headings are checked like every other page's and no error about it is
/// invented; the build fails on the mistake anyway. A text the first pass
/// rejects gives the defaults.
pub fn parse_lenient<T: DeserializeOwned + Default>(text: &str) -> T {
    if scan::check(text).is_err() {
        return T::default();
    }
    let Ok(serde_yaml::Value::Mapping(mapping)) = serde_yaml::from_str(text) else {
        return T::default();
    };
    let mut fine = serde_yaml::Mapping::new();
    for (key, value) in mapping {
        let mut alone = serde_yaml::Mapping::new();
        alone.insert(key.clone(), value.clone());
        if serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(alone)).is_ok() {
            fine.insert(key, value);
        }
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(fine)).unwrap_or_default()
}

/// The first pass alone: syntax, depth and keys given twice.
pub fn check(text: &str, path: &Path, first_line: usize) -> Result<(), Diagnostic> {
    scan::check(text).map_err(|problem| {
        let d = Diagnostic::error(
            path,
            problem.line + first_line - 1,
            problem.column,
            problem.message,
        );
        match problem.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
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
    if let Some(d) = missing_but_elsewhere(message, value_path, text, path, first_line) {
        return d;
    }
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
            format!("unknown {what} `{}`", clip(field, MAX_PATH)),
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
    // A syntax error the first pass let through: libyaml's words are not ours.
    if let Some((message, hint)) = syntax::known(message) {
        let d = Diagnostic::error(path, line, column, message);
        return match hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        };
    }
    let message = clip(&shift_lines(message, first_line - 1), 200);
    let message = if value_path == "." || value_path == "?" {
        message
    } else {
        format!("{}: {message}", clip_path(value_path))
    };
    Diagnostic::error(path, line, column, message)
}

/// A key path short enough for one line: its start and its end.
fn clip_path(path: &str) -> String {
    let chars = path.chars().count();
    if chars <= MAX_PATH {
        return path.to_string();
    }
    let head: String = path.chars().take(MAX_PATH / 3).collect();
    let tail: String = path.chars().skip(chars - MAX_PATH * 2 / 3).collect();
    format!("{head}…{tail}")
}

/// "missing field `text`" for a mapping whose `text:` is written, but at an
/// indentation that puts it in another mapping: says where it is and where
/// it belongs.
fn missing_but_elsewhere(
    message: &str,
    value_path: &str,
    text: &str,
    path: &Path,
    first_line: usize,
) -> Option<Diagnostic> {
    let field = message.strip_prefix("missing field `")?.strip_suffix('`')?;
    let positions = Positions::of(text, first_line);
    let mapping = positions.get(value_path)?;
    let wanted = format!("{value_path}.{field}");
    let (found, at) = positions
        .iter()
        .filter(|(p, at)| {
            let elsewhere = *p == field || p.ends_with(&format!(".{field}"));
            *at > mapping && elsewhere && *p != wanted
        })
        .min_by_key(|(_, at)| *at)?;
    let owner = match found.len().checked_sub(field.len() + 1) {
        Some(end) => format!("`{}`", clip_path(&found[..end])),
        None => "the top level".to_string(),
    };
    // The key starts its line (or follows a `- `): point at it, not at its value.
    let key_column = text
        .lines()
        .nth(at.0 - first_line)
        .and_then(|line| line.find(|c: char| c != ' ' && c != '-'))
        .map_or(1, |i| i + 1);
    Some(
        Diagnostic::error(
            path,
            at.0,
            key_column,
            format!(
                "`{field}:` is indented so that it belongs to {owner}, not to `{}` above it, which needs it",
                clip_path(value_path)
            ),
        )
        .with_hint(format!(
            "indent it by {} spaces, like the keys of the mapping on line {}",
            mapping.1 - 1,
            mapping.0
        )),
    )
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

    #[derive(Deserialize, Debug, Default)]
    #[serde(deny_unknown_fields, default)]
    struct Lenient {
        title: Option<String>,
        weight: Option<i64>,
    }

    #[test]
    fn a_rejected_text_keeps_its_good_keys() {
        let text = "title: A\nwieght: 2\nweight: many\n";
        assert!(parse::<Lenient>(text, Path::new("a.md"), 2).is_err());
        let kept: Lenient = parse_lenient(text);
        assert_eq!(kept.title.as_deref(), Some("A"));
        assert_eq!(kept.weight, None);
        assert!(parse_lenient::<Lenient>("title: [unclosed").title.is_none());
    }

    #[test]
    fn long_paths_are_clipped_to_a_line() {
        let deep = format!("a: {}", "{a: ".repeat(60));
        let err = parse::<Front>(&deep, Path::new("a.md"), 1).unwrap_err();
        assert!(err.message.len() < 200, "{}", err.message);
        assert!(clip_path(&"a.".repeat(500)).chars().count() <= MAX_PATH + 1);
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse::<Front>("title: [unclosed\n", Path::new("a.md"), 1).unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }
}
