//! Rendering: the site model and the theme in, finished files out.
//!
//! Pages render in parallel, each from a small context; the navigation of each
//! language is prepared once and shared. Rendering never touches the output
//! folder: it hands every finished file to a [`Sink`], which writes it to a
//! staging folder (`rapport build`) or drops it (`rapport check`).

pub mod context;
pub mod nav;
pub mod theme;

use crate::content::{Language, Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkTargets};
use context::{Link, PageContext, PageInfo, PageSummary, SectionSummary, SiteInfo};
use nav::{Navigation, Position};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use theme::{Strings, Theme};

/// Receives the finished files of a build.
pub trait Sink: Sync {
    /// Stores `bytes` at `path`, relative to the output root, with `/` separators.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// How many pages and other files a render produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub pages: usize,
    pub files: usize,
}

/// How many of a section's pages the home page lists.
const HOME_SECTION_PAGES: usize = 6;

/// Renders `site` with `theme` into `sink`, reporting every problem found.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> (Counts, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let static_files = list_static(&site.root.join("static"), &mut diagnostics);
    let targets = link_targets(site, &static_files);
    check_branding_files(site, &targets, &mut diagnostics);
    let languages: Vec<LanguageView> = site
        .languages
        .iter()
        .map(|language| LanguageView::new(site, language, theme))
        .collect();

    let jobs: Vec<(&LanguageView, &Page)> = languages
        .iter()
        .flat_map(|view| view.language.pages().map(move |page| (view, page)))
        .collect();
    let page_problems: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(|(view, page)| {
            let (html, mut problems) = view.render_page(site, theme, page, &targets);
            if let Some(html) = html {
                let path = format!("{}index.html", page.url_path);
                if let Err(e) = sink.write(&path, &html) {
                    problems.push(write_error(&path, &e));
                }
            }
            problems
        })
        .collect();
    diagnostics.extend(page_problems.into_iter().flatten());
    let mut counts = Counts {
        pages: jobs.len(),
        files: jobs.len(),
    };

    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    for view in &languages {
        match view.render_not_found(site, theme) {
            Ok(html) => extra.push((format!("{}404.html", view.language.home.url_path), html)),
            Err(d) => diagnostics.push(d),
        }
        if view.nav.is_big() {
            let prefix = &view.language.home.url_path;
            extra.push((
                format!("{prefix}navigation.js"),
                view.nav.data_script().into_bytes(),
            ));
        }
    }
    extra.extend(render_aliases(site, theme, &mut diagnostics));
    extra.extend(
        theme
            .static_files
            .iter()
            .map(|(name, bytes)| (format!("theme/{name}"), bytes.clone())),
    );
    if let Some(accent) = &site.config.accent {
        // A stylesheet rather than a style attribute, which a strict CSP forbids.
        extra.push((
            "theme/accent.css".into(),
            format!(":root {{ --accent: {}; }}\n", accent.0).into_bytes(),
        ));
    }
    let copies: Vec<(String, PathBuf)> = static_files
        .into_iter()
        .chain(
            site.assets
                .iter()
                .map(|a| (a.output.clone(), a.source.clone())),
        )
        .collect();
    let copy_problems: Vec<Diagnostic> = copies
        .par_iter()
        .filter_map(|(rel, source)| {
            let bytes = std::fs::read(source)
                .map_err(|e| Diagnostic::file_error(source, format!("cannot read: {e}")));
            bytes
                .and_then(|b| sink.write(rel, &b).map_err(|e| write_error(rel, &e)))
                .err()
        })
        .collect();
    diagnostics.extend(copy_problems);
    for (path, bytes) in &extra {
        if let Err(e) = sink.write(path, bytes) {
            diagnostics.push(write_error(path, &e));
        }
    }
    counts.files += extra.len() + copies.len();
    (counts, diagnostics)
}

fn write_error(path: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::file_error(
        Path::new(path),
        format!("cannot write this output file: {e}"),
    )
}

