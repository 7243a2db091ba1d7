//! The sidebar: every section and article of a language, with the current page marked.
//!
//! Inlining every link in every page makes the output grow with the square of
//! the site (mdBook took minutes for 10,000 chapters), so the sidebar has two sizes:
//!
//! - a handbook of up to [`INLINE_ALL`] entries gets its whole navigation in
//!   every page, readable without JavaScript; each section's list is rendered
//!   once per folder depth and reused, only the current section is rendered per page;
//! - a bigger one inlines a bounded part: the home page, the sections around the
//!   current one, and the current section's articles (in a long section, a
//!   window around the current article plus a link to the section's page, which
//!   lists them all). Without JavaScript that is enough to move around (the home
//!   page lists every section, each section page its articles); with it, the
//!   theme's `nav.js` rebuilds the whole tree from one shared `navigation.js`.
//!
//! Either way a page's navigation has a bounded size and costs bounded time,
//! however many sections and articles the handbook has.

use crate::content::Language;
use crate::content::Page;
use pulldown_cmark_escape::escape_html;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Up to this many entries, every page carries the whole navigation.
pub const INLINE_ALL: usize = 250;
/// In a big handbook, a current section up to this size is inlined whole.
const INLINE_SECTION: usize = 20;
/// Otherwise, this many neighbours on each side of the current article.
const WINDOW: usize = 3;
/// In a big handbook, this many sections on each side of the current one.
const SECTION_WINDOW: usize = 2;

struct Entry {
    title: String,
    url_path: String,
    /// A page of another language standing in for a missing translation:
    /// its language code and the label that says so (`(English)`).
    other: Option<(String, String)>,
}

/// What a language's navigation shows of pages it has no translation of.
pub struct Fallback<'a> {
    /// The default language, whose pages stand in.
    pub original: &'a Language,
    /// The keys of the pages this language has.
    pub translated: HashSet<&'a str>,
    /// Said after a stand-in's title: `(English)`.
    pub label: String,
}

struct NavSection {
    link: Entry,
    pages: Vec<Entry>,
    /// An unlisted section's page is reachable by its link only.
    listed: bool,
    /// `All 500 articles`, for a windowed list.
    more: String,
}

/// The prepared navigation of one language.
pub struct Navigation {
    home: Entry,
    loose: Vec<Entry>,
    sections: Vec<NavSection>,
    big: bool,
    /// Each section's `<li>`, not current, per folder depth of the page showing it.
    blocks: HashMap<(usize, usize), String>,
}

/// Where a page is, for the sidebar.
pub struct Position<'a> {
    pub url_path: &'a str,
    /// Index of the section the page is in (or is the page of).
    pub section: Option<usize>,
    /// Index of the page among the listed pages of its section (or among the
    /// top-level articles), so that no page searches for itself.
    pub index: Option<usize>,
    /// `../` per folder level, back to the site root.
    pub root: &'a str,
}

