//! Located errors and warnings.
//!
//! Every problem rapport finds in a user's files becomes a [`Diagnostic`] with a
//! path, a line and a column (both counted from 1, columns in characters), so an
//! editor can jump to it. Problems are collected, never thrown at the first one:
//! a build reports everything it found and ends with a one-line summary.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings only do with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:column`.
    pub fn error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: None,
        }
    }

    /// An error at a `(line, column)` position.
    pub fn at(path: &Path, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        Diagnostic::error(path, line, column, message)
    }

    /// A warning at `path:line:column`.
    pub fn warning(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// An error about a whole file, reported at its first line.
    pub fn file_error(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic::error(path, 1, 1, message)
    }

    /// Adds a hint printed under the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Renders the diagnostic as `path:line:column: error: message`, plus its hint.
    pub fn render(&self, color: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let label = if color {
            format!("\x1b[{code}m{label}\x1b[0m")
        } else {
            label.to_string()
        };
        let mut out = format!(
            "{}:{}:{}: {label}: {}",
            display_path(&self.path).display(),
            self.line,
            self.column,
            self.message
        );
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  hint: {hint}");
        }
        out
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Lines printed once after the diagnostics: what was left unchecked.
    notes: Vec<String>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// Adds a line printed once after the diagnostics, before the summary.
    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, then position, so the report reads top to bottom whatever
    /// order the parallel stages finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity).cmp(&(&b.path, b.line, b.column, b.severity))
        });
        self.items.dedup();
    }

    /// `2 errors, 1 warning`, or an empty string when there is nothing to report.
    pub fn summary(&self) -> String {
        match (self.errors(), self.warnings()) {
            (0, 0) => String::new(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }

    /// Prints every diagnostic and the summary line to stderr.
    pub fn print(&mut self) {
        self.print_with_note(None);
    }

    /// Prints every diagnostic, then `note` (if any), then the summary line last.
    pub fn print_with_note(&mut self, note: Option<&str>) {
        self.sort();
        if self.items.is_empty() {
            return;
        }
        let color = stderr_has_color();
        let stderr = io::stderr();
        let mut err = stderr.lock();
        for d in &self.items {
            let _ = writeln!(err, "{}", d.render(color));
        }
        for note in &self.notes {
            let _ = writeln!(err, "{note}");
        }
        if let Some(note) = note {
            let _ = writeln!(err, "{note}");
        }
        let _ = writeln!(err, "{}", self.summary());
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Colour only for a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn stderr_has_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
}

/// A path as the user should see it: relative to the working directory when inside it.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf());
    // `./content/a.md` reads better, and matches editors' jump syntax, as `content/a.md`.
    relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Turns byte offsets of a text into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The (line, column) of a byte offset; offsets past the end clamp to it.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let index = LineIndex::new("title: x\nperché: [broken\n");
        assert_eq!(index.position(0), (1, 1));
        let offset = "title: x\nperché".len();
        assert_eq!(index.position(offset), (2, 7));
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "summary", "tags"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }

    #[test]
    fn summary_counts_both_kinds() {
        let mut d = Diagnostics::new();
        let p = Path::new("a.md");
        d.push(Diagnostic::error(p, 1, 1, "x"));
        d.push(Diagnostic::error(p, 2, 1, "y"));
        d.push(Diagnostic::warning(p, 3, 1, "z"));
        assert_eq!(d.summary(), "2 errors, 1 warning");
    }
}
