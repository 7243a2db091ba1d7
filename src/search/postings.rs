//! Where each term is: the pages whose title has it, the parts whose heading
//! has it, the pages whose text has it, and the parts whose text has it under
//! a heading with a term of the same first letter. That is what search.js
//! needs to rank every page for a query exactly as it would with the whole
//! text at hand: per query term, 10 for the title, else the best part with 4
//! for its heading and 1 for its text (a query term is a prefix, so the
//! heading and the text may match it with different terms, but always with
//! terms of its first letter).

use super::digits::{write_number, DIGITS, GAP_LAST};

/// The places of one term. Pages are numbered in reading order, parts by
/// their place in the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    pub title: Vec<u32>,
    pub heading: Vec<(u32, u32)>,
    pub text: Vec<u32>,
    pub both: Vec<(u32, u32)>,
}

/// What one page gives one term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    pub title: bool,
    /// Parts whose heading has the term, in order.
    pub heading: Vec<u32>,
    pub text: bool,
    /// Parts whose text has the term, under a heading with a term of its
    /// first letter.
    pub both: Vec<u32>,
}

impl Given {
    /// Notes that part `part` has the term in its heading (or text).
    pub fn in_part(list: &mut Vec<u32>, part: u32) {
        if list.last() != Some(&part) {
            list.push(part);
        }
    }
}

impl Postings {
    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.heading.is_empty() && self.text.is_empty()
    }

    /// Whether page `doc` has the term anywhere.
    pub fn has(&self, doc: u32) -> bool {
        let in_parts = |list: &[(u32, u32)]| {
            let at = list.partition_point(|&(d, _)| d < doc);
            list.get(at).is_some_and(|&(d, _)| d == doc)
        };
        self.title.binary_search(&doc).is_ok()
            || self.text.binary_search(&doc).is_ok()
            || in_parts(&self.heading)
            || in_parts(&self.both)
    }

    /// Puts page `doc`'s places in, wherever it is in the order.
    pub fn insert(&mut self, doc: u32, given: &Given) {
        fn put(list: &mut Vec<u32>, doc: u32) {
            if let Err(at) = list.binary_search(&doc) {
                list.insert(at, doc);
            }
        }
        fn put_parts(list: &mut Vec<(u32, u32)>, doc: u32, parts: &[u32]) {
            let at = list.partition_point(|&(d, _)| d < doc);
            list.splice(at..at, parts.iter().map(|&p| (doc, p)));
        }
        if given.title {
            put(&mut self.title, doc);
        }
        if given.text {
            put(&mut self.text, doc);
        }
        put_parts(&mut self.heading, doc, &given.heading);
        put_parts(&mut self.both, doc, &given.both);
    }

    /// Takes page `doc`'s places out.
    pub fn remove(&mut self, doc: u32) {
        fn take(list: &mut Vec<u32>, doc: u32) {
            if let Ok(at) = list.binary_search(&doc) {
                list.remove(at);
            }
        }
        fn take_parts(list: &mut Vec<(u32, u32)>, doc: u32) {
            let from = list.partition_point(|&(d, _)| d < doc);
            let to = list.partition_point(|&(d, _)| d <= doc);
            list.drain(from..to);
        }
        take(&mut self.title, doc);
        take(&mut self.text, doc);
        take_parts(&mut self.heading, doc);
        take_parts(&mut self.both, doc);
    }

    /// `[title, heading, text, both]` as JSON, empty lists at the end left out.
    pub fn write_json(&self, out: &mut String) {
        let mut fields = [
            pages(&self.title),
            parts(&self.heading),
            pages(&self.text),
            parts(&self.both),
        ];
        let kept = fields
            .iter()
            .rposition(|f| f != "\"\"")
            .map_or(0, |i| i + 1);
        out.push('[');
        for (i, field) in fields[..kept].iter_mut().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(field);
        }
        out.push(']');
    }
}

