//! Source files as text: UTF-8 checked, front matter split from the body.

use crate::diagnostics::{Diagnostic, LineIndex};
use std::path::Path;

/// Decodes a file's bytes, or reports where the first invalid byte is.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = LineIndex::new(&prefix).position(valid);
            Err(
                Diagnostic::error(path, line, column, "this file is not valid UTF-8 text")
                    .with_hint(
                    "save it as UTF-8 in your editor (most editors offer an \"encoding\" option)",
                ),
            )
        }
    }
}

/// A Markdown file cut into its YAML front matter and its body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has a front matter.
    pub front_matter: Option<&'a str>,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

/// Finds the front matter: a first line `---`, YAML, then a line `---`.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(after_open) = strip_fence(text) else {
        return Ok(Split {
            front_matter: None,
            body_start: 0,
        });
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                front_matter: Some(&text[yaml_start..offset]),
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, 1, 1, "the front matter opened here is never closed")
            .with_hint("end it with a line holding only `---`"),
    )
}

/// The text after an opening `---` line, if the text starts with one.
fn strip_fence(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(split.front_matter, Some("title: A\n"));
        assert_eq!(&text[split.body_start..], "Body\n");
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let split = split_front_matter(Path::new("a.md"), "# Hi\n---\n").unwrap();
        assert_eq!(
            split,
            Split {
                front_matter: None,
                body_start: 0
            }
        );
    }

    #[test]
    fn an_unclosed_front_matter_is_an_error() {
        let err = split_front_matter(Path::new("a.md"), "---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode_utf8(Path::new("a.md"), b"---\ntitle: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 11));
    }
}
