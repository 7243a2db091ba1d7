//! The search index: one script per language, `search-index.js` beside the
//! language's home page, which the theme's `search.js` loads when a reader
//! starts typing in the search box. A script rather than JSON because pages
//! opened from `file://` may not fetch anything.
//!
//! The index is the searchable text itself, compressed: every word of a
//! language (with the marks and the space after it, as written) gets a
//! number, the most frequent words the shortest, and each page's text becomes
//! a string of those numbers in a few printable characters each. The browser rebuilds the words,
//! folds their accents and looks them up; the same numbers give back the text
//! around a match for the excerpt. So one file serves both finding and
//! showing, and it stays a fraction of the text it indexes (BENCHMARKS.md).
//!
//! The dev server keeps the index between edits and re-encodes only the
//! pages that changed ([`Indexes::update`]): new words take the next numbers.

use crate::checklist::{Checklist, Kind};
use crate::slug::slugify;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

/// The characters a word's number is written with: printable ASCII except `"`
/// and `\`, which a JSON string would escape. search.js builds the same list.
const DIGITS: &[u8; 93] = b" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The fewest digits kept for continuing a number: with five, the numbers of
/// the words the dev server adds after the split was chosen stay short.
const MORE_DIGITS: u32 = 5;

/// Bumped whenever the format changes; search.js refuses other versions.
const VERSION: u32 = 1;

/// What a page gives the search index.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The language's home folder (`""`, `"it/"`): which index the page is in.
    pub language_root: String,
    /// Place in the language's reading order, for a stable index.
    pub order: usize,
    /// The page's folder in the output (`guide/first-call/`).
    pub url_path: String,
    pub title: String,
    /// The page's section, shown with each result ("" for none).
    pub group: String,
    /// The text before the first heading, then one part per heading.
    pub parts: Vec<Part>,
}

/// A stretch of a page's text and the heading it follows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Part {
    /// The heading's id ("" for the text before the first heading).
    pub anchor: String,
    pub heading: String,
    /// Plain text, words separated by single spaces.
    pub text: String,
}

impl Part {
    /// Adds text read from Markdown, each run of white space as one space.
    pub fn push_text(&mut self, text: &str) {
        // Most text comes as one line with single spaces: taken as it is.
        if !text.starts_with(' ')
            && !text.contains("  ")
            && !text.contains(|c: char| c.is_whitespace() && c != ' ')
        {
            self.text.push_str(text);
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.push_break();
        }
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(word);
        }
        if text.ends_with(char::is_whitespace) {
            self.push_break();
        }
    }

    /// Adds the text of a little Markdown (a checklist's fields).
    pub fn push_markdown(&mut self, markdown: &str) {
        use pulldown_cmark::{Event, Parser};
        for event in Parser::new(markdown) {
            match event {
                Event::Text(t) | Event::Code(t) => self.push_text(&t),
                Event::SoftBreak | Event::HardBreak => self.push_text(" "),
                Event::End(end) if ends_block(&end) => self.push_break(),
                _ => {}
            }
        }
        self.push_break();
    }

    /// The words a checklist shows: intro, questions, answers and results.
    pub fn of_checklist(checklist: &Checklist) -> Part {
        let mut part = Part::default();
        let fields = checklist
            .intro
            .iter()
            .chain(checklist.sections.iter().flat_map(|section| {
                std::iter::once(&section.title).chain(section.questions.iter().flat_map(|q| {
                    // A yes/no answer's label is its id; the page shows the
                    // language's own word, which is no word of this checklist.
                    let labels = q.answers.iter().filter(move |_| q.kind != Kind::YesNo);
                    std::iter::once(&q.text)
                        .chain(&q.help)
                        .chain(labels.flat_map(|a| std::iter::once(&a.label).chain(&a.caption)))
                }))
            }));
        for field in fields {
            part.push_markdown(field);
        }
        for band in &checklist.results {
            part.push_markdown(&band.title);
            part.push_markdown(band.body.as_deref().unwrap_or(""));
        }
        part.finish();
        part
    }

    /// Ends a block: the next text starts a new word.
    pub fn push_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    /// The heading's words, then the text's.
    fn tokens(&self) -> impl Iterator<Item = &str> {
        tokens(&self.heading).chain(tokens(&self.text))
    }

    /// The text with no space at its end.
    pub fn finish(&mut self) {
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
    }
}

