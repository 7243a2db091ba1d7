//! YAML syntax mistakes, told in words a person can act on, at the line to fix.
//!
//! Most mistakes people make in YAML are indentation: a key one space short,
//! or one space too far so that it reads as more text of the line above. The
//! parser notices later, in its own terms ("did not find expected key"), so
//! the lines before the mistake are read here as an outline (which keys and
//! list dashes are open at which column) to name the key that is out of line
//! and the column it belongs in. Other mistakes get a message from a table.

use super::scan::{too_deep, Problem};
use saphyr_parser::Marker;

/// The problem the parser reported with `info` at `at` in `text`.
pub fn describe(text: &str, at: &Marker, info: &str) -> Problem {
    let (line, column) = (at.line().max(1), at.col() + 1);
    if info.contains("recursion limit") {
        return too_deep(line, column);
    }
    if let Some(problem) = unclosed(text, line, column) {
        return problem;
    }
    if let Some(problem) = misindented(text, line) {
        return problem;
    }
    let (message, hint) = in_our_words(info);
    Problem {
        line,
        column,
        message,
        hint,
    }
}

/// What a parser's complaints mean, in our words: the first entry with a
/// phrase the complaint contains gives its message and hint.
const COMPLAINTS: &[(&[&str], &str, &str)] = &[
    (
        &["mapping values are not allowed"],
        "a `: ` here would start a key where none can start",
        "if the `: ` is part of the text, put the whole value in quotes: `title: \"Budget: small\"`",
    ),
    (
        &["expected key", "expected '-' indicator", "invalid indentation"],
        "this line does not fit in the list or mapping above it",
        "check its indentation: the keys of one mapping, and the `-` of one list, start in the same column",
    ),
    (
        &["block sequence entries are not allowed"],
        "a `- ` list item cannot start here",
        "start the list on the line after its key, indented",
    ),
    (
        &["flow mapping", "flow sequence", "misplaced bracket", "flow construct"],
        "a `{ … }` or `[ … ]` is not closed here, or two of its values have no `,` between them",
        "separate values with `, `, and put quotes around text holding a comma, a colon or a bracket",
    ),
    (
        &["quoted scalar, found unexpected end", "quoted scalar, found unexpected document"],
        "this quoted text is never closed",
        "end it with the quote it starts with",
    ),
    (
        &["escape", "hexadecimal"],
        "a `\\` in double-quoted text starts an escape YAML does not know",
        "write `\\\\` for a backslash, or use single quotes",
    ),
    (
        &["tab"],
        "YAML does not allow a tab here",
        "indent with spaces",
    ),
    (
        &["unprintable character"],
        "this character (a control character such as NUL) cannot be in YAML text",
        "delete it: your editor may show it as a box or as `^@`",
    ),
    (
        &["byte order mark"],
        "an invisible byte order mark (U+FEFF) is in the middle of the text",
        "delete it",
    ),
    (
        &["unknown anchor"],
        "this `*name` refers to no `&name` above it",
        "define the anchor first, or write the value out",
    ),
    (
        &["duplicated anchor"],
        "this `&name` is already defined above",
        "give each anchor its own name",
    ),
    (
        &["repetition limit"],
        "the aliases (`*name`) here expand to too many values",
        "write the values out instead of repeating aliases of aliases",
    ),
    (
        &["simple key", "could not find expected ':'"],
        "this key has no `:` after it on its line",
        "write `key: value` on one line",
    ),
    (
        &["did not find expected node content", "unexpected end of plain scalar"],
        "a value is missing here",
        "write the value, or quote text that starts with a sign such as `@`, `%` or `` ` ``",
    ),
    (
        &["unexpected character", "cannot start any token", "plain scalar cannot start"],
        "a value cannot start with this character",
        "put the value in quotes",
    ),
    (
        &["did not find expected <document", "document end", "incompatible YAML document", "directive", "tag"],
        "this is not the YAML rapport reads here: only one document, without directives or tags",
        "remove the `---`, `...`, `%` or `!` lines or signs",
    ),
];

