//! What a word is searched by: its terms, folded. A term is a run of letters
//! and digits, in lower case and without accents (`L’incontro,` gives `l`
//! and `incontro`; `Perché` gives `perche`). search.js folds what a reader
//! types the same way, step for step (`normalize("NFD")`, marks removed,
//! `toLowerCase()`, split at anything but `\p{L}` and `\p{N}`), so that the
//! terms the index is keyed by are the ones a query looks up.

use unicode_general_category::{get_general_category, GeneralCategory as C};
use unicode_normalization::UnicodeNormalization;

fn is_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        C::NonspacingMark | C::SpacingMark | C::EnclosingMark
    )
}

fn is_letter_or_number(c: char) -> bool {
    matches!(
        get_general_category(c),
        C::UppercaseLetter
            | C::LowercaseLetter
            | C::TitlecaseLetter
            | C::ModifierLetter
            | C::OtherLetter
            | C::DecimalNumber
            | C::LetterNumber
            | C::OtherNumber
    )
}

/// The terms of `text`, folded, in order (repeats included).
pub fn terms(text: &str) -> Vec<String> {
    // Plain lower-case ASCII, the most common word, needs no work.
    if text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![text.to_string()]
        };
    }
    let stripped: String = text.nfd().filter(|&c| !is_mark(c)).collect();
    stripped
        .to_lowercase()
        .split(|c: char| !is_letter_or_number(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_letters_and_digits_folded() {
        assert_eq!(terms("L’incontro,"), ["l", "incontro"]);
        assert_eq!(terms("Perché"), ["perche"]);
        assert_eq!(terms("«Sì»."), ["si"]);
        assert_eq!(terms("COVID-19"), ["covid", "19"]);
        assert_eq!(terms("clients "), ["clients"]);
        assert!(terms("— ").is_empty());
        // The dot of İ is a mark once decomposed, and goes with the others.
        assert_eq!(terms("İstanbul"), ["istanbul"]);
        // Final sigma, as toLowerCase writes it.
        assert_eq!(terms("ΟΔΟΣ"), ["οδος"]);
    }
}