/// Files under `SITE/static/`, relative, with their paths on disk.
fn list_static(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel =
                    crate::content::rel_string(e.path().strip_prefix(dir).unwrap_or(e.path()));
                files.push((rel, e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::file_error(dir, format!("cannot read: {e}"))),
        }
    }
    files
}

/// `logo` and `extra_css` name files under `static/`: a typo would only show as
/// a broken image or a missing style.
fn check_branding_files(site: &Site, targets: &LinkTargets, diagnostics: &mut Diagnostics) {
    let config = &site.config;
    for (key, value) in [("logo", &config.logo), ("extra_css", &config.extra_css)] {
        let Some(path) = value else { continue };
        if !targets.root_paths.contains(path.trim_start_matches('/')) {
            let position = crate::config::SiteConfig::position_of(&site.root, key);
            diagnostics.push(
                Diagnostic::at(
                    &site.root.join("site.yaml"),
                    position,
                    format!("{key}: `{path}` is not a file in static/"),
                )
                .with_hint(
                    "give the file's path inside static/, e.g. `logo.svg` for static/logo.svg",
                ),
            );
        }
    }
}

fn link_targets(site: &Site, static_files: &[(String, PathBuf)]) -> LinkTargets {
    let content = site.content_dir();
    let assets = site
        .assets
        .iter()
        .filter_map(|a| {
            let rel = a.source.strip_prefix(&content).ok()?;
            Some((crate::content::rel_string(rel), a.output.clone()))
        })
        .collect();
    let root_paths = static_files
        .iter()
        .map(|(rel, _)| rel.clone())
        .chain(site.pages().map(|p| p.url_path.clone()))
        .chain(site.assets.iter().map(|a| a.output.clone()))
        .collect();
    LinkTargets {
        pages: site.sources.clone(),
        assets,
        root_paths,
        drafts: site.drafts.clone(),
    }
}

/// One language, prepared once for all its pages.
struct LanguageView<'a> {
    language: &'a Language,
    strings: Strings,
    nav: Navigation,
    /// Listed pages in reading order.
    order: Vec<&'a Page>,
    position: HashMap<&'a str, usize>,
    /// Which section each page belongs to.
    section_of: HashMap<&'a str, usize>,
}

impl<'a> LanguageView<'a> {
    fn new(site: &'a Site, language: &'a Language, theme: &Theme) -> Self {
        let strings = theme.strings(&language.code);
        let label = |key: &str, fallback: &str| {
            strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| fallback.to_string())
        };
        let nav = Navigation::new(
            language,
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
        let _ = site;
        LanguageView {
            language,
            strings,
            nav,
            order,
            position,
            section_of,
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
            author: &config.author,
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
            reading_minutes: page.reading_minutes(),
            date: page
                .front
                .date
                .map(|d| d.display(&page.lang))
                .unwrap_or_default(),
        }
    }

    /// Renders one page; `None` when a template failed.
    fn render_page(
        &self,
        site: &'a Site,
        theme: &Theme,
        page: &'a Page,
        targets: &LinkTargets,
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
        };
        let long_enough = rendered.toc.len() >= 3;
        let info = PageInfo {
            kind,
            title: &page.title,
            summary: front.summary.as_deref().unwrap_or(""),
            content: rendered.html,
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
            author: front.author.as_ref().map_or_else(
                || site.config.author.clone(),
                |a| a.resolve(&site.config.author),
            ),
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
            t: &self.strings,
        };
        let template = format!("{kind}.html");
        match render_template(theme, &template, &context) {
            Ok(html) => (Some(html), problems),
            Err(d) => {
                problems.push(d);
                (None, problems)
            }
        }
    }

    fn nav_script(&self, root: &str) -> String {
        if self.nav.is_big() {
            format!("{root}{}navigation.js", self.language.home.url_path)
        } else {
            String::new()
        }
    }

    fn render_not_found(&self, site: &'a Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
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
                author: site.config.author.clone(),
                ..PageInfo::default()
            },
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            nav_html: self.nav.html(&Position {
                url_path: "\0",
                section: None,
                root: &root,
            }),
            nav_script: self.nav_script(&root),
            sections: Vec::new(),
            pages: Vec::new(),
            // A "not found" page has no address of its own to declare.
            canonical: String::new(),
            t: &self.strings,
        };
        render_template(theme, "404.html", &context)
    }
}