/// Whether text after `end` starts a new word: the end of a paragraph, list
/// item, code block, table cell… but not of emphasis or a link.
pub fn ends_block(end: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// Every language's index, by the language's home folder.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    languages: BTreeMap<String, Index>,
}

impl Indexes {
    /// Indexes for `docs`, the most frequent words numbered first.
    pub fn build<'d>(docs: impl Iterator<Item = &'d Arc<Doc>>) -> Indexes {
        let mut by_language: BTreeMap<String, Vec<&Doc>> = BTreeMap::new();
        for doc in docs {
            by_language
                .entry(doc.language_root.clone())
                .or_default()
                .push(doc);
        }
        // In reading order, whatever order they came in: the same site gives
        // the same index, byte for byte.
        for docs in by_language.values_mut() {
            docs.sort_unstable_by(|a, b| (a.order, &a.url_path).cmp(&(b.order, &b.url_path)));
        }
        Indexes {
            languages: by_language
                .into_iter()
                .map(|(root, docs)| (root, Index::build(&docs)))
                .collect(),
        }
    }

    /// Takes in pages rendered again: `None` for a page no longer searched
    /// (made unlisted). Only those pages are encoded again.
    pub fn update<'d>(
        &mut self,
        changed: impl Iterator<Item = (&'d String, &'d Option<Arc<Doc>>)>,
    ) {
        for (url_path, doc) in changed {
            match doc {
                Some(doc) => self
                    .languages
                    .entry(doc.language_root.clone())
                    .or_default()
                    .put(doc),
                None => {
                    for index in self.languages.values_mut() {
                        index.remove(url_path);
                    }
                }
            }
        }
    }

    /// The scripts to write: (path in the output, bytes).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.languages
            .iter()
            .map(|(root, index)| (format!("{root}search-index.js"), index.script()))
            .collect()
    }
}

/// One language's index.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every word, by number.
    words: Vec<String>,
    numbers: FxHashMap<String, u32>,
    /// How many of the 93 digits end a number; the others continue it.
    last_digits: u32,
    /// Each page's entry, encoded, by (reading order, folder).
    /// (Shared, so that the dev server's copy before an edit is cheap.)
    docs: BTreeMap<(usize, String), Arc<str>>,
    /// Where each folder's entry is, to replace it.
    keys: HashMap<String, usize>,
    /// Section names, numbered in the order first met.
    groups: Vec<String>,
}

impl Index {
    fn build(docs: &[&Doc]) -> Index {
        let counts = docs
            .par_iter()
            .fold(FxHashMap::<&str, u32>::default, |mut counts, doc| {
                for token in doc.parts.iter().flat_map(Part::tokens) {
                    *counts.entry(token).or_default() += 1;
                }
                counts
            })
            .reduce(FxHashMap::default, |a, b| {
                if a.len() < b.len() {
                    merge(b, a)
                } else {
                    merge(a, b)
                }
            });
        let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let frequencies: Vec<u64> = ranked.iter().map(|&(_, n)| u64::from(n)).collect();
        let mut index = Index {
            last_digits: best_split(&frequencies),
            ..Index::default()
        };
        for (token, _) in ranked {
            index.number(token);
        }
        for doc in docs {
            index.group(&doc.group);
        }
        let encoded: Vec<String> = docs.par_iter().map(|doc| index.encode(doc)).collect();
        for (doc, entry) in docs.iter().zip(encoded) {
            index.keys.insert(doc.url_path.clone(), doc.order);
            index
                .docs
                .insert((doc.order, doc.url_path.clone()), entry.into());
        }
        index
    }

