//! One language's index: its words numbered, each page's text as numbers,
//! and where every term is. Written as a manifest (`search-index.js`),
//! shards of terms (`search-index/t{n}.js`) and fragments of pages
//! (`search-index/f{n}.js`), or, for a small site, all of it in the one
//! manifest script.

mod layout;

pub use layout::Bytes;

use super::digits::{best_split, write_number};
use super::fold;
use super::postings::{Given, Postings};
use super::{tokens, Doc, Part};
use crate::slug::slugify;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// Below this much text (in UTF-8), the whole index goes in the manifest:
/// one request of about a third of it.
const INLINE_TEXT: usize = 700_000;

/// A page as the index keeps it.
#[derive(Debug, Clone)]
struct Entry {
    doc: Arc<Doc>,
    /// `[url, title, group, [[anchor, heading, text], …]]`, heading and text
    /// as numbers.
    json: Arc<str>,
    /// The highest word number it uses.
    top: u32,
}

/// The terms a page has, by term number, and where.
#[derive(Debug, Default)]
struct PageTerms {
    title: Vec<u32>,
    text: Vec<u32>,
    heading: Vec<(u32, u32)>,
    both: Vec<(u32, u32)>,
}

/// One language's index.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every word, by number, and each word's terms.
    /// (The tables are shared, so that the dev server's copy before an edit
    /// is cheap; an edit copies one only when it brings a new word or term.)
    words: Arc<Vec<String>>,
    numbers: Arc<FxHashMap<String, u32>>,
    word_terms: Arc<Vec<Box<[u32]>>>,
    /// How many of the 93 digits end a number; the others continue it.
    last_digits: u32,
    /// The words every query loads: the first `shared` numbers.
    shared: u32,
    /// Every term, by number, and where each is.
    terms: Arc<Vec<String>>,
    term_numbers: Arc<FxHashMap<String, u32>>,
    /// Each term's first two letters, numbered.
    term_starts: Arc<Vec<u32>>,
    start_numbers: Arc<FxHashMap<String, u32>>,
    postings: Vec<Arc<Postings>>,
    /// The pages in reading order, and each page's place by its folder.
    entries: Vec<Entry>,
    places: Arc<FxHashMap<String, u32>>,
    /// Section names, numbered in the order first met.
    groups: Vec<String>,
    /// Each fragment's first page; the first term of each shard but the first.
    cuts: Vec<u32>,
    starts: Vec<String>,
    /// Each shard's terms, in order.
    shard_terms: Vec<Vec<u32>>,
    /// Whether all of it goes in the manifest.
    inline: bool,
    /// Each shard's and fragment's script, and the manifest's.
    shard_files: Vec<Bytes>,
    fragment_files: Vec<Bytes>,
    manifest: Bytes,
    /// What the last update wrote again: the manifest, shards, fragments.
    dirty: (bool, Vec<u32>, Vec<u32>),
}

impl Index {
    /// The index of `docs`, in reading order, most frequent words first.
    pub fn build(docs: &[Arc<Doc>]) -> Index {
        let mut index = Index::default();
        index.number_words(docs);
        let text: usize = docs
            .iter()
            .flat_map(|d| &d.parts)
            .map(|p| p.heading.len() + p.text.len())
            .sum();
        index.inline = text < INLINE_TEXT;
        for doc in docs {
            index.group(&doc.group);
        }
        let titles: Vec<Vec<u32>> = docs
            .iter()
            .map(|doc| index.intern_all(&fold::terms(&doc.title)))
            .collect();
        let mut lists = vec![Postings::default(); index.terms.len()];
        // A few hundred pages at a time: their terms are not all kept at once.
        for (docs, titles) in docs.chunks(512).zip(titles.chunks(512)) {
            let made: Vec<(Entry, PageTerms)> = docs
                .par_iter()
                .zip(titles)
                .map(|(doc, title)| index.entry(doc, title.clone()))
                .collect();
            for (entry, terms) in made {
                let place = index.entries.len() as u32;
                Arc::make_mut(&mut index.places).insert(entry.doc.url_path.clone(), place);
                index.entries.push(entry);
                // A small index leaves its terms for search.js to find.
                if !index.inline {
                    append(&mut lists, place, &terms);
                }
            }
        }
        index.postings = lists.into_iter().map(Arc::new).collect();
        index.lay_out();
        index
    }