/// A list of pages as JSON: a string of gaps (each page less the one before,
/// less one), or, when shorter, `[bits]`, six pages to a digit.
fn pages(list: &[u32]) -> String {
    let mut gaps = String::with_capacity(list.len() + 2);
    gaps.push('"');
    let mut next = 0;
    for &doc in list {
        write_number(&mut gaps, doc - next, GAP_LAST);
        next = doc + 1;
    }
    gaps.push('"');
    let bits_len = list.last().map_or(0, |&last| last as usize / 6 + 1);
    if bits_len + 4 >= gaps.len() {
        return gaps;
    }
    let mut bits = vec![0u8; bits_len];
    for &doc in list {
        bits[doc as usize / 6] |= 1 << (doc % 6);
    }
    let mut out = String::with_capacity(bits_len + 4);
    out.push_str("[\"");
    out.extend(bits.iter().map(|&b| DIGITS[b as usize] as char));
    out.push_str("\"]");
    out
}

/// A list of parts as a JSON string: per part, the page less the page
/// before (the first less zero), then the part.
fn parts(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 2 + 2);
    out.push('"');
    let mut before = 0;
    for &(doc, part) in list {
        write_number(&mut out, doc - before, GAP_LAST);
        write_number(&mut out, part, GAP_LAST);
        before = doc;
    }
    out.push('"');
    out
}

/// Reads a page list back, for tests.
#[cfg(test)]
pub fn read_pages(value: &serde_json::Value) -> Vec<u32> {
    use super::digits::read_numbers;
    match value {
        serde_json::Value::String(gaps) => {
            let mut next = 0;
            read_numbers(gaps, GAP_LAST)
                .into_iter()
                .map(|gap| {
                    let doc = next + gap;
                    next = doc + 1;
                    doc
                })
                .collect()
        }
        serde_json::Value::Array(bits) => {
            let bits = bits[0].as_str().expect("bits");
            let mut docs = Vec::new();
            for (i, b) in bits.bytes().enumerate() {
                let v = DIGITS.iter().position(|&d| d == b).expect("a digit");
                for bit in 0..6 {
                    if v & (1 << bit) != 0 {
                        docs.push((i * 6 + bit) as u32);
                    }
                }
            }
            docs
        }
        _ => panic!("not a page list: {value}"),
    }
}

/// Reads a part list back, for tests.
#[cfg(test)]
pub fn read_parts(value: &serde_json::Value) -> Vec<(u32, u32)> {
    let numbers = super::digits::read_numbers(value.as_str().expect("parts"), GAP_LAST);
    let mut doc = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            doc += pair[0];
            (doc, pair[1])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(p: &Postings) -> serde_json::Value {
        let mut out = String::new();
        p.write_json(&mut out);
        serde_json::from_str(&out).expect("JSON")
    }

    #[test]
    fn lists_come_back_as_gaps_or_bits_whichever_is_shorter() {
        let sparse = vec![3, 70, 5000];
        let dense: Vec<u32> = (0..600).filter(|d| d % 3 != 0).collect();
        for list in [sparse, dense.clone(), vec![], vec![0]] {
            let p = Postings {
                text: list.clone(),
                title: vec![1],
                ..Postings::default()
            };
            let back = json(&p);
            let text = back.get(2).cloned().unwrap_or_else(|| "".into());
            assert_eq!(read_pages(&text), list);
        }
        // 400 pages of 600 in bits: a hundred digits, not four hundred.
        let p = Postings {
            text: dense,
            ..Postings::default()
        };
        assert!(json(&p)[2].is_array());
        assert!(json(&p).to_string().len() < 120);
    }

    #[test]
    fn parts_come_back_and_empty_lists_at_the_end_are_left_out() {
        let p = Postings {
            title: vec![],
            heading: vec![(0, 2), (0, 5), (9, 1), (700, 0)],
            text: vec![],
            both: vec![],
        };
        let back = json(&p);
        assert_eq!(back.as_array().unwrap().len(), 2);
        assert_eq!(read_parts(&back[1]), p.heading);
    }

    #[test]
    fn a_page_put_in_the_middle_and_taken_out_leaves_the_lists_as_they_were() {
        let mut p = Postings::default();
        let given = Given {
            title: true,
            heading: vec![1, 3],
            text: true,
            both: vec![3],
        };
        p.insert(0, &given);
        p.insert(4, &given);
        let before = p.clone();
        p.insert(2, &given);
        assert_eq!(p.title, [0, 2, 4]);
        assert_eq!(p.heading, [(0, 1), (0, 3), (2, 1), (2, 3), (4, 1), (4, 3)]);
        p.remove(2);
        assert_eq!(p, before);
    }
}
