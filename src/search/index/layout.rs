//! How an index is laid out in scripts: where the shards are cut, how many
//! pages a fragment holds, which words every query loads; and the scripts
//! themselves, written whole after a build and in part after an edit.

use super::{push_json, Index};
use crate::search::digits::{write_number, GAP_LAST};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Bumped whenever the format changes; search.js refuses other versions.
const VERSION: u32 = 2;

/// The word list every query loads, at most (its most frequent words).
const WORDS_MOST: usize = 32_000;
/// A shard of terms is cut once it reaches this size.
const SHARD_SIZE: usize = 24_000;
/// A fragment holds pages up to this size, so that its script fits in two
/// blocks of 4 KiB (a page bigger than that has one of its own).
const FRAGMENT_SIZE: usize = 8_000;

/// A script's bytes, shared between builds of the dev server.
pub type Bytes = Arc<[u8]>;

impl Index {
    /// The terms in the order search.js compares strings (UTF-16 units).
    fn sorted_terms(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.terms.len() as u32)
            .filter(|&t| !self.postings[t as usize].is_empty())
            .collect();
        order
            .sort_unstable_by(|&a, &b| utf16_cmp(&self.terms[a as usize], &self.terms[b as usize]));
        order
    }

    /// Chooses the shards, fragments and shared words, and writes them all.
    pub(super) fn lay_out(&mut self) {
        let order = self.sorted_terms();
        let entries: Vec<String> = order.par_iter().map(|&t| self.term_json(t)).collect();
        let mut starts = Vec::new();
        if !self.inline {
            let mut size = 0;
            for (&t, json) in order.iter().zip(&entries) {
                if size >= SHARD_SIZE {
                    starts.push(self.terms[t as usize].clone());
                    size = 0;
                }
                size += json.len();
            }
        }
        self.starts = starts;
        // Fragments in reading order, each cut before it passes the size.
        let mut cuts = vec![0];
        if !self.inline {
            let mut size = 0;
            for (place, entry) in self.entries.iter().enumerate() {
                if size > 0 && size + entry.json.len() > FRAGMENT_SIZE {
                    cuts.push(place as u32);
                    size = 0;
                }
                size += entry.json.len() + 1;
            }
        }
        self.cuts = cuts;
        self.shared = if self.inline {
            self.words.len() as u32
        } else {
            let mut size = 0;
            self.words
                .iter()
                .take_while(|w| {
                    size += w.len() + 3;
                    size <= WORDS_MOST
                })
                .count() as u32
        };
        (self.shard_files, self.shard_terms) = self.write_shards(&order, &entries);
        let fragments = self.cuts.len() as u32;
        self.fragment_files = (0..fragments)
            .into_par_iter()
            .map(|f| self.fragment_file(f))
            .collect();
        self.manifest = self.manifest_file();
        self.dirty = (
            true,
            (0..self.shard_files.len() as u32).collect(),
            (0..fragments).collect(),
        );
    }

    /// Which shard holds `term`.
    pub(super) fn shard_of(&self, term: &str) -> usize {
        self.starts
            .partition_point(|start| utf16_cmp(start, term).is_le())
    }

    /// Puts a term met first in an edit among its shard's terms, in order.
    pub(super) fn place_term(&mut self, t: u32) {
        let term = &self.terms[t as usize];
        let shard = self.shard_of(term);
        let list = &self.shard_terms[shard];
        let at = list.partition_point(|&u| utf16_cmp(&self.terms[u as usize], term).is_lt());
        self.shard_terms[shard].insert(at, t);
    }

    /// `"term":[…]`.
    fn term_json(&self, t: u32) -> String {
        let mut out = String::with_capacity(32);
        push_json(&mut out, &self.terms[t as usize]);
        out.push(':');
        self.postings[t as usize].write_json(&mut out);
        out
    }

    /// Each shard's script, and its terms in order.
    fn write_shards(&self, order: &[u32], entries: &[String]) -> (Vec<Bytes>, Vec<Vec<u32>>) {
        let mut shards: Vec<String> = vec![String::new(); self.starts.len() + 1];
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); self.starts.len() + 1];
        let mut shard = 0;
        for (&t, json) in order.iter().zip(entries) {
            let term = &self.terms[t as usize];
            while shard < self.starts.len() && self.starts[shard] == *term {
                shard += 1;
            }
            let out = &mut shards[shard];
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(json);
            members[shard].push(t);
        }
        let files = shards
            .iter()
            .enumerate()
            .map(|(i, terms)| shard_script(i, std::slice::from_ref(terms)))
            .collect();
        (files, members)
    }

    /// The pages of fragment `f`: `[url, title, group, [[anchor, heading,
    /// text], …]]`, words past the shared ones numbered in a list of its own.
    fn fragment_chunk(&self, f: u32) -> String {
        let from = self.cuts[f as usize] as usize;
        let to = self
            .cuts
            .get(f as usize + 1)
            .map_or(self.entries.len(), |&c| c as usize);
        let entries = &self.entries[from..to];
        let mut local: Vec<u32> = Vec::new();
        let mut local_numbers: FxHashMap<u32, u32> = FxHashMap::default();
        let mut docs = String::with_capacity(entries.iter().map(|e| e.json.len() + 1).sum());
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                docs.push(',');
            }
            if entry.top < self.shared {
                docs.push_str(&entry.json);
                continue;
            }
            let shared = self.shared;
            let local_number = |n: u32| {
                if n < shared {
                    return n;
                }
                let next = shared + local.len() as u32;
                *local_numbers.entry(n).or_insert_with(|| {
                    local.push(n);
                    next
                })
            };
            self.encode(&entry.doc, &mut docs, local_number, |_, _, _| {});
        }
        let words: Vec<&str> = local
            .iter()
            .map(|&n| self.words[n as usize].as_str())
            .collect();
        let words = if words.is_empty() {
            String::new()
        } else {
            let list = serde_json::to_string(&words).expect("strings serialize");
            format!("\"words\":{list},")
        };
        format!("{{\"kind\":\"docs\",\"fragment\":{f},\"first\":{from},{words}\"docs\":[{docs}]}}")
    }

    fn fragment_file(&self, f: u32) -> Bytes {
        if self.inline {
            return Arc::from(&[][..]);
        }
        script(&self.fragment_chunk(f)).into()
    }

    /// How many pages each fragment holds, less one, as numbers.
    fn fragment_sizes(&self) -> String {
        let mut out = String::with_capacity(self.cuts.len());
        let ends = self.cuts.iter().skip(1).copied();
        for (from, to) in self
            .cuts
            .iter()
            .zip(ends.chain([self.entries.len() as u32]))
        {
            write_number(&mut out, (to - from).saturating_sub(1), GAP_LAST);
        }
        out
    }

    /// Which fragment holds the page at `place`.
    pub(super) fn fragment_of(&self, place: u32) -> u32 {
        (self.cuts.partition_point(|&c| c <= place) - 1) as u32
    }

    /// The manifest, with the shard and fragment inside when inline.
    fn manifest_file(&self) -> Bytes {
        let words = &self.words[..self.shared as usize];
        let mut out = format!(
            "{{\"kind\":\"index\",\"version\":{VERSION},\"split\":{},\"last\":{},\"groups\":{},\"docs\":{},\"fragments\":\"{}\",\"starts\":{},\"words\":{}}}",
            !self.inline,
            self.last_digits,
            serde_json::to_string(&self.groups).expect("strings serialize"),
            self.entries.len(),
            self.fragment_sizes(),
            serde_json::to_string(&self.starts).expect("strings serialize"),
            serde_json::to_string(words).expect("strings serialize"),
        );
        if self.inline {
            out.push(',');
            out.push_str(&self.fragment_chunk(0));
        }
        script(&out).into()
    }

    /// Writes again the shards and fragments an update marked, and the
    /// manifest when it changed.
    pub(super) fn rewrite(&mut self) {
        for &s in &self.dirty.1 {
            // A term no page has any more is left out, as a new build would.
            let entries: Vec<String> = self.shard_terms[s as usize]
                .iter()
                .filter(|&&t| !self.postings[t as usize].is_empty())
                .map(|&t| self.term_json(t))
                .collect();
            self.shard_files[s as usize] = shard_script(s as usize, &entries);
        }
        for &f in &self.dirty.2 {
            let file = self.fragment_file(f);
            self.fragment_files[f as usize] = file;
        }
        if self.dirty.0 {
            self.manifest = self.manifest_file();
        }
    }

    /// Every script, by its path under the language's folder.
    pub fn files(&self, root: &str, only_dirty: bool) -> Vec<(String, Bytes)> {
        let mut files = Vec::new();
        if !only_dirty || self.dirty.0 {
            files.push((format!("{root}search-index.js"), self.manifest.clone()));
        }
        if self.inline {
            return files;
        }
        let all_shards: Vec<u32>;
        let all_fragments: Vec<u32>;
        let (shards, fragments) = if only_dirty {
            (&self.dirty.1, &self.dirty.2)
        } else {
            all_shards = (0..self.shard_files.len() as u32).collect();
            all_fragments = (0..self.fragment_files.len() as u32).collect();
            (&all_shards, &all_fragments)
        };
        for &s in shards {
            files.push((
                format!("{root}search-index/t{s}.js"),
                self.shard_files[s as usize].clone(),
            ));
        }
        for &f in fragments {
            files.push((
                format!("{root}search-index/f{f}.js"),
                self.fragment_files[f as usize].clone(),
            ));
        }
        files
    }
}

/// The order in which search.js compares strings: by UTF-16 units.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Shard `i`'s script, of its terms' `"term":[…]` in order.
fn shard_script(i: usize, entries: &[String]) -> Bytes {
    let terms = entries.join(",");
    script(&format!(
        "{{\"kind\":\"terms\",\"shard\":{i},\"terms\":{{{terms}}}}}"
    ))
    .into()
}

/// A chunk as the script that hands it to search.js.
fn script(chunks: &str) -> Vec<u8> {
    format!("rapportSearch.push({chunks});\n").into_bytes()
}