    /// Puts in (or replaces) one page; words not seen yet take new numbers.
    fn put(&mut self, doc: &Doc) {
        if self.last_digits == 0 {
            self.last_digits = 62;
        }
        for token in doc.parts.iter().flat_map(Part::tokens) {
            self.number(token);
        }
        self.group(&doc.group);
        self.remove(&doc.url_path);
        let entry = self.encode(doc);
        self.keys.insert(doc.url_path.clone(), doc.order);
        self.docs
            .insert((doc.order, doc.url_path.clone()), entry.into());
    }

    fn remove(&mut self, url_path: &str) {
        if let Some(order) = self.keys.remove(url_path) {
            self.docs.remove(&(order, url_path.to_string()));
        }
    }

    fn number(&mut self, token: &str) -> u32 {
        if let Some(&n) = self.numbers.get(token) {
            return n;
        }
        let n = self.words.len() as u32;
        self.words.push(token.to_string());
        self.numbers.insert(token.to_string(), n);
        n
    }

    fn group(&mut self, name: &str) -> usize {
        match self.groups.iter().position(|g| g == name) {
            Some(i) => i,
            None => {
                self.groups.push(name.to_string());
                self.groups.len() - 1
            }
        }
    }

    /// A page's entry: `[url, title, group, [[anchor, heading, text], …]]`,
    /// heading and text as numbers, the anchor left out ("") when it is the
    /// heading's slug.
    fn encode(&self, doc: &Doc) -> String {
        let group = self
            .groups
            .iter()
            .position(|g| *g == doc.group)
            .unwrap_or(0);
        let size: usize = doc.parts.iter().map(|p| p.text.len() / 3 + 16).sum();
        let mut out = String::with_capacity(size + 64);
        out.push('[');
        push_json(&mut out, &doc.url_path);
        out.push(',');
        push_json(&mut out, &doc.title);
        let _ = write!(out, ",{group},[");
        for (i, part) in doc.parts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            // search.js makes a heading's usual id from its text.
            if part.anchor == slugify(&part.heading) {
                out.push_str("\"\"");
            } else {
                push_json(&mut out, &part.anchor);
            }
            // Digits need no escaping in a JSON string.
            for text in [&part.heading, &part.text] {
                out.push_str(",\"");
                for token in tokens(text) {
                    self.write_number(&mut out, self.numbers[token]);
                }
                out.push('"');
            }
            out.push(']');
        }
        out.push_str("]]");
        out
    }

    /// Writes `n` in digits: the number's last digit is one of the first
    /// `last_digits`, any before it one of the others.
    fn write_number(&self, out: &mut String, n: u32) {
        let last = u64::from(self.last_digits);
        let more = DIGITS.len() as u64 - last;
        // Numbers of one digit, of two, of three… come in blocks.
        let (mut length, mut block, mut start) = (1usize, last, 0u64);
        while u64::from(n) >= start + block {
            start += block;
            block *= more;
            length += 1;
        }
        // At least MORE_DIGITS continuing digits: a u32 takes at most 15.
        let mut digits = [0u8; 16];
        let mut rest = u64::from(n) - start;
        digits[length - 1] = DIGITS[(rest % last) as usize];
        rest /= last;
        for digit in digits[..length - 1].iter_mut().rev() {
            *digit = DIGITS[(last + rest % more) as usize];
            rest /= more;
        }
        for &d in &digits[..length] {
            out.push(d as char);
        }
    }

    /// The script: `window.rapportSearchIndex = {…};`.
    fn script(&self) -> Vec<u8> {
        let size: usize = self.docs.values().map(|d| d.len() + 1).sum::<usize>()
            + self.words.iter().map(|w| w.len() + 3).sum::<usize>();
        let mut out = String::with_capacity(size + 256);
        out.push_str("window.rapportSearchIndex = ");
        let _ = write!(
            out,
            "{{\"version\":{VERSION},\"last\":{},\"groups\":{},\"words\":",
            self.last_digits,
            serde_json::to_string(&self.groups).expect("strings serialize"),
        );
        out.push_str(&serde_json::to_string(&self.words).expect("strings serialize"));
        out.push_str(",\"docs\":[");
        for (i, entry) in self.docs.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(entry);
        }
        out.push_str("]};\n");
        out.into_bytes()
    }
}

