//! What an article leads to next: related pages (shared tags, then the same
//! section, nearest in reading order) and, on the home page, the recently
//! updated ones.

use super::{is_entry, LanguageView};
use crate::content::Page;
use crate::render::context::{Link, PageSummary};
use std::cmp::Reverse;
use std::collections::HashMap;

/// How many related pages an article lists.
const RELATED: usize = 3;
/// How many pages of one tag, around the page, are weighed as related: keeps
/// the work per page bounded however many pages share a tag.
const RELATED_WINDOW: usize = 24;
/// How many pages the home page lists as recently updated.
const RECENT: usize = 5;

impl<'a> LanguageView<'a> {
    /// Up to three pages to read next: those sharing the most tags, then the
    /// same section's, nearest in reading order first.
    pub(super) fn related(&self, root: &str, page: &'a Page) -> Vec<Link> {
        if !is_entry(page) || !page.listed() {
            return Vec::new();
        }
        let Some(&here) = self.position.get(page.url_path.as_str()) else {
            return Vec::new();
        };
        let mut weight: HashMap<&str, (usize, &Page)> = HashMap::new();
        self.weigh_shared_tags(page, here, &mut weight);
        self.weigh_same_section(page, &mut weight);
        weight.remove(page.url_path.as_str());
        // Most shared tags first, then nearest in reading order, then the
        // earlier one: a total order, so that every build lists the same.
        let mut ranked: Vec<(Reverse<usize>, usize, usize, &Page)> = weight
            .into_values()
            .filter(|(_, p)| is_entry(p))
            .map(|(w, p)| {
                let at = self.position[p.url_path.as_str()];
                (Reverse(w), at.abs_diff(here), at, p)
            })
            .collect();
        ranked.sort_by_key(|&(w, distance, at, _)| (w, distance, at));
        ranked
            .into_iter()
            .take(RELATED)
            .map(|(_, _, _, p)| self.link(root, p))
            .collect()
    }

    /// Ten for each tag a page near `page` (at `here` in reading order) shares with it.
    fn weigh_shared_tags(
        &self,
        page: &Page,
        here: usize,
        weight: &mut HashMap<&'a str, (usize, &'a Page)>,
    ) {
        let mut slugs: Vec<String> = page
            .front
            .tags
            .iter()
            .map(|t| crate::slug::slugify(t))
            .collect();
        // A page tagged `Pricing` and `pricing` shares one tag, not two.
        slugs.sort();
        slugs.dedup();
        for slug in slugs {
            let Some(&i) = self.tag_of.get(&slug) else {
                continue;
            };
            let pages = &self.tags[i].pages;
            // The tag's pages are in reading order: look around this one.
            let at = pages.partition_point(|p| self.position[p.url_path.as_str()] < here);
            let window = &pages
                [at.saturating_sub(RELATED_WINDOW / 2)..(at + RELATED_WINDOW / 2).min(pages.len())];
            for other in window {
                let entry = weight.entry(other.url_path.as_str()).or_insert((0, other));
                entry.0 += 10;
            }
        }
    }

    /// One for each page of `page`'s section near it, the following ones first.
    fn weigh_same_section(&self, page: &Page, weight: &mut HashMap<&'a str, (usize, &'a Page)>) {
        let Some(&i) = self.section_of.get(page.url_path.as_str()) else {
            return;
        };
        let pages = &self.language.sections[i].pages;
        let listed: Vec<&Page> = pages.iter().filter(|p| p.listed()).collect();
        let at = self
            .index_of
            .get(page.url_path.as_str())
            .copied()
            .unwrap_or(0);
        let near = listed
            .iter()
            .skip(at + 1)
            .chain(listed.iter().take(at).rev())
            .take(RELATED_WINDOW);
        for other in near {
            weight
                .entry(other.url_path.as_str())
                .or_insert((0, other))
                .0 += 1;
        }
    }

    /// The language's most recently updated articles and checklists.
    pub(super) fn recent(&self, root: &str) -> Vec<PageSummary> {
        let mut dated: Vec<&Page> = self
            .order
            .iter()
            .copied()
            .filter(|p| is_entry(p) && p.front.date.is_some())
            .collect();
        dated.sort_by_key(|p| Reverse(p.front.updated.max(p.front.date)));
        dated
            .into_iter()
            .take(RECENT)
            .map(|p| self.summary(root, p))
            .collect()
    }
}
