//! Pages that list others: the home page's sections and the checklists it
//! offers, a section's pages, the tag index and one page per tag.

use super::{is_entry, kind_page, LanguageView};
use crate::content::{Language, Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::render::card::{Cards, Shown};
use crate::render::context::{Link, PageContext, PageSummary, SectionSummary, TagLink};
use crate::render::render_template;
use crate::render::theme::Theme;
use rustc_hash::FxHashMap;

/// How many of a section's pages the home page lists.
const HOME_SECTION_PAGES: usize = 6;

/// A tag and the listed pages that carry it, in reading order.
pub struct Tag<'a> {
    pub name: String,
    pub slug: String,
    pub pages: Vec<&'a Page>,
}

impl<'a> Tag<'a> {
    /// The tags of the articles and checklists in `order` (a language's
    /// listed pages in reading order), by slug, with the index of each slug.
    /// None when a section of the site is called `tags`: it keeps its
    /// address, and the tag pages give way (the renderer says so).
    pub(super) fn collect(
        language: &Language,
        order: &[&'a Page],
    ) -> (Vec<Tag<'a>>, FxHashMap<String, usize>) {
        let mut tag_of: FxHashMap<String, usize> = FxHashMap::default();
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
        let tags_path = format!("{}tags/", language.home.url_path);
        if language.pages().any(|p| p.url_path.starts_with(&tags_path)) {
            tags.clear();
        }
        let tag_of = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        (tags, tag_of)
    }
}

/// What a tag page lists.
enum Listing {
    /// One tag's pages.
    Tag(Vec<PageSummary>),
    /// The tag index: every tag.
    Index(Vec<TagLink>),
}

impl<'a> LanguageView<'a> {
    /// The home page's sections, each with its first pages.
    pub(super) fn home_sections(&self, root: &str) -> Vec<SectionSummary> {
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
                        .map(|p| self.summary(root, p))
                        .collect(),
                }
            })
            .collect()
    }

    /// The pages a page lists: a section's, or the home page's top-level ones.
    pub(super) fn listed_pages(
        &self,
        root: &str,
        page: &Page,
        section: Option<usize>,
    ) -> Vec<PageSummary> {
        let pages = match (page.kind, section) {
            (PageKind::Section, Some(i)) => &self.language.sections[i].pages,
            (PageKind::Home, _) => &self.language.loose,
            _ => return Vec::new(),
        };
        pages
            .iter()
            .filter(|p| p.listed())
            .map(|p| self.summary(root, p))
            .collect()
    }

    /// The checklists for prospects, in reading order: the home page offers them first.
    pub(super) fn offers(&self, root: &str) -> Vec<PageSummary> {
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

    /// Where the tag pages of this language go: `tags/`, `it/tags/`.
    pub fn tags_path(&self) -> String {
        format!("{}tags/", self.language.home.url_path)
    }

    /// The tag index, relative to a page at `root`; empty without tags.
    pub(super) fn tags_url(&self, root: &str) -> String {
        if self.tags.is_empty() {
            String::new()
        } else {
            format!("{root}{}index.html", self.tags_path())
        }
    }

    /// A page's tags, as links to their pages.
    pub(super) fn tag_links(&self, root: &str, page: &Page) -> Vec<TagLink> {
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
        let template = if index { "tags.html" } else { "tag.html" };
        let mut breadcrumbs = vec![self.link(&root, &self.language.home)];
        if !index {
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
            translations: self.generated_translations(site, &root, languages, |v| {
                if v.language.code == self.language.code {
                    Some(url_path.to_string())
                } else {
                    (index && !v.tags.is_empty()).then(|| v.tags_path())
                }
            }),
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