/// `text` as a JSON string.
fn push_json(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).expect("a string serializes"));
}

fn merge<'t>(
    mut a: FxHashMap<&'t str, u32>,
    b: FxHashMap<&'t str, u32>,
) -> FxHashMap<&'t str, u32> {
    for (token, n) in b {
        *a.entry(token).or_default() += n;
    }
    a
}

/// The words of `text`, each with the marks and the space that follow it
/// (`"client, "`), so that the text is put back together by joining them.
/// Splitting at spaces alone keeps the numbers few (a comma is not a word of
/// its own) and is fast; search.js finds the words inside each.
pub fn tokens(text: &str) -> std::str::SplitInclusive<'_, char> {
    text.split_inclusive(' ')
}

/// How many digits should end a number, so that the text, with each word's
/// frequency, takes the fewest characters.
fn best_split(frequencies: &[u64]) -> u32 {
    let total = DIGITS.len() as u64;
    (2..=total - u64::from(MORE_DIGITS))
        .min_by_key(|&last| {
            let more = total - last;
            let (mut length, mut block, mut start, mut cost) = (1u64, last, 0u64, 0u64);
            for (rank, &f) in frequencies.iter().enumerate() {
                while rank as u64 >= start + block {
                    start += block;
                    block *= more;
                    length += 1;
                }
                cost += f * length;
            }
            cost
        })
        .unwrap_or(62) as u32
}

/// An index script read back: each page's entry with its text as words,
/// for tests that compare indexes numbered differently.
#[cfg(test)]
pub fn read_back(script: &[u8]) -> serde_json::Value {
    let script = std::str::from_utf8(script).expect("UTF-8");
    let json = script
        .trim_start_matches("window.rapportSearchIndex = ")
        .trim_end()
        .trim_end_matches(';');
    let mut index: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let words: Vec<String> = serde_json::from_value(index["words"].take()).expect("words");
    let last = index["last"].as_u64().expect("last") as u32;
    let groups = index["groups"].take();
    let mut docs = index["docs"].take();
    for doc in docs.as_array_mut().expect("docs") {
        doc[2] = groups[doc[2].as_u64().expect("group") as usize].clone();
        for part in doc[3].as_array_mut().expect("parts") {
            for i in [1, 2] {
                let text = decode(&words, last, part[i].as_str().expect("numbers"));
                part[i] = text.into();
            }
        }
    }
    docs
}

