//! One page's context, prepared per language: breadcrumbs, reading order,
//! listings and the sidebar, then rendered with the page's template.

use super::context::{
    Link, PageContext, PageInfo, PageSummary, SectionSummary, SiteInfo, TranslationLink,
};
use super::nav::{Fallback, Navigation, Position};
use super::theme::{Strings, Theme};
use super::{canonical, render_template};
use crate::content::{Language, Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkTargets};
use std::collections::HashMap;

/// How many of a section's pages the home page lists.
const HOME_SECTION_PAGES: usize = 6;

/// One language, prepared once for all its pages.
pub struct LanguageView<'a> {
    pub language: &'a Language,
    /// The language's name in itself, for the language switcher.
    name: String,
    strings: Strings,
    /// The language's pages by key, to find a page's translations.
    by_key: HashMap<&'a str, &'a Page>,
    pub nav: Navigation,
    /// Listed pages in reading order.
    order: Vec<&'a Page>,
    position: HashMap<&'a str, usize>,
    /// Which section each page belongs to.
    section_of: HashMap<&'a str, usize>,
    /// Each listed article's index among the listed pages of its section (or
    /// among the top-level articles), for the sidebar's window.
    index_of: HashMap<&'a str, usize>,
}

impl<'a> LanguageView<'a> {
    /// Prepares `language`; `original` is the site's default language when
    /// `language` is another one.
    pub fn new(language: &'a Language, original: Option<&'a Language>, theme: &Theme) -> Self {
        let strings = theme.strings(&language.code);
        let by_key: HashMap<&str, &Page> = language.pages().map(|p| (p.key.as_str(), p)).collect();
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
        let section_of = language
            .sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                std::iter::once(&s.index)
                    .chain(&s.pages)
                    .map(move |p| (p.url_path.as_str(), i))
            })
            .collect();
        let listed_indexes = |pages: &'a [Page]| {
            pages
                .iter()
                .filter(|p| p.listed())
                .enumerate()
                .map(|(i, p)| (p.url_path.as_str(), i))
        };
        let index_of = language
            .sections
            .iter()
            .flat_map(|s| listed_indexes(&s.pages))
            .chain(listed_indexes(&language.loose))
            .collect();
        LanguageView {
            language,
            name: theme.language_name(&language.code),
            strings,
            by_key,
            nav,
            order,
            position,
            section_of,
            index_of,
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
            accent: config.accent.as_ref().map_or("", |c| c.0.as_str()),
            extra_css: local(&config.extra_css),
            home_url: format!("{root}{}index.html", self.language.home.url_path),
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
            date: page
                .front
                .date
                .map(|d| d.display(&page.lang))
                .unwrap_or_default(),
        }
    }

    /// Renders one page; `None` when a template failed.
    pub fn render_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        page: &'a Page,
        targets: &LinkTargets,
        languages: &[LanguageView],
    ) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
        let root = page.root_prefix();
        let content_rel = page
            .source
            .strip_prefix(site.content_dir())
            .map(crate::content::rel_string)
            .unwrap_or_default();
        let rendered = markdown::render(page, targets, &content_rel);
        let mut problems = rendered.diagnostics;
        let front = &page.front;
        let image = match front.image.as_deref() {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                url.to_string()
            }
            Some(path) => {
                let path = path.trim_start_matches('/');
                if !targets.root_paths.contains(path) {
                    problems.push(
                        Diagnostic::at(
                            &page.source,
                            page.position_of("image"),
                            format!("`image: {path}` is not a file in static/"),
                        )
                        .with_hint("put the image under static/ and give its path from there"),
                    );
                }
                format!("{root}{path}")
            }
            None => String::new(),
        };
        let kind = match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Article => "article",
            PageKind::Checklist => "checklist",
        };
        let long_enough = rendered.toc.len() >= 3;
        // Markdown in a checklist's YAML fields, with its links checked like an
        // article's and its problems placed at the field.
        let field_problems = std::cell::RefCell::new(Vec::new());
        let mut positions: Option<crate::yaml::Positions> = None;
        let mut field = |text: &str, at: &str| -> String {
            let (html, messages) = markdown::render_field(text, page, targets, &content_rel);
            for message in messages {
                let positions =
                    positions.get_or_insert_with(|| crate::yaml::Positions::of(&page.text, 1));
                let (line, column) = positions.get(at).unwrap_or((1, 1));
                field_problems.borrow_mut().push(Diagnostic::error(
                    &page.source,
                    line,
                    column,
                    message,
                ));
            }
            html
        };
        let info = PageInfo {
            kind,
            title: &page.title,
            summary: front.summary.as_deref().unwrap_or(""),
            // A checklist's intro stands where an article's body would.
            content: match &page.checklist {
                Some(c) => c
                    .intro
                    .as_deref()
                    .map(|text| field(text, "intro"))
                    .unwrap_or_default(),
                None => rendered.html,
            },
            url: "index.html".to_string(),
            date: front
                .date
                .map(|d| d.display(&page.lang))
                .unwrap_or_default(),
            updated: front
                .updated
                .map(|d| d.display(&page.lang))
                .unwrap_or_default(),
            date_iso: front.date.map(|d| d.to_string()).unwrap_or_default(),
            updated_iso: front.updated.map(|d| d.to_string()).unwrap_or_default(),
            reading_minutes: if page.kind == PageKind::Article {
                page.reading_minutes()
            } else {
                0
            },
            word_count: page.word_count,
            toc: if long_enough {
                rendered.toc
            } else {
                Vec::new()
            },
            tags: &front.tags,
            author: {
                let site_author = site.config.author_in(&page.lang);
                match &front.author {
                    Some(author) => author.resolve(&site_author),
                    None => site_author,
                }
            },
            image,
            image_alt: front.image_alt.as_deref().unwrap_or(""),
            image_credit: front
                .image_credit
                .as_deref()
                .map(markdown::render_inline)
                .unwrap_or_default(),
            noindex: front.unlisted,
            extra: Some(&front.extra),
        };

        let section = self.section_of.get(page.url_path.as_str()).copied();
        let mut breadcrumbs = Vec::new();
        if page.kind != PageKind::Home {
            breadcrumbs.push(self.link(&root, &self.language.home));
        }
        if let (PageKind::Article, Some(i)) = (page.kind, section) {
            breadcrumbs.push(self.link(&root, &self.language.sections[i].index));
        }
        let (prev, next) = match self.position.get(page.url_path.as_str()) {
            Some(&i) if page.listed() => (
                i.checked_sub(1).map(|j| self.link(&root, self.order[j])),
                self.order.get(i + 1).map(|p| self.link(&root, p)),
            ),
            _ => (None, None),
        };
        let sections = if page.kind == PageKind::Home {
            self.language
                .sections
                .iter()
                .filter(|s| s.index.listed())
                .map(|s| {
                    let listed: Vec<&Page> = s.pages.iter().filter(|p| p.listed()).collect();
                    SectionSummary {
                        title: s.index.title.clone(),
                        url: format!("{root}{}index.html", s.index.url_path),
                        summary: s.index.front.summary.clone().unwrap_or_default(),
                        count: listed.len(),
                        pages: listed
                            .iter()
                            .take(HOME_SECTION_PAGES)
                            .map(|p| self.summary(&root, p))
                            .collect(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let pages = match (page.kind, section) {
            (PageKind::Section, Some(i)) => self.language.sections[i]
                .pages
                .iter()
                .filter(|p| p.listed())
                .map(|p| self.summary(&root, p))
                .collect(),
            (PageKind::Home, _) => self
                .language
                .loose
                .iter()
                .filter(|p| p.listed())
                .map(|p| self.summary(&root, p))
                .collect(),
            _ => Vec::new(),
        };
        let nav_html = self.nav.html(&Position {
            url_path: &page.url_path,
            section,
            index: self.index_of.get(page.url_path.as_str()).copied(),
            root: &root,
        });
        let context = PageContext {
            lang: &page.lang,
            root: &root,
            theme_root: format!("{root}theme/"),
            site: self.site_info(site, &root),
            page: info,
            breadcrumbs,
            prev,
            next,
            nav_html,
            nav_script: self.nav_script(&root),
            sections,
            pages,
            canonical: canonical(site, &page.url_path),
            translations: translations(site, page, &root, languages),
            feed: self.feed(site, &root),
            t: &self.strings,
            checklist: page
                .checklist
                .as_deref()
                .map(|c| super::checklist::view(c, &site.config.author.email, &mut field)),
        };
        problems.extend(field_problems.into_inner());
        let template = format!("{kind}.html");
        match render_template(theme, &template, &context) {
            Ok(html) => (Some(html), problems),
            Err(d) => {
                problems.push(d);
                (None, problems)
            }
        }
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

    fn nav_script(&self, root: &str) -> String {
        if self.nav.is_big() {
            format!("{root}{}navigation.js", self.language.home.url_path)
        } else {
            String::new()
        }
    }

    pub fn render_not_found(&self, site: &'a Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
        let prefix = &self.language.home.url_path;
        // Servers show 404.html at any missing address, however deep: with a
        // base_url its links can be absolute and work from everywhere.
        let root = match &site.config.base_url {
            Some(base) => base.0.clone(),
            None => "../".repeat(prefix.matches('/').count()),
        };
        let title = self
            .strings
            .get("not_found_title")
            .cloned()
            .unwrap_or_else(|| "Page not found".into());
        let context = PageContext {
            lang: &self.language.code,
            root: &root,
            theme_root: format!("{root}theme/"),
            site: self.site_info(site, &root),
            page: PageInfo {
                kind: "404",
                title: &title,
                url: "404.html".to_string(),
                noindex: true,
                author: site.config.author_in(&self.language.code),
                ..PageInfo::default()
            },
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            nav_html: self.nav.html(&Position {
                url_path: "\0",
                section: None,
                index: None,
                root: &root,
            }),
            nav_script: self.nav_script(&root),
            sections: Vec::new(),
            pages: Vec::new(),
            // A "not found" page has no address of its own to declare.
            canonical: String::new(),
            translations: Vec::new(),
            feed: self.feed(site, &root),
            t: &self.strings,
            checklist: None,
        };
        render_template(theme, "404.html", &context)
    }
}

/// The page in every language of the site, for the language switcher and the
/// `hreflang` alternates: the translation where there is one, else that
/// language's home page (marked `missing`). Empty for a one-language site.
fn translations(
    site: &Site,
    page: &Page,
    root: &str,
    languages: &[LanguageView],
) -> Vec<TranslationLink> {
    if languages.len() < 2 {
        return Vec::new();
    }
    languages
        .iter()
        .map(|view| {
            let found = view.by_key.get(page.key.as_str()).copied();
            let target = found.unwrap_or(&view.language.home);
            TranslationLink {
                lang: view.language.code.clone(),
                name: view.name.clone(),
                url: format!("{root}{}index.html", target.url_path),
                alternate: match &site.config.base_url {
                    Some(base) => format!("{}{}", base.0, target.url_path),
                    None => format!("{root}{}index.html", target.url_path),
                },
                current: view.language.code == page.lang,
                missing: found.is_none(),
            }
        })
        .collect()
}
