//! The reading order of pages and sections.

use super::Page;
use crate::slug::slugify;

/// Weighted pages first, by weight; then the rest; ties by title, ignoring case
/// and accents, with numbers in their natural order ("Step 2" before "Step 10").
pub fn order_key(page: &Page) -> (bool, i64, String) {
    (
        page.front.weight.is_none(),
        page.front.weight.unwrap_or(0),
        natural_key(&slugify(&page.title)),
    )
}

/// Pads every run of digits to the same width, so that text order is number order.
fn natural_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 16);
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            key.extend(std::iter::repeat_n(
                '0',
                20usize.saturating_sub(trimmed.len()),
            ));
            key.push_str(trimmed);
            digits.clear();
        }
        if c != '\0' {
            key.push(c);
        }
    }
    key
}

pub fn sort_pages(pages: &mut [Page]) {
    pages.sort_by_cached_key(order_key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_titles_sort_naturally() {
        let mut titles = vec!["step-10", "step-2", "step-1-b", "intro"];
        titles.sort_by_key(|t| natural_key(t));
        assert_eq!(titles, ["intro", "step-1-b", "step-2", "step-10"]);
    }
}