/// Reads numbers back the way search.js does.
#[cfg(test)]
fn decode(words: &[String], last: u32, text: &str) -> String {
    let more = DIGITS.len() as u32 - last;
    let mut out = String::new();
    let (mut acc, mut length) = (0u32, 0u32);
    for b in text.bytes() {
        let d = DIGITS.iter().position(|&x| x == b).expect("a digit") as u32;
        length += 1;
        if d < last {
            let (mut start, mut block) = (0, last);
            for _ in 1..length {
                start += block;
                block *= more;
            }
            out.push_str(&words[(start + acc * last + d) as usize]);
            (acc, length) = (0, 0);
        } else {
            acc = acc * more + (d - last);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url_path: &str, order: usize, text: &str) -> Arc<Doc> {
        Arc::new(Doc {
            language_root: String::new(),
            order,
            url_path: url_path.into(),
            title: url_path.into(),
            group: format!("Group of {url_path}"),
            parts: vec![Part {
                text: text.into(),
                ..Part::default()
            }],
        })
    }

    #[test]
    fn tokens_keep_the_marks_and_space_after_them() {
        let all: Vec<&str> = tokens("Perché no? L’incontro, «sì».").collect();
        assert_eq!(all, ["Perché ", "no? ", "L’incontro, ", "«sì»."]);
        assert_eq!(all.concat(), "Perché no? L’incontro, «sì».");
    }

    #[test]
    fn text_comes_back_from_its_numbers() {
        // Enough different words for numbers of two and three digits.
        let many: String = (0..5000).map(|i| format!("w{i} ")).collect();
        let docs = [
            doc("a/", 0, "The client pays, the client stays."),
            doc("b/", 1, many.trim()),
        ];
        let index = Index::build(&docs.iter().map(|d| d.as_ref()).collect::<Vec<_>>());
        for d in &docs {
            let mut encoded = String::new();
            for t in tokens(&d.parts[0].text) {
                index.write_number(&mut encoded, index.numbers[t]);
            }
            assert_eq!(
                decode(&index.words, index.last_digits, &encoded),
                d.parts[0].text
            );
        }
        // The most frequent words take one digit.
        let mut one = String::new();
        index.write_number(&mut one, index.numbers["client "]);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn any_number_of_words_and_any_split_give_the_text_back() {
        // 92 frequent words then many rare ones: the split that suits the
        // first words leaves few digits for the rest.
        let frequent: String = (0..92)
            .map(|i| format!("f{i} "))
            .collect::<String>()
            .repeat(50);
        let rare: String = (0..20_000).map(|i| format!("r{i} ")).collect();
        let docs = [doc("a/", 0, frequent.trim()), doc("b/", 1, rare.trim())];
        let mut indexes = Indexes::build(docs.iter());
        // The dev server then adds words numbered after all of these.
        let more: String = (0..5_000).map(|i| format!("n{i} ")).collect();
        let changed: HashMap<String, Option<Arc<Doc>>> =
            [("c/".to_string(), Some(doc("c/", 2, more.trim())))].into();
        indexes.update(changed.iter());
        let back = read_back(&indexes.files()[0].1);
        assert_eq!(back[1][3][0][2], rare.trim());
        assert_eq!(back[2][3][0][2], more.trim());
    }

    #[test]
    fn the_same_pages_in_any_order_give_the_same_index() {
        let mut docs = [
            doc("a/", 0, "one two"),
            doc("b/", 1, "two three"),
            doc("c/", 2, "x"),
        ];
        let first = Indexes::build(docs.iter()).files();
        docs.reverse();
        assert_eq!(Indexes::build(docs.iter()).files(), first);
    }

    #[test]
    fn an_update_reencodes_only_the_changed_page() {
        let docs = [doc("a/", 0, "alpha beta"), doc("b/", 1, "beta gamma")];
        let mut indexes = Indexes::build(docs.iter());
        let before = indexes.languages[""].docs[&(0, "a/".to_string())].clone();
        let words_before = indexes.languages[""].words.clone();
        let changed: HashMap<String, Option<Arc<Doc>>> =
            [("b/".to_string(), Some(doc("b/", 1, "delta beta")))].into();
        indexes.update(changed.iter());
        let index = &indexes.languages[""];
        // The other page's entry is the very same one, not encoded again.
        assert!(Arc::ptr_eq(&index.docs[&(0, "a/".to_string())], &before));
        // Old words keep their numbers; the new one comes after them.
        assert_eq!(index.words[..words_before.len()], words_before[..]);
        assert_eq!(index.words[words_before.len()..], ["delta ".to_string()]);
        assert_eq!(
            read_back(&indexes.files()[0].1)[1][3][0][2],
            "delta beta",
            "the changed page reads back as its new text"
        );
        let gone: HashMap<String, Option<Arc<Doc>>> = [("a/".to_string(), None)].into();
        indexes.update(gone.iter());
        assert_eq!(indexes.languages[""].docs.len(), 1);
    }
}
