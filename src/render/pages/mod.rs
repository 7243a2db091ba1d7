//! The pages of one language, prepared once for all of them: its words and
//! dates, the sidebar, the reading order, the tags, its pages by translation
//! key. Each kind of page renders from it in its own file: pages written in
//! `content/` ([`page`], with a checklist's own parts in [`checklist`]), the
//! lists on them ([`listing`], [`related`]), the print page, the tag pages and
//! the 404 page, their link previews and language switchers.
//!
//! May use the site model, the theme, the navigation, the cards and the
//! Markdown pass; writes nothing itself (the renderer hands pages to a sink).

mod checklist;
mod listing;
mod not_found;
mod page;
mod preview;
mod print;
mod related;
mod translations;

pub use listing::Tag;

use super::context::{Link, PageContext, PageInfo, PageSummary, SiteInfo};
use super::nav::{Fallback, Navigation, Position};
use super::theme::{Strings, Theme};
use super::{canonical, card};
use crate::content::date::DateWords;
use crate::content::{Language, Page, PageKind, Site};
use rustc_hash::FxHashMap;

/// One language, prepared once for all its pages.
pub struct LanguageView<'a> {
    pub language: &'a Language,
    /// The language's name in itself, for the language switcher.
    name: String,
    strings: Strings,
    /// How this language writes dates.
    dates: DateWords,
    /// How the original language writes them, for its pages that stand in
    /// untranslated here.
    original_dates: Option<(String, DateWords)>,
    /// The language's pages by key, to find a page's translations.
    by_key: FxHashMap<&'a str, &'a Page>,
    pub nav: Navigation,
    /// Listed pages in reading order.
    order: Vec<&'a Page>,
    position: FxHashMap<&'a str, usize>,
    /// Which section each page belongs to.
    section_of: FxHashMap<&'a str, usize>,
    /// Each listed article's index among the listed pages of its section (or
    /// among the top-level articles), for the sidebar's window.
    index_of: FxHashMap<&'a str, usize>,
    /// Every tag of the language's listed pages, by name.
    pub tags: Vec<Tag<'a>>,
    tag_of: FxHashMap<String, usize>,
    /// The site's icon as a `data:` URL, for pages with a live checklist.
    pub inline_icon: Option<String>,
}