/// A message and a hint for a parser's complaint; `None` for one the table
/// does not know (the caller keeps its own message then).
pub fn known(info: &str) -> Option<(String, Option<String>)> {
    COMPLAINTS
        .iter()
        .find(|(phrases, ..)| phrases.iter().any(|p| info.contains(p)))
        .map(|(_, message, hint)| (message.to_string(), Some(hint.to_string())))
}

fn in_our_words(info: &str) -> (String, Option<String>) {
    known(info).unwrap_or_else(|| {
        (
            "this is not valid YAML".to_string(),
            Some("check the quotes, brackets and indentation of this line".to_string()),
        )
    })
}

/// At most `max` characters of `text`, with `…` in place of the rest.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The problem of a `[` or `{` opened on a line before `line` and still
/// open at `column` of it: the parser notices only where the text stops
/// making sense as a list (`title: [draft` then `weight: 1`).
fn unclosed(text: &str, line: usize, column: usize) -> Option<Problem> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, text_line) in text.lines().take(line).enumerate() {
        let mut quote: Option<char> = None;
        // Whether a value may start here: a bracket elsewhere is text.
        let mut value_starts = true;
        for (col, c) in text_line.chars().enumerate() {
            if i + 1 == line && col + 1 >= column {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => continue,
                (None, '"' | '\'') if value_starts => quote = Some(c),
                (None, '#') if value_starts || open.is_empty() => break,
                (None, '[' | '{') if value_starts => open.push((i + 1, col + 1, c)),
                (None, ']' | '}') if !open.is_empty() => {
                    open.pop();
                }
                _ => {}
            }
            value_starts = match c {
                ' ' => value_starts || !open.is_empty(),
                '[' | '{' | ',' => !open.is_empty() || c != ',',
                ':' | '-' => true,
                _ => false,
            };
        }
    }
    let (at_line, at_column, bracket) = open.pop().filter(|(l, _, _)| *l < line)?;
    let close = if bracket == '[' { ']' } else { '}' };
    Some(Problem {
        line: at_line,
        column: at_column,
        message: format!("this `{bracket}` is never closed"),
        hint: Some(format!(
            "close it with `{close}`, or put the value in quotes if the `{bracket}` is part of its text"
        )),
    })
}

/// The value a line gives its key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Value {
    /// Nothing after the `:`: the lines below, indented, are its value.
    Opens,
    /// `|` or `>`: the lines below, indented, are text.
    Text,
    /// `[` or `{` with this many brackets left open at the end of the line.
    Flow(usize),
    /// A value on the line.
    Inline,
}

/// What a line of block YAML starts: list dashes, a key, a value.
struct Shape<'a> {
    /// The columns (from 0) of its `- ` dashes.
    dashes: Vec<usize>,
    /// The column and text of its key.
    key: Option<(usize, &'a str)>,
    value: Value,
}

impl<'a> Shape<'a> {
    /// The shape of `line`; `None` for a blank line, a comment, or a line
    /// indented with a tab.
    fn of(line: &'a str) -> Option<Shape<'a>> {
        let mut column = line.len() - line.trim_start_matches(' ').len();
        let mut rest = line[column..].trim_end();
        if rest.is_empty() || rest.starts_with('#') || rest.starts_with('\t') {
            return None;
        }
        let mut dashes = Vec::new();
        while rest == "-" || rest.starts_with("- ") {
            dashes.push(column);
            let after = rest[1..].trim_start_matches(' ');
            column += rest.len() - after.len();
            rest = after;
        }
        let key_end = rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))
            .filter(|&end| {
                let key = &rest[..end];
                !key.is_empty() && !key.contains(" #") && !key.starts_with(QUOTED_OR_FLOW)
            });
        let (key, value_text) = match key_end {
            Some(end) => (Some((column, &rest[..end])), &rest[end + 1..]),
            None => (None, rest),
        };
        Some(Shape {
            dashes,
            key,
            value: value_of(value_text),
        })
    }

    /// The column of its first dash or its key: where the line starts.
    fn start(&self) -> Option<usize> {
        self.dashes.first().copied().or(self.key.map(|(c, _)| c))
    }
}

