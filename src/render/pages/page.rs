//! A page written in `content/` (the home page, a section, an article, a
//! checklist): its Markdown rendered, its context put together from the
//! language's shared parts, its template rendered, and what it leaves for the
//! site-wide work (heading ids, links, print text, search).

use super::checklist::{send_origins, Fields};
use super::translations::translations;
use super::{page_kind, LanguageView};
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkTargets, Rendered};
use crate::render::card::Cards;
use crate::render::checklist::{self as checklist_view, ChecklistView, Recipient};
use crate::render::context::{Link, PageContext, PageInfo};
use crate::render::harvest::Harvest;
use crate::render::nav::Position;
use crate::render::theme::Theme;
use crate::render::{canonical, render_template};
use crate::search;

/// A table of contents shows from this many headings on.
const TOC_MIN: usize = 3;

impl<'a> LanguageView<'a> {
    /// Renders one page; `None` when a template failed.
    pub fn render_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        page: &'a Page,
        targets: &LinkTargets,
        languages: &[LanguageView],
        cards: &Cards,
    ) -> (Option<Vec<u8>>, Vec<Diagnostic>, Harvest) {
        let root = page.root_prefix();
        let content_rel = page
            .source
            .strip_prefix(site.content_dir())
            .map(crate::content::rel_string)
            .unwrap_or_default();
        let mut rendered = markdown::render(page, targets, &content_rel);
        let shown = crate::render::embed::expand(&mut rendered, page, site, theme, targets);
        let mut problems = std::mem::take(&mut rendered.diagnostics);
        let mut harvest = self.harvest(page, &mut rendered);
        let image = self.lead_image(page, targets, &root, &mut problems);
        let mut fields = Fields::new(page, targets, &content_rel);
        let toc = if rendered.toc.len() >= TOC_MIN {
            std::mem::take(&mut rendered.toc)
        } else {
            Vec::new()
        };
        let info = PageInfo {
            content: self.body(page, rendered, &mut fields, &mut harvest),
            toc,
            image,
            embeds_checklist: shown.any,
            ..self.page_info(site, page, &root)
        };
        let checklist = page.checklist.as_deref().map(|c| {
            checklist_view::view(c, &Recipient::of(&site.config), &mut |text, at| {
                fields.render(text, at)
            })
        });
        let mut context = self.context(site, page, &root, info, languages, checklist);
        context.send_origins = send_origins(page, site, shown.origins);
        // A live checklist changes the address on every answer, and each
        // change would fetch the icon again.
        if page.checklist.is_some() || context.page.embeds_checklist {
            if let Some(icon) = &self.inline_icon {
                context.site.icon.clone_from(icon);
            }
        }
        problems.extend(fields.problems);
        harvest.add_links(page, fields.links);
        let section = self.section_of.get(page.url_path.as_str()).copied();
        match self.page_preview(site, theme, cards, page, section) {
            Ok(preview) => context.set_preview(preview),
            Err(d) => problems.push(d),
        }
        let template = format!("{}.html", page_kind(page));
        match render_template(theme, &template, &context) {
            Ok(html) => (Some(html), problems, harvest),
            Err(d) => {
                problems.push(d);
                (None, problems, harvest)
            }
        }
    }

    /// What the page leaves for the site-wide work: its heading ids and
    /// links to headings, the checklists it shows, its search text.
    fn harvest(&self, page: &Page, rendered: &mut Rendered) -> Harvest {
        let mut harvest = Harvest::default();
        harvest.add(
            page,
            std::mem::take(&mut rendered.ids),
            std::mem::take(&mut rendered.anchors),
        );
        harvest.add_embedded(page, rendered.embeds.iter().map(|e| e.id.clone()).collect());
        let parts = std::mem::take(&mut rendered.parts);
        harvest.keep_search(page, self.search_doc(page, parts));
        harvest
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

    /// The page's `image`, relative to the page; a path that is not a file
    /// of static/ is a problem at its line.
    fn lead_image(
        &self,
        page: &Page,
        targets: &LinkTargets,
        root: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> String {
        match page.front.image.as_deref() {
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
        }
    }

    /// The page's main text: an article's body (kept for the print page too),
    /// or a checklist's intro, which stands where an article's body would.
    fn body(
        &self,
        page: &Page,
        rendered: Rendered,
        fields: &mut Fields,
        harvest: &mut Harvest,
    ) -> String {
        match &page.checklist {
            Some(c) => c
                .intro
                .as_deref()
                .map(|text| fields.render(text, "intro"))
                .unwrap_or_default(),
            None => {
                if page.kind == PageKind::Article && self.printable() {
                    harvest.keep_content(page, &self.for_print(page, &rendered.html));
                }
                rendered.html
            }
        }
    }

    /// The page as its template sees it, but for its text, table of contents,
    /// image and checklist, which the caller fills in.
    fn page_info<'b>(&self, site: &Site, page: &'b Page, root: &str) -> PageInfo<'b> {
        let front = &page.front;
        PageInfo {
            kind: page_kind(page),
            title: &page.title,
            summary: front.summary.as_deref().unwrap_or(""),
            url: "index.html".to_string(),
            date: self.date_of(page, front.date),
            updated: self.date_of(page, front.updated),
            date_iso: front.date.map(|d| d.to_string()).unwrap_or_default(),
            updated_iso: front.updated.map(|d| d.to_string()).unwrap_or_default(),
            reading_minutes: if page.kind == PageKind::Article {
                page.reading_minutes()
            } else {
                0
            },
            word_count: page.word_count,
            tags: &front.tags,
            tag_links: self.tag_links(root, page),
            author: {
                let site_author = site.config.author_in(&page.lang);
                match &front.author {
                    Some(author) => author.resolve(&site_author),
                    None => site_author,
                }
            },
            image_alt: front.image_alt.as_deref().unwrap_or(""),
            image_credit: front
                .image_credit
                .as_deref()
                .map(markdown::render_inline)
                .unwrap_or_default(),
            noindex: front.unlisted,
            extra: Some(&front.extra),
            ..PageInfo::default()
        }
    }

    /// The whole context of `page`, whose own part is `info`.
    fn context<'b>(
        &'b self,
        site: &'a Site,
        page: &'a Page,
        root: &'b str,
        info: PageInfo<'b>,
        languages: &[LanguageView],
        checklist: Option<ChecklistView<'b>>,
    ) -> PageContext<'b> {
        let section = self.section_of.get(page.url_path.as_str()).copied();
        let (prev, next) = self.prev_next(root, page);
        let home = page.kind == PageKind::Home;
        PageContext {
            lang: &page.lang,
            root,
            theme_root: format!("{root}theme/"),
            site: self.site_info(site, root),
            page: info,
            breadcrumbs: self.breadcrumbs(root, page, section),
            prev,
            next,
            nav_html: self.nav.html(&Position {
                url_path: &page.url_path,
                section,
                index: self.index_of.get(page.url_path.as_str()).copied(),
                root,
            }),
            nav_script: self.nav_script(root),
            sections: if home {
                self.home_sections(root)
            } else {
                Vec::new()
            },
            pages: self.listed_pages(root, page, section),
            canonical: canonical(site, &page.url_path),
            translations: translations(site, page, root, languages),
            feed: self.feed(site, root),
            search_index: self.search_index(root),
            og_image: String::new(),
            og_image_width: 0,
            og_image_height: 0,
            og_image_alt: String::new(),
            related: self.related(root, page),
            recent: if home { self.recent(root) } else { Vec::new() },
            offers: if home { self.offers(root) } else { Vec::new() },
            all_tags: Vec::new(),
            tags_url: self.tags_url(root),
            print_url: self.print_url(root),
            print: Vec::new(),
            send_origins: String::new(),
            t: &self.strings,
            dates: self.date_words(&page.lang),
            checklist,
        }
    }

    /// Home, then the page's section, above every page but the home page.
    fn breadcrumbs(&self, root: &str, page: &Page, section: Option<usize>) -> Vec<Link> {
        let mut breadcrumbs = Vec::new();
        if page.kind != PageKind::Home {
            breadcrumbs.push(self.link(root, &self.language.home));
        }
        if let (PageKind::Article, Some(i)) = (page.kind, section) {
            breadcrumbs.push(self.link(root, &self.language.sections[i].index));
        }
        breadcrumbs
    }

    /// The pages before and after a listed page in reading order.
    fn prev_next(&self, root: &str, page: &Page) -> (Option<Link>, Option<Link>) {
        match self.position.get(page.url_path.as_str()) {
            Some(&i) if page.listed() => (
                i.checked_sub(1).map(|j| self.link(root, self.order[j])),
                self.order.get(i + 1).map(|p| self.link(root, p)),
            ),
            _ => (None, None),
        }
    }
}
