//! Slugs: the URL-safe names of pages, sections and headings.
//!
//! The rule is the contract's: decompose (NFKD), drop the accents, lower-case,
//! turn every run of characters outside `a-z0-9` into one `-`, trim the dashes.
//! `perché-parlo` becomes `perche-parlo`, `Über uns` becomes `uber-uns`.

use std::collections::{HashMap, HashSet};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The slug of `text`; empty when `text` has no letter or digit at all.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash_pending = false;
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash_pending && !slug.is_empty() {
                slug.push('-');
            }
            dash_pending = false;
            slug.push(c.to_ascii_lowercase());
        } else if !is_combining_mark(c) {
            dash_pending = true;
        }
    }
    slug
}

/// Hands out unique heading ids within one page: `intro`, `intro-2`, `intro-3`,
/// never one already given by hand (`## Intro {#intro}`).
#[derive(Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
    /// For each base, the number its last id had: the next repeat starts
    /// there, not at `-2`, so 16,000 headings `## Same` take linear time. The
    /// ids are those of counting from `-2` every time, as ids are never given
    /// back: every number below the last one is taken.
    last: HashMap<String, usize>,
}

impl UniqueIds {
    /// The id for a heading with this text (`heading` when the text has no letters).
    pub fn id_for(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "heading".to_string();
        }
        let mut n = self.last.get(&base).copied().unwrap_or(1);
        let mut id = numbered(&base, n);
        while self.taken.contains(&id) {
            n += 1;
            id = numbered(&base, n);
        }
        self.taken.insert(id.clone());
        self.last.insert(base, n);
        id
    }

    /// Every id handed out or claimed.
    pub fn into_ids(self) -> HashSet<String> {
        self.taken
    }

    /// Records an id written by hand; `false` when the page already has it.
    pub fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }
}

/// `base` for the first heading with it, `base-n` for the n-th.
fn numbered(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_dropped_not_dashed() {
        assert_eq!(slugify("perché-parlo"), "perche-parlo");
        assert_eq!(slugify("Qualità e  città"), "qualita-e-citta");
        assert_eq!(slugify("Über uns"), "uber-uns");
    }

    #[test]
    fn runs_of_other_characters_become_one_dash() {
        assert_eq!(
            slugify("  «Why» — talk about clients? "),
            "why-talk-about-clients"
        );
        assert_eq!(slugify("C'è un modo: sì!"), "c-e-un-modo-si");
        assert_eq!(slugify("1,000–5,000 €"), "1-000-5-000");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.id_for("What to do"), "what-to-do");
        assert_eq!(ids.id_for("What to do"), "what-to-do-2");
        assert_eq!(ids.id_for("What to do?"), "what-to-do-3");
        assert_eq!(ids.id_for("…"), "heading");
        assert!(ids.claim("mine"));
        assert!(!ids.claim("what-to-do"));
        assert_eq!(ids.id_for("Mine"), "mine-2");
    }

    #[test]
    fn repeats_skip_ids_written_by_hand_as_before() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.id_for("Same"), "same");
        assert!(ids.claim("same-3"));
        assert_eq!(ids.id_for("Same"), "same-2");
        assert_eq!(ids.id_for("Same 2"), "same-2-2");
        assert_eq!(ids.id_for("Same"), "same-4");
        assert_eq!(ids.id_for("Same-5"), "same-5");
        assert_eq!(ids.id_for("Same"), "same-6");
    }

    #[test]
    fn many_repeats_take_linear_time() {
        let mut ids = UniqueIds::default();
        let started = std::time::Instant::now();
        for _ in 0..20_000 {
            ids.id_for("Same");
        }
        assert_eq!(ids.id_for("Same"), "same-20001");
        // Milliseconds now; counting from -2 each time made 200 million ids.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}