/// Signs a plain key cannot start with: this outline leaves such lines alone.
const QUOTED_OR_FLOW: &[char] = &[
    '"', '\'', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', '?',
];

fn value_of(text: &str) -> Value {
    let text = match text.find(" #") {
        Some(comment) => &text[..comment],
        None => text,
    }
    .trim();
    if text.is_empty() {
        Value::Opens
    } else if text.starts_with(['|', '>']) {
        Value::Text
    } else if text.starts_with(['[', '{']) {
        Value::Flow(open_brackets(text, 0))
    } else {
        Value::Inline
    }
}

/// How many brackets are open after `text`, `open` being open before it;
/// quoted text is skipped (roughly: an outline needs no more).
fn open_brackets(text: &str, open: usize) -> usize {
    let mut open = open;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => open += 1,
            (None, ']' | '}') => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open
}

/// A key or a list dash still open at a line: a later line may continue it.
struct Level<'a> {
    column: usize,
    /// The key; `None` for a list's dash.
    key: Option<&'a str>,
    line: usize,
}

/// The last line with a key: what the line after it may be.
struct LastKey<'a> {
    column: usize,
    key: &'a str,
    line: usize,
    value: Value,
}

/// What the lines before a line say about where it may start.
struct Outline<'a> {
    /// The keys and dashes still open.
    levels: Vec<Level<'a>>,
    /// The last line with a key (unless lines without a key came after it).
    last: Option<LastKey<'a>>,
    /// The line with a key before that one.
    previous: Option<LastKey<'a>>,
}

/// The outline after `lines`.
fn outline<'a>(lines: &[&'a str]) -> Outline<'a> {
    let mut levels: Vec<Level> = Vec::new();
    let mut last: Option<LastKey> = None;
    let mut previous: Option<LastKey> = None;
    // Inside `key: |` text: the key's column and the text's indentation.
    let mut text: Option<(usize, Option<usize>)> = None;
    let mut flow = 0;
    for (i, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some((parent, inner)) = text {
            let blank = line.trim().is_empty();
            if blank || inner.map_or(indent > parent, |inner| indent >= inner) {
                text = Some((parent, inner.or((!blank).then_some(indent))));
                continue;
            }
            text = None;
        }
        if flow > 0 {
            flow = open_brackets(line, flow);
            continue;
        }
        let Some(shape) = Shape::of(line) else {
            continue;
        };
        levels.retain(|level| level.column < indent);
        for &column in &shape.dashes {
            levels.push(Level {
                column,
                key: None,
                line: i + 1,
            });
        }
        previous = last.take().or(previous);
        if let Some((column, key)) = shape.key {
            levels.push(Level {
                column,
                key: Some(key),
                line: i + 1,
            });
            last = Some(LastKey {
                column,
                key,
                line: i + 1,
                value: shape.value,
            });
        }
        match shape.value {
            Value::Text => text = Some((shape.key.map_or(indent, |(c, _)| c), None)),
            Value::Flow(open) => flow = open,
            _ => {}
        }
    }
    Outline {
        levels,
        last,
        previous,
    }
}

