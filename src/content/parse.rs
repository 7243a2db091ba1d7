//! One page's file read and parsed on its own: its name, language and section
//! folder, its front matter (or, for a checklist, the whole checklist checked)
//! and its word count. What a file is, before it finds its place in the tree.

use super::cache::{stamp, SourceCache};
use super::{front_matter::FrontMatter, rel_string, source, title_from_name};
use crate::config::{LanguageCode, SiteConfig};
use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// A Markdown file read and parsed, before it finds its place in the tree.
#[derive(Clone)]
pub(super) struct SourceFile {
    pub(super) path: PathBuf,
    /// Relative to `content/`, with `/`.
    pub(super) rel: String,
    /// The section folder it is in, if any.
    pub(super) folder: Option<String>,
    /// File name without language suffix and extension.
    pub(super) name: String,
    pub(super) lang: String,
    pub(super) front: FrontMatter,
    pub(super) text: String,
    pub(super) body_start: usize,
    pub(super) word_count: usize,
    pub(super) checklist: Option<Box<crate::checklist::Checklist>>,
    /// Mistakes in a file that still makes a page: a front matter read
    /// leniently, so the page's links and headings take part in the checks.
    pub(super) problems: Vec<Diagnostic>,
}

impl SourceFile {
    pub(super) fn is_index(&self) -> bool {
        self.name == "_index"
    }
}

/// Reads one page's file: a Markdown article (front matter and body) or a YAML
/// checklist (checked whole, every problem reported), from the cache when the
/// file has not changed since it was parsed.
pub(super) fn read_source(
    content: &Path,
    path: &Path,
    config: &SiteConfig,
    cache: Option<&SourceCache>,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let Some(cache) = cache else {
        return parse_source(content, path, config, read_text(path)?);
    };
    let stamp = stamp(path);
    if let Some(file) = stamp.and_then(|stamp| cache.get(path, stamp)) {
        return Ok(file);
    }
    let file = parse_source(content, path, config, read_text(path)?)?;
    if let Some(stamp) = stamp {
        cache.put(stamp, &file);
    }
    Ok(file)
}

pub(super) fn read_text(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::file_error(path, format!("cannot read: {e}"))])?;
    source::decode_utf8(path, bytes).map_err(|d| vec![d])
}

pub(super) fn parse_source(
    content: &Path,
    path: &Path,
    config: &SiteConfig,
    text: String,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let rel_path = path.strip_prefix(content).unwrap_or(path);
    let folder = (rel_path.components().count() == 2)
        .then(|| rel_path.parent().map(|p| p.to_string_lossy().to_string()))
        .flatten();
    let (name, lang) = name_and_language(path, config)?;
    let is_checklist = path.extension().is_some_and(|e| e != "md");
    let mut problems = Vec::new();
    let (front, checklist, body_start, word_count) = if is_checklist {
        let (checklist, front) = crate::checklist::validate::load(&text, path, &name)?;
        (front, Some(Box::new(checklist)), text.len(), 0)
    } else {
        let split = source::split_front_matter(path, &text).map_err(|d| vec![d])?;
        let front = article_front(path, split.front_matter, &name, &mut problems);
        let words = count_words(&text[split.body_start..]);
        (front, None, split.body_start, words)
    };
    Ok(SourceFile {
        word_count,
        path: path.to_path_buf(),
        rel: rel_string(rel_path),
        folder,
        name,
        lang,
        front,
        body_start,
        text,
        checklist,
        problems,
    })
}

/// `fewer-better.it.md` → (`fewer-better`, `it`); a file without a language
/// suffix is in the site's default language.
fn name_and_language(
    path: &Path,
    config: &SiteConfig,
) -> Result<(String, String), Vec<Diagnostic>> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    match stem.rsplit_once('.') {
        Some((name, code)) if LanguageCode::is_valid(code) => {
            if !config.all_languages().any(|l| l == code) {
                return Err(vec![Diagnostic::file_error(
                    path,
                    format!("`.{code}` names a language this site does not have"),
                )
                .with_hint(format!(
                    "add it to site.yaml (`languages: {{ {code}: {{ title: ... }} }}`), or rename the file"
                ))]);
            }
            Ok((name.to_string(), code.to_string()))
        }
        _ => Ok((stem, config.language.0.clone())),
    }
}

/// An article's front matter, read leniently when it has mistakes (each one
/// goes to `problems`) so that the page still takes part in the checks.
fn article_front(
    path: &Path,
    front_matter: Option<&str>,
    name: &str,
    problems: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let yaml = front_matter.unwrap_or_default();
    let mut front: FrontMatter = match front_matter {
        Some(yaml) => crate::yaml::parse(yaml, path, 2).unwrap_or_else(|d| {
            problems.push(d);
            crate::yaml::parse_lenient(yaml)
        }),
        None => FrontMatter::default(),
    };
    // Templates see `extra` as a map with text keys; `1: x` or `[a]: x` cannot be.
    if front.extra.keys().any(|k| !k.is_string()) {
        let (line, column) = crate::yaml::Positions::of(yaml, 2)
            .get("extra")
            .unwrap_or((2, 1));
        problems.push(
            Diagnostic::error(path, line, column, "the keys under `extra:` must be text")
                .with_hint("write them as words, e.g. `extra: { audience: teams }`"),
        );
        front.extra.clear();
    }
    // The title's own error says what is wrong; "no title" would be a second.
    if !problems.is_empty() && front.title.is_none() {
        front.title = Some(title_from_name(name));
    }
    front
}
/// Words a reader reads: markup such as `##`, `-` or `|` is not read aloud, so
/// only tokens with a letter or digit count. A byte-class table keeps this cheap
/// (it runs over every article of the site); for UTF-8 it looks at a
/// character's first byte: 0xC2 (Latin-1 signs such as `«` or `°`) and 0xE2
/// (punctuation, arrows and currency such as `—`, `’`, `€`) are marks, every
/// other multi-byte character (`à`, `ß`, Greek, Cyrillic, CJK…) is a letter.
fn count_words(text: &str) -> usize {
    const SPACE: u8 = 0;
    const MARK: u8 = 1;
    const WORD: u8 = 2;
    const CLASS: [u8; 256] = {
        let mut table = [MARK; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            if c.is_ascii_whitespace() {
                table[b] = SPACE;
            } else if c.is_ascii_alphanumeric() || (c >= 0xC3 && c != 0xE2) {
                table[b] = WORD;
            }
            b += 1;
        }
        table
    };
    let mut count = 0;
    // Whether the current token has been counted already. Kept branch-free:
    // a mispredicted branch per byte made this loop a visible part of a build.
    let mut counted = 0;
    for &b in text.as_bytes() {
        let class = CLASS[usize::from(b)];
        let word = usize::from(class == WORD);
        count += word & (counted ^ 1);
        counted = (counted | word) & usize::from(class != SPACE);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_tokens_with_a_letter_or_digit() {
        assert_eq!(count_words("## Perché\n\n- uno, due | 3 --- tre"), 5);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("first"), 1);
        assert_eq!(count_words("a-b --- **c**"), 2);
        assert_eq!(count_words("« sì » — città € è"), 3);
    }
}