    /// Numbers every word, the most frequent first, and notes its terms.
    fn number_words(&mut self, docs: &[Arc<Doc>]) {
        let counts = docs
            .par_iter()
            .fold(FxHashMap::<&str, u32>::default, |mut counts, doc| {
                for token in doc.parts.iter().flat_map(Part::tokens) {
                    *counts.entry(token).or_default() += 1;
                }
                counts
            })
            .reduce(FxHashMap::default, |a, b| {
                let (mut big, small) = if a.len() < b.len() { (b, a) } else { (a, b) };
                for (token, n) in small {
                    *big.entry(token).or_default() += n;
                }
                big
            });
        let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // Zero, which ends each heading and text, comes first.
        let ends = docs.iter().map(|d| 2 * d.parts.len() as u64).sum();
        let frequencies: Vec<u64> = std::iter::once(ends)
            .chain(ranked.iter().map(|&(_, n)| u64::from(n)))
            .collect();
        self.last_digits = best_split(&frequencies);
        for (token, _) in ranked {
            self.number(token);
        }
    }

    fn number(&mut self, token: &str) -> u32 {
        if let Some(&n) = self.numbers.get(token) {
            return n;
        }
        let n = self.words.len() as u32;
        let terms = self.intern_all(&fold::terms(token));
        Arc::make_mut(&mut self.words).push(token.to_string());
        Arc::make_mut(&mut self.numbers).insert(token.to_string(), n);
        Arc::make_mut(&mut self.word_terms).push(terms.into());
        n
    }