/// The problem of line `line` (from 1) when it is out of line with the keys
/// and dashes above it.
fn misindented(text: &str, line: usize) -> Option<Problem> {
    let lines: Vec<&str> = text.lines().take(line).collect();
    let (target, before) = lines.split_last().filter(|_| lines.len() == line)?;
    let shape = Shape::of(target)?;
    let start = shape.start()?;
    let Outline {
        levels,
        last,
        previous,
    } = outline(before);
    let what = match (shape.dashes.is_empty(), shape.key) {
        (true, Some((_, key))) => format!("`{}:`", clip(key, 40)),
        _ => "this `-`".to_string(),
    };
    if let Some(last) = &last {
        // `text: …` then a deeper `kind: …`: YAML reads on as more of the text.
        if last.value == Value::Inline && start > last.column && shape.key.is_some() {
            // Unless that key is the one out of line: short of the keys on both sides.
            if let Some(previous) =
                previous.filter(|p| p.column == start && p.line + 1 == last.line)
            {
                return Some(Problem {
                    line: last.line,
                    column: last.column + 1,
                    message: format!(
                        "`{}:` is indented by {} spaces, less than the keys on the lines before and after it",
                        clip(last.key, 40),
                        last.column
                    ),
                    hint: Some(format!(
                        "indent it by {start} spaces, like `{}:` on line {}",
                        clip(previous.key, 40),
                        previous.line
                    )),
                });
            }
            return Some(Problem {
                line,
                column: start + 1,
                message: format!(
                    "{what} is indented more than `{}:` on line {}, so it reads as more of that key's value",
                    clip(last.key, 40),
                    last.line
                ),
                hint: Some(format!(
                    "indent it by {} spaces, like `{}:`",
                    last.column,
                    clip(last.key, 40)
                )),
            });
        }
        // A key with nothing after it opens a block: any deeper line starts one.
        if last.value == Value::Opens && start > last.column {
            return None;
        }
    }
    let is_dash = !shape.dashes.is_empty();
    let candidates = levels.iter().filter(|level| level.key.is_none() == is_dash);
    if candidates.clone().any(|level| level.column == start) {
        return None;
    }
    let nearest =
        candidates.min_by_key(|level| (level.column.abs_diff(start), usize::MAX - level.column))?;
    let like = match nearest.key {
        Some(key) => format!("`{}:`", clip(key, 40)),
        None => "the `-`".to_string(),
    };
    let (above, noun) = if is_dash {
        ("list", "dash")
    } else {
        ("mapping", "key")
    };
    Some(Problem {
        line,
        column: start + 1,
        message: format!(
            "{what} is indented by {start} spaces, which lines it up with no {noun} of a {above} above it"
        ),
        hint: Some(format!(
            "indent it by {} spaces, like {like} on line {}",
            nearest.column, nearest.line
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str, line: usize) -> Problem {
        misindented(text, line).expect("a misindented line")
    }

    #[test]
    fn a_key_one_space_short_is_named_with_the_column_it_belongs_in() {
        let text = "sections:\n  - id: a\n    questions:\n      - id: q\n       text: Why?\n";
        let p = problem(text, 5);
        assert_eq!((p.line, p.column), (5, 8));
        assert_eq!(
            p.message,
            "`text:` is indented by 7 spaces, which lines it up with no key of a mapping above it"
        );
        assert_eq!(
            p.hint.as_deref(),
            Some("indent it by 8 spaces, like `id:` on line 4")
        );
    }

    #[test]
    fn a_key_indented_under_a_value_reads_as_more_of_the_value() {
        let text = "q:\n  text: Why?\n    kind: choice\n";
        let p = problem(text, 3);
        assert_eq!(p.line, 3);
        assert!(
            p.message
                .starts_with("`kind:` is indented more than `text:` on line 2"),
            "{}",
            p.message
        );
    }

    #[test]
    fn lines_of_text_blocks_and_flow_values_are_not_keys() {
        let text = "r:\n  - id: a\n    body: |\n      Some: text\n\n      more\n    cta: { a: 1,\n      b: 2 }\n   x: 1\n";
        let p = problem(text, 9);
        assert_eq!(
            p.hint.as_deref(),
            Some("indent it by 4 spaces, like `cta:` on line 7")
        );
        // A well-placed line is no indentation mistake.
        assert!(misindented("a:\n  b: 1\n  c: 2\n", 3).is_none());
        assert!(misindented("a:\n  - b\n  - c\n", 3).is_none());
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let p = unclosed("title: [draft\nweight: 1\n", 2, 7).expect("unclosed");
        assert_eq!((p.line, p.column), (1, 8));
        assert_eq!(p.message, "this `[` is never closed");
        assert!(unclosed("title: a [b] c\ntags: [x,\n  y]\nz: 1\n", 4, 2).is_none());
        assert!(unclosed("a: \"[\"\nb: 1\n", 2, 2).is_none());
    }

    #[test]
    fn known_complaints_are_told_in_our_words() {
        let (message, hint) =
            known("while parsing a flow mapping, did not find expected ',' or '}'").unwrap();
        assert!(message.contains("not closed"), "{message}");
        assert!(hint.is_some());
        assert_eq!(clip("abcdef", 3), "abc…");
    }
}
