//! What rendering each page leaves for the site-wide work done once every
//! page has rendered: its headings and the links written to headings (a link
//! to `page.md#id` is checked then), an article's text for the print page,
//! and what it gives the search index. The dev server keeps the last build's
//! and replaces only the edited pages' parts.

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::AnchorLink;
use crate::search::Doc;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What the rendered pages leave, by each page's folder in the output.
#[derive(Debug, Default, Clone)]
pub struct Harvest {
    /// Heading ids and the links to them, checked once all are known.
    headings: Headings,
    /// Articles' rendered text, for the print page (shared: the dev server
    /// copies this table on every edit).
    pub contents: HashMap<String, Arc<str>>,
    /// What each page gives the search index (`None`: nothing, unlisted).
    pub search: HashMap<String, Option<Arc<Doc>>>,
}

/// Every page's heading ids and the links written to headings.
#[derive(Debug, Default, Clone)]
struct Headings {
    /// Each page's ids (each page's shared, so that the dev server's copy
    /// before an edit copies no id).
    ids: HashMap<String, Arc<HashSet<String>>>,
    /// The links to headings written on each page.
    links: HashMap<String, Arc<Vec<AnchorLink>>>,
    /// Checklist pages: what follows their `#` is answers, not an id.
    answers: HashSet<String>,
    /// The checklists each article shows: `#<checklist id>:…` is answers.
    embedded: HashMap<String, Vec<String>>,
}

impl Harvest {
    /// Records one rendered page's heading ids and links to headings.
    pub fn add(&mut self, page: &Page, ids: HashSet<String>, links: Vec<AnchorLink>) {
        let headings = &mut self.headings;
        if page.checklist.is_some() {
            headings.answers.insert(page.url_path.clone());
        }
        headings.ids.insert(page.url_path.clone(), Arc::new(ids));
        headings
            .links
            .insert(page.url_path.clone(), Arc::new(links));
    }

    /// The checklists a page shows in its text.
    pub fn add_embedded(&mut self, page: &Page, ids: Vec<String>) {
        if !ids.is_empty() {
            self.headings.embedded.insert(page.url_path.clone(), ids);
        }
    }

    /// More links to headings written on a page (in a checklist's fields).
    pub fn add_links(&mut self, page: &Page, links: Vec<AnchorLink>) {
        if !links.is_empty() {
            let mine = self
                .headings
                .links
                .entry(page.url_path.clone())
                .or_default();
            Arc::make_mut(mine).extend(links);
        }
    }

    /// Keeps an article's rendered text for the print page.
    pub fn keep_content(&mut self, page: &Page, html: &str) {
        self.contents.insert(page.url_path.clone(), html.into());
    }

    /// Keeps what a page gives the search index.
    pub fn keep_search(&mut self, page: &Page, doc: Option<Doc>) {
        self.search.insert(page.url_path.clone(), doc.map(Arc::new));
    }

    /// Takes in the pages of one render. Two pages with one URL are an error of
    /// their own: both pages' ids and links are kept, so that the link checks
    /// neither miss the links of one nor report valid links to the other.
    pub fn merge(&mut self, other: Harvest) {
        let (mine, theirs) = (&mut self.headings, other.headings);
        for (url, ids) in theirs.ids {
            join(&mut mine.ids, url, ids);
        }
        for (url, links) in theirs.links {
            join(&mut mine.links, url, links);
        }
        mine.answers.extend(theirs.answers);
        mine.embedded.extend(theirs.embedded);
        self.contents.extend(other.contents);
        self.search.extend(other.search);
    }

    /// Takes in pages rendered again, replacing what they had.
    pub fn update(&mut self, newer: Harvest) {
        let (mine, theirs) = (&mut self.headings, newer.headings);
        mine.ids.extend(theirs.ids);
        mine.links.extend(theirs.links);
        mine.answers.extend(theirs.answers);
        mine.embedded.extend(theirs.embedded);
        self.contents.extend(newer.contents);
        self.search.extend(newer.search);
    }

    /// A link to an id its page does not have is an error at the link.
    pub fn check(&self) -> Vec<Diagnostic> {
        self.headings.check()
    }
}

/// Puts `more` under `url`, beside what is there already.
fn join<T>(map: &mut HashMap<String, Arc<T>>, url: String, more: Arc<T>)
where
    T: Clone + Extend<<T as IntoIterator>::Item> + IntoIterator,
{
    match map.entry(url) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(more);
        }
        std::collections::hash_map::Entry::Occupied(mut slot) => {
            Arc::make_mut(slot.get_mut()).extend(Arc::unwrap_or_clone(more));
        }
    }
}

impl Headings {
    fn check(&self) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = Vec::new();
        for link in self.links.values().flat_map(|links| links.iter()) {
            if self.goes_to_answers(link)
                // The theme's own ids (`Main`, `Contents`) start with a capital.
                || link.id.starts_with(|c: char| c.is_ascii_uppercase())
            {
                continue;
            }
            let Some(ids) = self.ids.get(&link.target) else {
                continue;
            };
            if ids.contains(&link.id) {
                continue;
            }
            let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            let mut problem = Diagnostic::error(
                &link.source,
                link.line,
                link.column,
                format!(
                    "the link's `#{}` is not a heading of its page (`{}`)",
                    link.id, link.target
                ),
            );
            if let Some(near) = crate::diagnostics::did_you_mean(&link.id, &known) {
                problem = problem.with_hint(format!("did you mean `#{near}`?"));
            }
            problems.push(problem);
        }
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        problems
    }

    /// Whether the link's `#…` holds answers to a checklist, on its page or
    /// shown in an article, rather than a heading's id.
    fn goes_to_answers(&self, link: &AnchorLink) -> bool {
        let to_one_shown = self.embedded.get(&link.target).is_some_and(|shown| {
            link.id
                .split_once(':')
                .is_some_and(|(id, _)| shown.iter().any(|s| s == id))
        });
        to_one_shown || self.answers.contains(&link.target)
    }
}