impl<'a> LanguageView<'a> {
    /// Prepares `language`; `original` is the site's default language when
    /// `language` is another one.
    pub fn new(language: &'a Language, original: Option<&'a Language>, theme: &Theme) -> Self {
        let strings = theme.strings(&language.code);
        let by_key: FxHashMap<&str, &Page> =
            language.pages().map(|p| (p.key.as_str(), p)).collect();
        let fallback = original.map(|original| Fallback {
            original,
            translated: by_key.keys().copied().collect(),
            label: format!("({})", theme.language_name(&original.code)),
        });
        let label = |key: &str, fallback: &str| {
            strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| fallback.to_string())
        };
        let nav = Navigation::new(
            language,
            fallback.as_ref(),
            &label("home", "Home"),
            &label("nav_more", "All {count} articles"),
        );
        let order: Vec<&Page> = language.pages().filter(|p| p.listed()).collect();
        let position = order
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url_path.as_str(), i))
            .collect();
        let (tags, tag_of) = Tag::collect(language, &order);
        LanguageView {
            tags,
            tag_of,
            inline_icon: None,
            language,
            name: theme.language_name(&language.code),
            strings,
            dates: theme.date_words(&language.code),
            original_dates: original.map(|l| (l.code.clone(), theme.date_words(&l.code))),
            by_key,
            nav,
            order,
            position,
            section_of: sections_of(language),
            index_of: indexes_in_section(language),
        }
    }

    fn site_info(&self, site: &'a Site, root: &str) -> SiteInfo<'a> {
        let config = &site.config;
        let local = |path: &Option<String>| {
            path.as_deref()
                .map(|p| format!("{root}{}", p.trim_start_matches('/')))
                .unwrap_or_default()
        };
        SiteInfo {
            title: config.title_in(&self.language.code),
            description: config.description_in(&self.language.code),
            author: config.author_in(&self.language.code),
            logo: local(&config.logo),
            icon: match &config.logo {
                Some(_) => local(&config.logo),
                None => format!("{root}theme/favicon.svg"),
            },
            accent: config.accent.as_ref().map_or("", |c| c.0.as_str()),
            extra_css: local(&config.extra_css),
            home_url: format!("{root}{}index.html", self.language.home.url_path),
            touch_icon: touch_icon(site, root),
        }
    }

    fn link(&self, root: &str, page: &Page) -> Link {
        Link {
            title: page.title.clone(),
            url: format!("{root}{}index.html", page.url_path),
        }
    }

    fn summary(&self, root: &str, page: &Page) -> PageSummary {
        PageSummary {
            title: page.title.clone(),
            url: format!("{root}{}index.html", page.url_path),
            summary: page.front.summary.clone().unwrap_or_default(),
            reading_minutes: match &page.checklist {
                Some(_) => 0,
                None => page.reading_minutes(),
            },
            questions: page.checklist.as_ref().map_or(0, |c| c.questions().count()),
            minutes: page
                .checklist
                .as_ref()
                .map_or(0, |c| super::checklist::minutes(c.questions().count())),
            date: self.date_of(page, page.front.date),
            updated: self.date_of(page, page.front.updated),
        }
    }

    /// A date of `page`, written as its language writes dates; empty for none.
    fn date_of(&self, page: &Page, date: Option<crate::content::date::Date>) -> String {
        date.map(|d| d.display(self.date_words(&page.lang)))
            .unwrap_or_default()
    }

    fn feed(&self, site: &Site, root: &str) -> String {
        match site.config.base_url {
            Some(_) => format!(
                "{root}{}{}",
                self.language.home.url_path,
                super::feeds::FEED
            ),
            None => String::new(),
        }
    }

    fn search_index(&self, root: &str) -> String {
        format!("{root}{}search-index.js", self.language.home.url_path)
    }

    fn nav_script(&self, root: &str) -> String {
        if self.nav.is_big() {
            format!("{root}{}navigation.js", self.language.home.url_path)
        } else {
            String::new()
        }
    }

    /// The context of a page rapport makes itself (404, tags, print) at
    /// `url_path`: the language's sidebar, site and links, nothing else.
    fn generated_context<'b>(
        &'b self,
        site: &'a Site,
        root: &'b str,
        url_path: &str,
        page: PageInfo<'b>,
    ) -> PageContext<'b> {
        PageContext {
            lang: &self.language.code,
            root,
            theme_root: format!("{root}theme/"),
            site: self.site_info(site, root),
            page,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            nav_html: self.nav.html(&Position {
                url_path,
                section: None,
                index: None,
                root,
            }),
            nav_script: self.nav_script(root),
            sections: Vec::new(),
            pages: Vec::new(),
            canonical: canonical(site, url_path),
            translations: Vec::new(),
            feed: self.feed(site, root),
            search_index: self.search_index(root),
            og_image: String::new(),
            og_image_width: 0,
            og_image_height: 0,
            og_image_alt: String::new(),
            related: Vec::new(),
            recent: Vec::new(),
            offers: Vec::new(),
            all_tags: Vec::new(),
            tags_url: self.tags_url(root),
            print_url: self.print_url(root),
            print: Vec::new(),
            send_origins: String::new(),
            t: &self.strings,
            dates: &self.dates,
            checklist: None,
        }
    }

    /// How dates of a page in `lang` are written.
    fn date_words(&self, lang: &str) -> &DateWords {
        match &self.original_dates {
            Some((code, words)) if code == lang => words,
            _ => &self.dates,
        }
    }

    /// An interface string of the language, or `fallback`.
    fn word(&self, key: &str, fallback: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// Which section each page of `language` belongs to (its index page too).
fn sections_of(language: &Language) -> FxHashMap<&str, usize> {
    language
        .sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            std::iter::once(&s.index)
                .chain(&s.pages)
                .map(move |p| (p.url_path.as_str(), i))
        })
        .collect()
}

/// Each listed article's index among the listed pages of its section, or
/// among the top-level articles.
fn indexes_in_section(language: &Language) -> FxHashMap<&str, usize> {
    fn listed_indexes(pages: &[Page]) -> impl Iterator<Item = (&str, usize)> {
        pages
            .iter()
            .filter(|p| p.listed())
            .enumerate()
            .map(|(i, p)| (p.url_path.as_str(), i))
    }
    language
        .sections
        .iter()
        .flat_map(|s| listed_indexes(&s.pages))
        .chain(listed_indexes(&language.loose))
        .collect()
}

/// A page's kind as templates name it.
fn page_kind(page: &Page) -> &'static str {
    match page.kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Article => "article",
        PageKind::Checklist => "checklist",
    }
}

/// Articles and checklists: what tags, related links and feeds are about.
fn is_entry(page: &Page) -> bool {
    matches!(page.kind, PageKind::Article | PageKind::Checklist)
}

/// The PNG icon for phones: the site's own `static/apple-touch-icon.png`,
/// else the one rapport draws from the logo.
fn touch_icon(site: &Site, root: &str) -> String {
    let own = site
        .root
        .join("static")
        .join(card::OWN_TOUCH_ICON)
        .is_file();
    let icon = if own {
        card::OWN_TOUCH_ICON
    } else {
        card::ICONS[0].0
    };
    format!("{root}{icon}")
}

/// The `page` of a page rapport makes itself: its kind and title.
fn kind_page<'b>(
    kind: &'static str,
    title: &'b str,
    site: &Site,
    view: &LanguageView,
    noindex: bool,
) -> PageInfo<'b> {
    PageInfo {
        kind,
        title,
        url: "index.html".to_string(),
        author: site.config.author_in(&view.language.code),
        noindex,
        ..PageInfo::default()
    }
}
