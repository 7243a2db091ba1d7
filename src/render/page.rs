//! One page's context, prepared per language: breadcrumbs, reading order,
//! listings and the sidebar, then rendered with the page's template.

use super::card::{self, Cards, Shown};
use super::context::{
    Link, PageContext, PageInfo, PageSummary, PrintPage, PrintPart, SectionSummary, SiteInfo,
    TagLink, TranslationLink,
};
use super::nav::{Fallback, Navigation, Position};
use super::theme::{Strings, Theme};
use super::{canonical, render_template};
use crate::content::date::DateWords;
use crate::content::{Language, Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkTargets};
use crate::search;
use std::collections::HashMap;

/// How many of a section's pages the home page lists.
const HOME_SECTION_PAGES: usize = 6;

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
    /// Every tag of the language's listed pages, by name.
    pub tags: Vec<Tag<'a>>,
    tag_of: HashMap<String, usize>,
    /// The site's icon as a `data:` URL, for pages with a live checklist.
    pub inline_icon: Option<String>,
}

/// What a tag page lists.
enum Listing {
    /// One tag's pages.
    Tag(Vec<PageSummary>),
    /// The tag index: every tag.
    Index(Vec<TagLink>),
}

/// A tag and the listed pages that carry it, in reading order.
pub struct Tag<'a> {
    pub name: String,
    pub slug: String,
    pub pages: Vec<&'a Page>,
}

/// Beyond this many pages in a language, no page holds all its articles for
/// printing: over a thousand sheets of paper, and megabytes to open.
pub const PRINT_LIMIT: usize = 500;

