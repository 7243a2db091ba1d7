//! The search index: per language, a manifest script, `search-index.js`
//! beside the language's home page, which the theme's `search.js` loads when
//! a reader starts typing in the search box, and the scripts it names. Scripts
//! rather than JSON because pages opened from `file://` may not fetch
//! anything.
//!
//! The index is the searchable text itself, compressed: every word of a
//! language (with the marks and the space after it, as written) gets a
//! number, the most frequent words the shortest, and each page's text becomes
//! a string of those numbers in a few printable characters each; the same
//! numbers give back the text around a match for the excerpt. Beside it,
//! each folded term lists where it is ([`postings`]), so that a query ranks
//! every page from its terms alone. A big site's index is split: shards of
//! terms in alphabetical ranges, fragments of pages in reading order, and a
//! query loads the shards of its terms, then the fragments of the pages it
//! shows ([`index`]). A small site's index is all in the manifest.
//!
//! The dev server keeps the index between edits and writes again only the
//! shards and fragments an edit touches ([`Indexes::update`]).

mod digits;
mod fold;
mod index;
mod postings;
#[cfg(test)]
pub mod read;

use crate::checklist::{Checklist, Kind};
use index::{Bytes, Index};
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// The languages whose files changed with the last build or update, and
    /// whether all of their files did (or only those the update touched).
    fresh: BTreeMap<String, bool>,
}

impl Indexes {
    /// Indexes for `docs`, the most frequent words numbered first.
    pub fn build<'d>(docs: impl Iterator<Item = &'d Arc<Doc>>) -> Indexes {
        let mut by_language: BTreeMap<String, Vec<Arc<Doc>>> = BTreeMap::new();
        for doc in docs {
            by_language
                .entry(doc.language_root.clone())
                .or_default()
                .push(doc.clone());
        }
        let languages: BTreeMap<String, Index> = by_language
            .into_iter()
            .map(|(root, docs)| (root, in_order(docs)))
            .collect();
        Indexes {
            fresh: languages.keys().map(|root| (root.clone(), true)).collect(),
            languages,
        }
    }

    /// Takes in pages rendered again: `None` for a page no longer searched
    /// (made unlisted). Where the pages are those of the index in the same
    /// order, only the shards and fragments they touch are written again;
    /// otherwise that language's index is made again.
    pub fn update<'d>(
        &mut self,
        changed: impl Iterator<Item = (&'d String, &'d Option<Arc<Doc>>)>,
    ) {
        self.fresh.clear();
        let mut by_language: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        for (url_path, doc) in changed {
            let root = match doc {
                Some(doc) => Some(doc.language_root.clone()),
                None => self
                    .languages
                    .iter()
                    .find(|(_, index)| index.docs().any(|d| d.url_path == *url_path))
                    .map(|(root, _)| root.clone()),
            };
            if let Some(root) = root {
                by_language
                    .entry(root)
                    .or_default()
                    .push((url_path, doc.as_ref()));
            }
        }
        for (root, changes) in by_language {
            let index = self.languages.entry(root.clone()).or_default();
            let docs: Option<Vec<Arc<Doc>>> = changes.iter().map(|(_, d)| d.cloned()).collect();
            if docs.as_deref().is_some_and(|docs| index.update(docs)) {
                self.fresh.insert(root, false);
                continue;
            }
            let mut all: BTreeMap<&str, Arc<Doc>> = index
                .docs()
                .map(|d| (d.url_path.as_str(), d.clone()))
                .collect();
            for (url_path, doc) in &changes {
                match doc {
                    Some(doc) => all.insert(url_path.as_str(), (*doc).clone()),
                    None => all.remove(url_path.as_str()),
                };
            }
            let docs: Vec<Arc<Doc>> = all.into_values().collect();
            *index = in_order(docs);
            self.fresh.insert(root, true);
        }
    }

    /// Every script to write: (path in the output, bytes).
    pub fn files(&self) -> Vec<(String, Bytes)> {
        self.languages
            .iter()
            .flat_map(|(root, index)| index.files(root, false))
            .collect()
    }

    /// The scripts the last build or update wrote again.
    pub fn changed_files(&self) -> Vec<(String, Bytes)> {
        self.fresh
            .iter()
            .filter_map(|(root, &all)| Some(self.languages.get(root)?.files(root, !all)))
            .flatten()
            .collect()
    }
}

/// A page rendered again: its folder, and what it gives (`None`: nothing).
type Change<'d> = (&'d String, Option<&'d Arc<Doc>>);

/// The index of a language's pages, in reading order whatever order they
/// came in: the same site gives the same index, byte for byte.
fn in_order(mut docs: Vec<Arc<Doc>>) -> Index {
    docs.sort_unstable_by(|a, b| (a.order, &a.url_path).cmp(&(b.order, &b.url_path)));
    Index::build(&docs)
}

/// The words of `text`, each with the marks and the space that follow it
/// (`"client, "`), so that the text is put back together by joining them.
/// Splitting at spaces alone keeps the numbers few (a comma is not a word of
/// its own) and is fast; search.js finds the words inside each.
pub fn tokens(text: &str) -> std::str::SplitInclusive<'_, char> {
    text.split_inclusive(' ')
}

#[cfg(test)]
mod tests;