impl Navigation {
    /// Prepares the navigation of `language`; `home_label` names the home
    /// page. With a `fallback`, the default language's pages that have no
    /// translation follow this language's own, marked, in each section (and
    /// sections with none of this language's pages come last).
    pub fn new(
        language: &Language,
        fallback: Option<&Fallback>,
        home_label: &str,
        more_label: &str,
    ) -> Navigation {
        let entry = |p: &Page| Entry {
            title: p.title.clone(),
            url_path: p.url_path.clone(),
            other: None,
        };
        let stand_in = |p: &Page| {
            let fallback = fallback.filter(|f| !f.translated.contains(p.key.as_str()))?;
            Some(Entry {
                other: Some((p.lang.clone(), fallback.label.clone())),
                ..entry(p)
            })
        };
        let stand_ins = |pages: &[Page]| -> Vec<Entry> {
            pages
                .iter()
                .filter(|p| p.listed())
                .filter_map(stand_in)
                .collect()
        };
        let original = fallback.map(|f| f.original);
        let original_section =
            |folder: &str| original.and_then(|o| o.sections.iter().find(|s| s.folder == folder));
        let nav_section = |link: Entry, pages: Vec<Entry>, listed: bool| NavSection {
            link,
            more: more_label.replace("{count}", &pages.len().to_string()),
            pages,
            listed,
        };
        let mut sections: Vec<NavSection> = language
            .sections
            .iter()
            .map(|s| {
                let mut pages: Vec<Entry> =
                    s.pages.iter().filter(|p| p.listed()).map(entry).collect();
                if let Some(o) = original_section(&s.folder) {
                    pages.extend(stand_ins(&o.pages));
                }
                nav_section(entry(&s.index), pages, s.index.listed())
            })
            .collect();
        for o in original.map_or(&[][..], |o| &o.sections[..]) {
            if o.index.listed() && !language.sections.iter().any(|s| s.folder == o.folder) {
                if let Some(link) = stand_in(&o.index) {
                    sections.push(nav_section(link, stand_ins(&o.pages), true));
                }
            }
        }
        let mut loose: Vec<Entry> = language
            .loose
            .iter()
            .filter(|p| p.listed())
            .map(entry)
            .collect();
        loose.extend(original.map(|o| stand_ins(&o.loose)).unwrap_or_default());
        let size = loose.len() + sections.iter().map(|s| 1 + s.pages.len()).sum::<usize>();
        let mut nav = Navigation {
            home: Entry {
                title: home_label.to_string(),
                url_path: language.home.url_path.clone(),
                other: None,
            },
            loose,
            sections,
            big: size > INLINE_ALL,
            blocks: HashMap::new(),
        };
        if !nav.big {
            let base_depth = language.home.url_path.matches('/').count();
            for depth in base_depth..=base_depth + 2 {
                let root = "../".repeat(depth);
                for i in 0..nav.sections.len() {
                    let mut html = String::new();
                    nav.section_html(
                        &mut html,
                        i,
                        &Position {
                            url_path: "",
                            section: None,
                            index: None,
                            root: &root,
                        },
                    );
                    nav.blocks.insert((i, depth), html);
                }
            }
        }
        nav
    }

    /// Whether the other sections' articles come from the shared script.
    pub fn is_big(&self) -> bool {
        self.big
    }

    /// The sidebar's `<ol>` for a page.
    pub fn html(&self, at: &Position) -> String {
        let mut html = String::with_capacity(4096);
        html.push_str(if self.big {
            "<ol class=\"nav-list\" data-nav-partial>"
        } else {
            "<ol class=\"nav-list\">"
        });
        html.push_str("<li class=\"nav-page nav-home\">");
        link(&mut html, &self.home, at);
        html.push_str("</li>");
        // Top-level articles: all of them, or in a big handbook a window around
        // the current one (none when the page is elsewhere).
        let loose_here = if at.section.is_none() { at.index } else { None };
        for entry in self.shown(&self.loose, loose_here) {
            html.push_str("<li class=\"nav-page\">");
            link(&mut html, entry, at);
            html.push_str("</li>");
        }
        if self.big {
            // A bounded set: the sections around the current one, so that the
            // page stays small however many sections the handbook has.
            let here = at.section.unwrap_or(0);
            let start = here.saturating_sub(SECTION_WINDOW);
            let end = (here + SECTION_WINDOW + 1).min(self.sections.len());
            for i in start..end {
                self.section_html(&mut html, i, at);
            }
        } else {
            // Prepared blocks have relative links; a page with an absolute root
            // (a 404 page under a base_url) renders its own.
            let relative = at.root.len() == at.root.matches("../").count() * 3;
            let depth = if relative {
                at.root.len() / 3
            } else {
                usize::MAX
            };
            for i in 0..self.sections.len() {
                match self.blocks.get(&(i, depth)) {
                    Some(block) if at.section != Some(i) => html.push_str(block),
                    _ => self.section_html(&mut html, i, at),
                }
            }
        }
        html.push_str("</ol>");
        html
    }