/// How many related pages an article lists.
const RELATED: usize = 3;
/// How many pages of one tag, around the page, are weighed as related: keeps
/// the work per page bounded however many pages share a tag.
const RELATED_WINDOW: usize = 24;
/// How many pages the home page lists as recently updated.
const RECENT: usize = 5;

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
        let mut tag_of: HashMap<String, usize> = HashMap::new();
        let mut tags: Vec<Tag> = Vec::new();
        for page in order.iter().filter(|p| is_entry(p)) {
            for name in &page.front.tags {
                let slug = crate::slug::slugify(name);
                if slug.is_empty() {
                    continue;
                }
                let i = *tag_of.entry(slug.clone()).or_insert_with(|| {
                    tags.push(Tag {
                        name: name.clone(),
                        slug,
                        pages: Vec::new(),
                    });
                    tags.len() - 1
                });
                if tags[i].pages.last().map(|p| &p.url_path) != Some(&page.url_path) {
                    tags[i].pages.push(*page);
                }
            }
        }
        tags.sort_by(|a, b| a.slug.cmp(&b.slug));
        // A section of the site called `tags` keeps its address; the tag
        // pages give way (Renderer::new says so).
        let tags_path = format!("{}tags/", language.home.url_path);
        if language.pages().any(|p| p.url_path.starts_with(&tags_path)) {
            tags.clear();
        }
        let tag_of = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
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
            date: page
                .front
                .date
                .map(|d| d.display(self.date_words(&page.lang)))
                .unwrap_or_default(),
            updated: page
                .front
                .updated
                .map(|d| d.display(self.date_words(&page.lang)))
                .unwrap_or_default(),
        }
    }

    /// What the search index keeps of a page: nothing for an unlisted one.
    fn search_doc(&self, page: &Page, parts: Vec<search::Part>) -> Option<search::Doc> {
        if !page.listed() {
            return None;
        }
        let parts = match &page.checklist {
            Some(checklist) => vec![search::Part::of_checklist(checklist)],
            None => parts,
        };
        let group = match (page.kind, self.section_of.get(page.url_path.as_str())) {
            (PageKind::Article | PageKind::Checklist, Some(&i)) => {
                self.language.sections[i].index.title.clone()
            }
            _ => String::new(),
        };
        Some(search::Doc {
            language_root: self.language.home.url_path.clone(),
            order: self
                .position
                .get(page.url_path.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            url_path: page.url_path.clone(),
            title: page.title.clone(),
            group,
            parts,
        })
    }

    /// Renders one page; `None` when a template failed.
    pub fn render_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        page: &'a Page,
        targets: &LinkTargets,
        languages: &[LanguageView],
        cards: &Cards,
    ) -> (Option<Vec<u8>>, Vec<Diagnostic>, super::Anchors) {
        let root = page.root_prefix();
        let content_rel = page
            .source
            .strip_prefix(site.content_dir())
            .map(crate::content::rel_string)
            .unwrap_or_default();
        let mut rendered = markdown::render(page, targets, &content_rel);
        let shown = super::embed::expand(&mut rendered, page, site, theme, targets);
        let mut send_origins = shown.origins;
        if let Some(origin) = page
            .checklist
            .as_deref()
            .and_then(|c| c.destination(&site.config.author.email).origin())
        {
            send_origins.push(origin.to_string());
        }
        let mut problems = rendered.diagnostics;
        let mut anchors = super::Anchors::default();
        anchors.add(page, rendered.ids, rendered.anchors);
        anchors.add_embedded(page, rendered.embeds.iter().map(|e| e.id.clone()).collect());
        anchors.keep_search(page, self.search_doc(page, rendered.parts));
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
        let kind = page_kind(page);
        let long_enough = rendered.toc.len() >= 3;
        // Markdown in a checklist's YAML fields, with its links checked like an
        // article's and its problems placed at the field.
        let field_problems = std::cell::RefCell::new(Vec::new());
        let field_anchors = std::cell::RefCell::new(Vec::new());
        let mut positions: Option<crate::yaml::Positions> = None;
        let mut field = |text: &str, at: &str| -> String {
            let (html, messages, links) = markdown::render_field(text, page, targets, &content_rel);
            if messages.is_empty() && links.is_empty() {
                return html;
            }
            let positions =
                positions.get_or_insert_with(|| crate::yaml::Positions::of(&page.text, 1));
            let (line, column) = positions.get(at).unwrap_or((1, 1));
            for message in messages {
                field_problems.borrow_mut().push(Diagnostic::error(
                    &page.source,
                    line,
                    column,
                    message,
                ));
            }
            for (target, id) in links {
                field_anchors.borrow_mut().push(markdown::AnchorLink {
                    source: page.source.clone(),
                    line,
                    column,
                    target,
                    id,
                });
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
                None => {
                    if page.kind == PageKind::Article && self.printable() {
                        anchors.keep_content(page, &self.for_print(page, &rendered.html));
                    }
                    rendered.html
                }
            },
            url: "index.html".to_string(),
            date: front
                .date
                .map(|d| d.display(self.date_words(&page.lang)))
                .unwrap_or_default(),
            updated: front
                .updated
                .map(|d| d.display(self.date_words(&page.lang)))
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
            tag_links: self.tag_links(&root, page),
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
            embeds_checklist: shown.any,
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
                        count_label: self.count_label(&listed),
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
        let mut context = PageContext {
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
            search_index: self.search_index(&root),
            og_image: String::new(),
            og_image_width: 0,
            og_image_height: 0,
            og_image_alt: String::new(),
            related: self.related(&root, page),
            recent: if page.kind == PageKind::Home {
                self.recent(&root)
            } else {
                Vec::new()
            },
            offers: if page.kind == PageKind::Home {
                self.offers(&root)
            } else {
                Vec::new()
            },
            all_tags: Vec::new(),
            tags_url: self.tags_url(&root),
            print_url: self.print_url(&root),
            print: Vec::new(),
            send_origins: send_origins.join(" "),
            t: &self.strings,
            dates: self.date_words(&page.lang),
            checklist: page.checklist.as_deref().map(|c| {
                super::checklist::view(
                    c,
                    &super::checklist::Recipient::of(&site.config),
                    &mut field,
                )
            }),
        };
        // A live checklist changes the address on every answer, and each
        // change would fetch the icon again.
        if page.checklist.is_some() || context.page.embeds_checklist {
            if let Some(icon) = &self.inline_icon {
                context.site.icon.clone_from(icon);
            }
        }
        problems.extend(field_problems.into_inner());
        anchors.add_links(page, field_anchors.into_inner());
        match self.page_preview(site, theme, cards, page, section) {
            Ok(preview) => context.set_preview(preview),
            Err(d) => problems.push(d),
        }
        let template = format!("{kind}.html");
        match render_template(theme, &template, &context) {
            Ok(html) => (Some(html), problems, anchors),
            Err(d) => {
                problems.push(d);
                (None, problems, anchors)
            }
        }
    }

    /// Whether the language gets a page with every article, for printing:
    /// not too many, and its address not taken by a page of the site.
    pub fn printable(&self) -> bool {
        self.order.len() <= PRINT_LIMIT
            && self.order.iter().any(|p| p.kind == PageKind::Article)
            && !self.taken(&self.print_path())
    }

    /// Whether a page of the language lives at or under `path`.
    pub fn taken(&self, path: &str) -> bool {
        self.language.pages().any(|p| p.url_path.starts_with(path))
    }

    /// The id of a page's place on the print page. Numbered by reading order,
    /// so that no two pages' ids can meet, whatever their slugs.
    fn print_anchor(&self, page: &Page) -> String {
        format!(
            "p{}",
            self.position
                .get(page.url_path.as_str())
                .copied()
                .unwrap_or(0)
        )
    }

    /// An article's text as the print page holds it: written for the
    /// article's own folder, its links must start from `print/` instead, its
    /// ids become unique on the print page, and its headings go one level
    /// below its title (two in a section). Done when the article renders, so
    /// that the dev server redoes it for an edited article only.
    fn for_print(&self, page: &Page, html: &str) -> String {
        let anchor = self.print_anchor(page);
        let page_root = page.root_prefix();
        let root = "../".repeat(self.print_path().matches('/').count());
        let mut html = html
            .replace(&format!("=\"{page_root}"), &format!("=\"{root}"))
            .replace(" id=\"", &format!(" id=\"{anchor}-"))
            // An embedded checklist's labels name the ids above.
            .replace(
                " aria-labelledby=\"",
                &format!(" aria-labelledby=\"{anchor}-"),
            )
            .replace(" for=\"", &format!(" for=\"{anchor}-"))
            .replace("href=\"#", &format!("href=\"#{anchor}-"));
        let in_section = self.section_of.contains_key(page.url_path.as_str());
        let shift = if in_section { 2 } else { 1 };
        for level in (2..=5u8).rev() {
            let to = (level + shift).min(6);
            html = html
                .replace(&format!("<h{level}"), &format!("<h{to}"))
                .replace(&format!("</h{level}>"), &format!("</h{to}>"));
        }
        html
    }

    /// Where the page with every article goes: `print/`, `it/print/`.
    pub fn print_path(&self) -> String {
        format!("{}print/", self.language.home.url_path)
    }

    /// The print page, relative to a page at `root` (empty when there is none).
    fn print_url(&self, root: &str) -> String {
        if self.printable() {
            format!("{root}{}index.html", self.print_path())
        } else {
            String::new()
        }
    }

    /// The page with every article of the language in reading order, after a
    /// table of contents, from the articles' rendered text (`contents`).
    pub fn render_print_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        contents: &HashMap<String, std::sync::Arc<str>>,
        languages: &[LanguageView],
        cards: &Cards,
    ) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
        if !self.printable() {
            return None;
        }
        let url_path = self.print_path();
        let root = "../".repeat(url_path.matches('/').count());
        let mut parts: Vec<PrintPart> = Vec::new();
        for page in self.order.iter().filter(|p| p.kind != PageKind::Home) {
            let anchor = self.print_anchor(page);
            if page.kind == PageKind::Section {
                parts.push(PrintPart {
                    title: page.title.clone(),
                    anchor,
                    level: 3,
                    pages: Vec::new(),
                });
                continue;
            }
            if page.kind != PageKind::Article {
                continue;
            }
            let Some(html) = contents.get(&page.url_path) else {
                continue;
            };
            let in_section = self.section_of.contains_key(page.url_path.as_str());
            let entry = PrintPage {
                title: page.title.clone(),
                anchor,
                date: page
                    .front
                    .updated
                    .or(page.front.date)
                    .map(|d| d.display(self.date_words(&page.lang)))
                    .unwrap_or_default(),
                content: html.to_string(),
            };
            match parts.last_mut() {
                Some(part) if in_section => part.pages.push(entry),
                _ => parts.push(PrintPart {
                    title: String::new(),
                    anchor: String::new(),
                    level: 2,
                    pages: vec![entry],
                }),
            }
        }
        parts.retain(|part| !part.pages.is_empty());
        let title = self.word("print_title", "The whole handbook");
        let mut context = PageContext {
            breadcrumbs: vec![self.link(&root, &self.language.home)],
            translations: generated_translations(
                site,
                &self.language.code,
                &root,
                languages,
                |v| v.printable().then(|| v.print_path()),
            ),
            print_url: String::new(),
            print: parts,
            send_origins: String::new(),
            ..self.generated_context(
                site,
                &root,
                &url_path,
                kind_page("print", &title, site, self, true),
            )
        };
        let shown = self.shown("print", &title, "");
        let html = self
            .generated_preview(site, theme, cards, &url_path, &shown)
            .map(|preview| context.set_preview(preview))
            .and_then(|()| render_template(theme, "print.html", &context));
        Some((format!("{url_path}index.html"), html))
    }

    /// Where the tag pages of this language go: `tags/`, `it/tags/`.
    pub fn tags_path(&self) -> String {
        format!("{}tags/", self.language.home.url_path)
    }

    /// A page's tags, as links to their pages.
    fn tag_links(&self, root: &str, page: &Page) -> Vec<TagLink> {
        let mut seen = Vec::new();
        page.front
            .tags
            .iter()
            .filter_map(|name| {
                let slug = crate::slug::slugify(name);
                let tag = &self.tags[*self.tag_of.get(&slug)?];
                (!seen.contains(&slug)).then(|| {
                    seen.push(slug);
                    self.tag_link(root, tag)
                })
            })
            .collect()
    }

    fn tag_link(&self, root: &str, tag: &Tag) -> TagLink {
        TagLink {
            name: tag.name.clone(),
            url: format!("{root}{}{}/index.html", self.tags_path(), tag.slug),
            count: tag.pages.len(),
        }
    }

    /// Up to three pages to read next: those sharing the most tags, then the
    /// same section's, nearest in reading order first.
    fn related(&self, root: &str, page: &'a Page) -> Vec<Link> {
        if !is_entry(page) || !page.listed() {
            return Vec::new();
        }
        let Some(&here) = self.position.get(page.url_path.as_str()) else {
            return Vec::new();
        };
        let section = self.section_of.get(page.url_path.as_str());
        let mut weight: HashMap<&str, (usize, &Page)> = HashMap::new();
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
        if let Some(&i) = section {
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
        weight.remove(page.url_path.as_str());
        // Most shared tags first, then nearest in reading order, then the
        // earlier one: a total order, so that every build lists the same.
        let mut ranked: Vec<(std::cmp::Reverse<usize>, usize, usize, &Page)> = weight
            .into_values()
            .filter(|(_, p)| is_entry(p))
            .map(|(w, p)| {
                let at = self.position[p.url_path.as_str()];
                (std::cmp::Reverse(w), at.abs_diff(here), at, p)
            })
            .collect();
        ranked.sort_by_key(|&(w, distance, at, _)| (w, distance, at));
        ranked
            .into_iter()
            .take(RELATED)
            .map(|(_, _, _, p)| self.link(root, p))
            .collect()
    }

    /// The language's most recently updated articles and checklists.
    /// The checklists for prospects, in reading order: the home page offers them first.
    fn offers(&self, root: &str) -> Vec<PageSummary> {
        self.order
            .iter()
            .filter(|p| {
                p.listed()
                    && p.checklist
                        .as_deref()
                        .is_some_and(|c| c.audience == crate::checklist::Audience::Prospect)
            })
            .map(|p| self.summary(root, p))
            .collect()
    }

    /// "3 articles", "2 checklists" or "3 articles · 1 checklist": what a section holds.
    fn count_label(&self, pages: &[&Page]) -> String {
        let checklists = pages.iter().filter(|p| p.checklist.is_some()).count();
        let articles = pages.len() - checklists;
        let articles_text = match articles {
            1 => format!("1 {}", self.word("article_one", "article")),
            n => format!("{n} {}", self.word("articles", "articles")),
        };
        let checklists_text = match checklists {
            1 => format!("1 {}", self.word("checklist_one", "checklist")),
            n => format!("{n} {}", self.word("checklists", "checklists")),
        };
        match (articles, checklists) {
            (_, 0) => articles_text,
            (0, _) => checklists_text,
            _ => format!("{articles_text} · {checklists_text}"),
        }
    }

    fn recent(&self, root: &str) -> Vec<PageSummary> {
        let mut dated: Vec<&Page> = self
            .order
            .iter()
            .copied()
            .filter(|p| is_entry(p) && p.front.date.is_some())
            .collect();
        dated.sort_by_key(|p| std::cmp::Reverse(p.front.updated.max(p.front.date)));
        dated
            .into_iter()
            .take(RECENT)
            .map(|p| self.summary(root, p))
            .collect()
    }

    /// The tag index, relative to a page at `root`; empty without tags.
    fn tags_url(&self, root: &str) -> String {
        if self.tags.is_empty() {
            String::new()
        } else {
            format!("{root}{}index.html", self.tags_path())
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

    pub fn render_not_found(&self, site: &'a Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
        let prefix = &self.language.home.url_path;
        // Servers show 404.html at any missing address, however deep: with a
        // base_url its links can be absolute and work from everywhere.
        let root = match &site.config.base_url {
            Some(base) => base.0.clone(),
            None => "../".repeat(prefix.matches('/').count()),
        };
        let title = self.word("not_found_title", "Page not found");
        let context = PageContext {
            page: PageInfo {
                url: "404.html".to_string(),
                ..kind_page("404", &title, site, self, true)
            },
            // A "not found" page has no address of its own to declare.
            canonical: String::new(),
            ..self.generated_context(site, &root, "\0", PageInfo::default())
        };
        render_template(theme, "404.html", &context)
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

    /// The picture of a page's link preview; `section`: the page's section.
    fn page_preview(
        &self,
        site: &Site,
        theme: &Theme,
        cards: &Cards,
        page: &Page,
        section: Option<usize>,
    ) -> Result<card::Preview, Diagnostic> {
        let section = section.map(|i| &self.language.sections[i]);
        let pages = match (page.kind, section) {
            (PageKind::Section, Some(s)) => s.pages.iter().filter(|p| p.listed()).count(),
            _ => 0,
        };
        let shown = Shown {
            kind: page_kind(page),
            title: &page.title,
            summary: page.front.summary.as_deref().unwrap_or(""),
            section: match (page.kind, section) {
                (PageKind::Article | PageKind::Checklist, Some(s)) => &s.index.title,
                _ => "",
            },
            label: card::label(page, &self.strings, pages),
        };
        let image = page
            .front
            .image
            .as_deref()
            .map(|image| (image, page.front.image_alt.as_deref().unwrap_or("")));
        let at = (
            page.lang.as_str(),
            page.url_path.as_str(),
            page.root_prefix(),
        );
        cards.preview(site, theme, (at.0, at.1, &at.2), image, &shown)
    }

    /// What the card of a page rapport makes (tags, print) shows.
    fn shown<'b>(&self, kind: &'static str, title: &'b str, summary: &'b str) -> Shown<'b> {
        Shown {
            kind,
            title,
            summary,
            section: "",
            label: String::new(),
        }
    }

    /// The card of a page rapport makes at `url_path`.
    fn generated_preview(
        &self,
        site: &Site,
        theme: &Theme,
        cards: &Cards,
        url_path: &str,
        shown: &Shown,
    ) -> Result<card::Preview, Diagnostic> {
        let root = "../".repeat(url_path.matches('/').count());
        cards.preview(
            site,
            theme,
            (&self.language.code, url_path, &root),
            None,
            shown,
        )
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

    /// The tag index (`tags/index.html`) and one page per tag
    /// (`tags/<slug>/index.html`), none when no page has a tag.
    pub fn render_tag_pages(
        &self,
        site: &'a Site,
        theme: &Theme,
        cards: &Cards,
        languages: &[LanguageView],
    ) -> Vec<(String, Result<Vec<u8>, Diagnostic>)> {
        if self.tags.is_empty() {
            return Vec::new();
        }
        let index_title = self.word("tags_title", "Tags");
        let mut out = Vec::with_capacity(self.tags.len() + 1);
        let index = self.tags_path();
        let root = "../".repeat(index.matches('/').count());
        let all = self.tags.iter().map(|t| self.tag_link(&root, t)).collect();
        let listing = Listing::Index(all);
        let html = self.render_listing(
            site,
            theme,
            cards,
            (&index, &index_title),
            listing,
            languages,
        );
        out.push((format!("{index}index.html"), html));
        for tag in &self.tags {
            let path = format!("{index}{}/", tag.slug);
            let root = "../".repeat(path.matches('/').count());
            let pages = tag.pages.iter().map(|p| self.summary(&root, p)).collect();
            let listing = Listing::Tag(pages);
            let html =
                self.render_listing(site, theme, cards, (&path, &tag.name), listing, languages);
            out.push((format!("{path}index.html"), html));
        }
        out
    }

    /// A page that lists, at `(url_path, title)`: the tag index or one tag.
    fn render_listing(
        &self,
        site: &'a Site,
        theme: &Theme,
        cards: &Cards,
        (url_path, title): (&str, &str),
        listing: Listing,
        languages: &[LanguageView],
    ) -> Result<Vec<u8>, Diagnostic> {
        let (pages, all_tags) = match listing {
            Listing::Tag(pages) => (pages, Vec::new()),
            Listing::Index(tags) => (Vec::new(), tags),
        };
        // The tag index has its counterpart in every language with tags; a
        // tag's page has none (tags are words), its switcher leads home.
        let index = !all_tags.is_empty();
        let root = "../".repeat(url_path.matches('/').count());
        let template = if all_tags.is_empty() {
            "tag.html"
        } else {
            "tags.html"
        };
        let mut breadcrumbs = vec![self.link(&root, &self.language.home)];
        if all_tags.is_empty() {
            breadcrumbs.push(Link {
                title: self.word("tags_title", "Tags"),
                url: self.tags_url(&root),
            });
        }
        let kind = if index { "tags" } else { "tag" };
        let label = match pages.len() {
            _ if index => String::new(),
            1 => self.word("card_page", "1 page"),
            n => self
                .word("card_pages", "{count} pages")
                .replace("{count}", &n.to_string()),
        };
        let shown = Shown {
            label,
            ..self.shown(kind, title, "")
        };
        let preview = self.generated_preview(site, theme, cards, url_path, &shown)?;
        let mut context = PageContext {
            breadcrumbs,
            pages,
            translations: generated_translations(
                site,
                &self.language.code,
                &root,
                languages,
                |v| {
                    if v.language.code == self.language.code {
                        Some(url_path.to_string())
                    } else {
                        (index && !v.tags.is_empty()).then(|| v.tags_path())
                    }
                },
            ),
            all_tags,
            ..self.generated_context(
                site,
                &root,
                url_path,
                kind_page(kind, title, site, self, false),
            )
        };
        context.set_preview(preview);
        render_template(theme, template, &context)
    }
}

/// A page rapport makes in every language (the print page, the tag index):
/// `path` gives each language's address of it, `None` where it has none.
fn generated_translations(
    site: &Site,
    lang: &str,
    root: &str,
    languages: &[LanguageView],
    path: impl Fn(&LanguageView) -> Option<String>,
) -> Vec<TranslationLink> {
    translation_links(site, lang, root, languages, |view| {
        path(view).map(|p| (p, true))
    })
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
    translation_links(site, &page.lang, root, languages, |view| {
        let found = view.by_key.get(page.key.as_str())?;
        Some((found.url_path.clone(), found.listed()))
    })
}

/// The switcher's links: `find` gives each language's folder of the page and
/// whether search engines hear of it (an unlisted translation is no alternate).
fn translation_links(
    site: &Site,
    lang: &str,
    root: &str,
    languages: &[LanguageView],
    find: impl Fn(&LanguageView) -> Option<(String, bool)>,
) -> Vec<TranslationLink> {
    if languages.len() < 2 {
        return Vec::new();
    }
    languages
        .iter()
        .map(|view| {
            let found = find(view);
            let target = found
                .as_ref()
                .map_or(&view.language.home.url_path, |(path, _)| path);
            TranslationLink {
                lang: view.language.code.clone(),
                name: view.name.clone(),
                url: format!("{root}{target}index.html"),
                alternate: match (&site.config.base_url, &found) {
                    (_, None | Some((_, false))) => String::new(),
                    (Some(base), Some(_)) => format!("{}{target}", base.0),
                    (None, Some(_)) => format!("{root}{target}index.html"),
                },
                current: view.language.code == lang,
                missing: found.is_none(),
            }
        })
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