/// The page's address: absolute with `base_url`, else relative to itself.
fn canonical(site: &Site, url_path: &str) -> String {
    match &site.config.base_url {
        Some(base) => format!("{}{url_path}", base.0),
        None => "index.html".to_string(),
    }
}

fn render_template(
    theme: &Theme,
    name: &str,
    context: &impl serde::Serialize,
) -> Result<Vec<u8>, Diagnostic> {
    let context = tera::Context::from_serialize(context)
        .map_err(|e| Diagnostic::file_error(Path::new(name), format!("template context: {e}")))?;
    // Rendered straight into bytes: the page goes to a file, so checking that
    // Tera's output is UTF-8 (it always is) would only cost time.
    let mut html = Vec::with_capacity(32 * 1024);
    theme
        .tera
        .render_to(name, &context, &mut html)
        .map(|()| html)
        .map_err(|e| {
            theme::template_error(&e, |n| {
                theme.template_path(if n.is_empty() { name } else { n })
            })
        })
}

/// Redirect pages for every page's `aliases`.
fn render_aliases(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let taken: HashSet<&str> = site.pages().map(|p| p.url_path.as_str()).collect();
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut out = Vec::new();
    for page in site.pages() {
        for (n, alias) in page.front.aliases.iter().enumerate() {
            let at = || page.position_of(&format!("aliases[{n}]"));
            let Some(dir) = alias_dir(alias) else {
                diagnostics.push(
                    Diagnostic::at(
                        &page.source,
                        at(),
                        format!("the alias `{alias}` is not a path inside the site"),
                    )
                    .with_hint("write it as the old path, e.g. `old-section/old-name/`"),
                );
                continue;
            };
            if taken.contains(dir.as_str()) {
                diagnostics.push(Diagnostic::at(
                    &page.source,
                    at(),
                    format!("the alias `{alias}` is the URL of an existing page"),
                ));
                continue;
            }
            if let Some(other) = seen.insert(dir.clone(), &page.source) {
                diagnostics.push(Diagnostic::at(
                    &page.source,
                    at(),
                    format!(
                        "the alias `{alias}` is also an alias of {}",
                        crate::diagnostics::display_path(other).display()
                    ),
                ));
                continue;
            }
            let root = "../".repeat(dir.matches('/').count());
            let mut context = tera::Context::new();
            context.insert("title", &page.title);
            context.insert("target", &format!("{root}{}index.html", page.url_path));
            context.insert("lang", &page.lang);
            context.insert("root", &root);
            // Without a base_url the page the alias points to is the canonical one.
            let canonical_url = match &site.config.base_url {
                Some(base) => format!("{}{}", base.0, page.url_path),
                None => format!("{root}{}index.html", page.url_path),
            };
            context.insert("canonical", &canonical_url);
            context.insert("theme_root", &format!("{root}theme/"));
            context.insert("t", &theme.strings(&page.lang));
            match theme.tera.render("alias.html", &context) {
                Ok(html) => out.push((format!("{dir}index.html"), html.into_bytes())),
                Err(e) => diagnostics.push(theme::template_error(&e, |_| {
                    theme.template_path("alias.html")
                })),
            }
        }
    }
    out
}

/// `/old/path`, `old/path/`, `old/path/index.html` → `old/path/`.
fn alias_dir(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let trimmed = trimmed
        .strip_suffix("index.html")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    let valid = !trimmed.is_empty()
        && trimmed
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !trimmed.contains(['\\', '?', '#', ':']);
    valid.then(|| format!("{trimmed}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_folders() {
        assert_eq!(alias_dir("/old/path").as_deref(), Some("old/path/"));
        assert_eq!(
            alias_dir("old/path/index.html").as_deref(),
            Some("old/path/")
        );
        assert_eq!(alias_dir("../etc"), None);
        assert_eq!(alias_dir("/"), None);
    }
}