    fn intern_all(&mut self, terms: &[String]) -> Vec<u32> {
        terms.iter().map(|t| self.intern(t)).collect()
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.term_numbers.get(term) {
            return n;
        }
        let n = self.terms.len() as u32;
        Arc::make_mut(&mut self.terms).push(term.to_string());
        Arc::make_mut(&mut self.term_numbers).insert(term.to_string(), n);
        self.postings.push(Arc::default());
        // The first two letters: in a split index, a query term of one
        // letter stands for itself, one of two or more for the terms it
        // starts, which all start with the same two letters.
        let start = match term.char_indices().nth(2) {
            Some((end, _)) => &term[..end],
            None => term,
        };
        let next = self.start_numbers.len() as u32;
        let start = *Arc::make_mut(&mut self.start_numbers)
            .entry(start.to_string())
            .or_insert(next);
        Arc::make_mut(&mut self.term_starts).push(start);
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

    /// A page's entry and its terms; every word already has its number.
    fn entry(&self, doc: &Arc<Doc>, title: Vec<u32>) -> (Entry, PageTerms) {
        let mut terms = PageTerms {
            title,
            ..PageTerms::default()
        };
        let mut top = 0;
        // The starts of the part's heading's terms: a query term that starts
        // the same way may find the part by both (see `postings`).
        let mut starts: Vec<u32> = Vec::new();
        let mut json = String::with_capacity(doc.parts.iter().map(|p| p.text.len() / 3 + 16).sum());
        self.encode(
            doc,
            &mut json,
            |n| n,
            |part, in_heading, n| {
                top = top.max(n);
                if in_heading == Some(true) {
                    for &t in self.word_terms[n as usize].iter() {
                        terms.heading.push((t, part));
                        starts.push(self.term_starts[t as usize]);
                    }
                } else if in_heading == Some(false) {
                    for &t in self.word_terms[n as usize].iter() {
                        terms.text.push(t);
                        if starts.contains(&self.term_starts[t as usize]) {
                            terms.both.push((t, part));
                        }
                    }
                } else {
                    starts.clear();
                }
            },
        );
        for list in [&mut terms.title, &mut terms.text] {
            list.sort_unstable();
            list.dedup();
        }
        for list in [&mut terms.heading, &mut terms.both] {
            list.sort_unstable();
            list.dedup();
        }
        let entry = Entry {
            doc: doc.clone(),
            json: json.into(),
            top,
        };
        (entry, terms)
    }

    /// Writes a page's entry, `[url, title, group, numbers]` and, when a
    /// heading's anchor is not its slug, `[[part, anchor], …]`; each word as
    /// `number(its number)`. Tells
    /// `seen` of each word (`Some(true)` in a heading, `Some(false)` in the
    /// text) and of each new part (`None`).
    fn encode(
        &self,
        doc: &Doc,
        out: &mut String,
        mut number: impl FnMut(u32) -> u32,
        mut seen: impl FnMut(u32, Option<bool>, u32),
    ) {
        let group = self
            .groups
            .iter()
            .position(|g| *g == doc.group)
            .unwrap_or(0);
        out.push('[');
        push_json(out, &doc.url_path);
        out.push(',');
        push_json(out, &doc.title);
        let _ = write!(out, ",{group},\"");
        // Every part's heading, then its text, each ended by a zero: word
        // `n` is written as `n + 1`. Digits need no escaping in JSON.
        for (p, part) in doc.parts.iter().enumerate() {
            let p = p as u32;
            seen(p, None, 0);
            for (text, in_heading) in [(&part.heading, true), (&part.text, false)] {
                for token in tokens(text) {
                    let n = self.numbers[token];
                    seen(p, Some(in_heading), n);
                    write_number(out, number(n) + 1, self.last_digits);
                }
                write_number(out, 0, self.last_digits);
            }
        }
        out.push('"');
        // search.js makes a heading's usual id from its text: only the
        // others are written, by part.
        let mut anchors = doc
            .parts
            .iter()
            .enumerate()
            .filter(|(_, part)| part.anchor != slugify(&part.heading))
            .peekable();
        if anchors.peek().is_some() {
            out.push_str(",[");
            for (i, (p, part)) in anchors.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "[{p},");
                push_json(out, &part.anchor);
                out.push(']');
            }
            out.push(']');
        }
        out.push(']');
    }

    /// Adds a page's terms at `place`; returns the terms it touched.
    fn post(&mut self, place: u32, terms: &PageTerms) -> Vec<u32> {
        let mut given: FxHashMap<u32, Given> = FxHashMap::default();
        for &t in &terms.title {
            given.entry(t).or_default().title = true;
        }
        for &t in &terms.text {
            given.entry(t).or_default().text = true;
        }
        for &(t, p) in &terms.heading {
            Given::in_part(&mut given.entry(t).or_default().heading, p);
        }
        for &(t, p) in &terms.both {
            Given::in_part(&mut given.entry(t).or_default().both, p);
        }
        let mut touched: Vec<u32> = given.keys().copied().collect();
        touched.sort_unstable();
        for &t in &touched {
            Arc::make_mut(&mut self.postings[t as usize]).insert(place, &given[&t]);
        }
        touched
    }

    /// Puts in (or replaces) pages in their places; `false` when the pages
    /// are not those of the index in the same order, which needs a new one.
    pub fn update(&mut self, docs: &[Arc<Doc>]) -> bool {
        let mut changed = Vec::with_capacity(docs.len());
        for doc in docs {
            match self.places.get(&doc.url_path) {
                Some(&place) if self.entries[place as usize].doc.order == doc.order => {
                    changed.push((place, doc));
                }
                _ => return false,
            }
        }
        if self.inline {
            return false;
        }
        self.dirty = (false, Vec::new(), Vec::new());
        let starts = self.starts.len();
        // Cheap to keep: each term's postings are shared until changed.
        let before = self.postings.clone();
        let known = self.terms.len();
        for (place, doc) in changed {
            for token in doc.parts.iter().flat_map(Part::tokens) {
                self.number(token);
            }
            let group_count = self.groups.len();
            self.group(&doc.group);
            self.dirty.0 |= self.groups.len() != group_count;
            let title = self.intern_all(&fold::terms(&doc.title));
            let (entry, terms) = self.entry(doc, title);
            let mut touched = self.unpost(place);
            self.entries[place as usize] = entry;
            touched.extend(self.post(place, &terms));
            touched.sort_unstable();
            touched.dedup();
            for t in touched {
                // Taken out and put back as it was: no shard to write.
                let same = before
                    .get(t as usize)
                    .is_some_and(|old| *old == self.postings[t as usize]);
                if same {
                    continue;
                }
                let shard = self.shard_of(&self.terms[t as usize]) as u32;
                if !self.dirty.1.contains(&shard) {
                    self.dirty.1.push(shard);
                }
            }
            let fragment = self.fragment_of(place);
            if !self.dirty.2.contains(&fragment) {
                self.dirty.2.push(fragment);
            }
        }
        debug_assert_eq!(starts, self.starts.len());
        for t in known..self.terms.len() {
            self.place_term(t as u32);
        }
        self.rewrite();
        true
    }

    /// Takes the page at `place` out of every term; returns those it was in.
    fn unpost(&mut self, place: u32) -> Vec<u32> {
        let mut touched = Vec::new();
        for (t, postings) in self.postings.iter_mut().enumerate() {
            if postings.has(place) {
                Arc::make_mut(postings).remove(place);
                touched.push(t as u32);
            }
        }
        touched
    }

    /// The pages, for building the index again.
    pub fn docs(&self) -> impl Iterator<Item = &Arc<Doc>> {
        self.entries.iter().map(|e| &e.doc)
    }
}

/// Adds a page's terms at `place`, after every page already there.
fn append(lists: &mut [Postings], place: u32, terms: &PageTerms) {
    for &t in &terms.title {
        lists[t as usize].title.push(place);
    }
    for &t in &terms.text {
        lists[t as usize].text.push(place);
    }
    for &(t, p) in &terms.heading {
        lists[t as usize].heading.push((place, p));
    }
    for &(t, p) in &terms.both {
        lists[t as usize].both.push((place, p));
    }
}

/// `text` as a JSON string.
fn push_json(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).expect("a string serializes"));
}
