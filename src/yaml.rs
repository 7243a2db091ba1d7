//! Reading YAML written by users, with errors placed where they are.
//!
//! serde_yaml knows the line and column of syntax and type errors; this module
//! turns them into [`Diagnostic`]s, shifts them to the place of the YAML inside
//! its file (front matter starts on line 2), and adds a "did you mean" hint to
//! unknown keys.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
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
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(&err, path, first_line))
}

fn to_diagnostic(err: &serde_yaml::Error, path: &Path, first_line: usize) -> Diagnostic {
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if err.location().is_some() => &full[..i],
        _ => full.as_str(),
    };
    let (line, column) = err
        .location()
        .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
    match unknown_field(message) {
        Some((field, expected)) => {
            let d = Diagnostic::error(path, line, column, format!("unknown key `{field}`"));
            match did_you_mean(field, &expected) {
                Some(close) => d.with_hint(format!("did you mean `{close}`?")),
                None => d.with_hint(format!("known keys: {}", expected.join(", "))),
            }
        }
        None => Diagnostic::error(path, line, column, message),
    }
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into its parts.
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
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
    fn syntax_errors_are_located() {
        let err = parse::<Front>("title: [unclosed\n", Path::new("a.md"), 1).unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }
}
