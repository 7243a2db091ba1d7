//! Slugs: the URL-safe names of pages, sections and headings.
//!
//! The rule is the contract's: decompose (NFKD), drop the accents, lower-case,
//! turn every run of characters outside `a-z0-9` into one `-`, trim the dashes.
//! `perché-parlo` becomes `perche-parlo`, `Über uns` becomes `uber-uns`.

use std::collections::HashSet;
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
}

impl UniqueIds {
    /// The id for a heading with this text (`heading` when the text has no letters).
    pub fn id_for(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "heading".to_string();
        }
        let mut id = base.clone();
        let mut n = 1;
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
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
}