    /// The entries of a list that a page inlines: all of them in a small
    /// handbook or a short list; else a window around `here`, or none.
    fn shown<'e>(&self, entries: &'e [Entry], here: Option<usize>) -> &'e [Entry] {
        if !self.big || entries.len() <= INLINE_SECTION {
            return entries;
        }
        match here {
            Some(i) => &entries[i.saturating_sub(WINDOW)..(i + WINDOW + 1).min(entries.len())],
            None => &[],
        }
    }

    fn section_html(&self, html: &mut String, i: usize, at: &Position) {
        let section = &self.sections[i];
        if !section.listed {
            return;
        }
        let current = at.section == Some(i);
        let class = if current {
            "nav-section is-current"
        } else {
            "nav-section"
        };
        let _ = write!(html, "<li class=\"{class}\">");
        link(html, &section.link, at);
        let shown = match (self.big, current) {
            (true, false) => &[][..],
            _ => self.shown(&section.pages, at.index.filter(|_| current)),
        };
        let shown = if current && self.big && shown.is_empty() {
            // The section's own page: the first articles.
            &section.pages[..section.pages.len().min(2 * WINDOW + 1)]
        } else {
            shown
        };
        if !shown.is_empty() {
            html.push_str("<ol class=\"nav-pages\">");
            for page in shown {
                html.push_str("<li>");
                link(html, page, at);
                html.push_str("</li>");
            }
            if shown.len() < section.pages.len() {
                html.push_str("<li class=\"nav-more\">");
                let more = Entry {
                    title: section.more.clone(),
                    url_path: section.link.url_path.clone(),
                    other: None,
                };
                // The section's own link already carries aria-current on its page.
                link(
                    html,
                    &more,
                    &Position {
                        url_path: "",
                        ..*at
                    },
                );
                html.push_str("</li>");
            }
            html.push_str("</ol>");
        }
        html.push_str("</li>");
    }

    /// `navigation.js` for a big handbook: the whole tree, paths from the site's
    /// root, for the theme's `nav.js` to rebuild the sidebar with.
    pub fn data_script(&self) -> String {
        fn entry(e: &Entry) -> serde_json::Value {
            let url = format!("{}index.html", e.url_path);
            match &e.other {
                Some((lang, label)) => serde_json::json!([e.title, url, lang, label]),
                None => serde_json::json!([e.title, url]),
            }
        }
        let sections: Vec<serde_json::Value> = self
            .sections
            .iter()
            .filter(|s| s.listed)
            .map(|s| {
                let pages: Vec<_> = s.pages.iter().map(entry).collect();
                let url = format!("{}index.html", s.link.url_path);
                let mut section =
                    serde_json::json!({ "title": s.link.title, "url": url, "pages": pages });
                if let Some((lang, label)) = &s.link.other {
                    section["lang"] = lang.as_str().into();
                    section["label"] = label.as_str().into();
                }
                section
            })
            .collect();
        let loose: Vec<_> = self.loose.iter().map(entry).collect();
        let data =
            serde_json::json!({ "home": entry(&self.home), "loose": loose, "sections": sections });
        format!("window.rapportNav = {data};\n")
    }
}

/// Appends `<a href="…index.html">title</a>`, marked when it is the current page.
fn link(html: &mut String, entry: &Entry, at: &Position) {
    html.push_str("<a href=\"");
    let _ = escape_html(&mut *html, at.root);
    let _ = escape_html(&mut *html, &entry.url_path);
    html.push_str("index.html\"");
    if entry.url_path == at.url_path {
        html.push_str(" aria-current=\"page\"");
    }
    if let Some((lang, _)) = &entry.other {
        html.push_str(" lang=\"");
        let _ = escape_html(&mut *html, lang);
        html.push('"');
    }
    html.push('>');
    let _ = escape_html(&mut *html, &entry.title);
    if let Some((_, label)) = &entry.other {
        html.push_str(" <span class=\"nav-lang\">");
        let _ = escape_html(&mut *html, label);
        html.push_str("</span>");
    }
    html.push_str("</a>");
}
