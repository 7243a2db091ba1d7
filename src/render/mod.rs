//! Rendering: the site model and the theme in, finished files out.
//!
//! Pages render in parallel, each from a small context; the navigation of each
//! language is prepared once and shared. Rendering never touches the output
//! folder: it hands every finished file to a [`Sink`], which writes it to a
//! staging folder (`rapport build`) or drops it (`rapport check`).

mod alias;
pub mod card;
pub mod checklist;
pub mod context;
mod embed;
pub mod feeds;
pub mod nav;
mod page;
pub mod theme;

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{AnchorLink, LinkTargets};
use crate::yaml::clip;
use alias::render_aliases;
use page::LanguageView;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use theme::Theme;

/// Receives the finished files of a build.
pub trait Sink: Sync {
    /// Stores `bytes` at `path`, relative to the output root, with `/` separators.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Whether pictures (cards, icons) are drawn for this sink: not for one
    /// that keeps nothing.
    fn keeps_pictures(&self) -> bool {
        true
    }

    /// Takes the file at `path` from the previous output, when it has one:
    /// cards are named by what they show, so theirs are still right.
    fn reuse(&self, _path: &str) -> bool {
        false
    }
}

/// What rendering each page leaves for the site-wide work done once every
/// page has rendered: its heading ids and the links written to headings (a
/// link to `page.md#id` is checked then), the checklists it shows, an
/// article's text for the print page and what it gives the search index.
#[derive(Debug, Default, Clone)]
pub struct Anchors {
    /// Each page's ids, by its folder in the output.
    ids: HashMap<String, HashSet<String>>,
    /// The links to headings written on each page, by its folder.
    links: HashMap<String, Vec<AnchorLink>>,
    /// Checklist pages: what follows their `#` is answers, not an id.
    answers: HashSet<String>,
    /// The checklists each article shows: `#<checklist id>:…` is answers.
    embedded: HashMap<String, Vec<String>>,
    /// Articles' rendered text, for the print page (shared: the dev server
    /// copies this table on every edit).
    contents: HashMap<String, std::sync::Arc<str>>,
    /// What each page gives the search index (`None`: nothing, unlisted).
    pub search: HashMap<String, Option<std::sync::Arc<crate::search::Doc>>>,
}

impl Anchors {
    /// Records one rendered page.
    pub fn add(&mut self, page: &Page, ids: HashSet<String>, links: Vec<AnchorLink>) {
        if page.checklist.is_some() {
            self.answers.insert(page.url_path.clone());
        }
        self.ids.insert(page.url_path.clone(), ids);
        self.links.insert(page.url_path.clone(), links);
    }

    /// The checklists a page shows in its text.
    pub fn add_embedded(&mut self, page: &Page, ids: Vec<String>) {
        if !ids.is_empty() {
            self.embedded.insert(page.url_path.clone(), ids);
        }
    }

    /// More links to headings written on a page (in a checklist's fields).
    pub fn add_links(&mut self, page: &Page, links: Vec<AnchorLink>) {
        if !links.is_empty() {
            self.links
                .entry(page.url_path.clone())
                .or_default()
                .extend(links);
        }
    }

    /// Keeps an article's rendered text for the print page.
    pub fn keep_content(&mut self, page: &Page, html: &str) {
        self.contents.insert(page.url_path.clone(), html.into());
    }

    /// Keeps what a page gives the search index.
    pub fn keep_search(&mut self, page: &Page, doc: Option<crate::search::Doc>) {
        self.search
            .insert(page.url_path.clone(), doc.map(std::sync::Arc::new));
    }

    /// Takes in the pages of one render. Two pages with one URL are an error of
    /// their own: both pages' ids and links are kept, so that the link checks
    /// neither miss the links of one nor report valid links to the other.
    fn merge(&mut self, other: Anchors) {
        for (url, ids) in other.ids {
            self.ids.entry(url).or_default().extend(ids);
        }
        for (url, links) in other.links {
            self.links.entry(url).or_default().extend(links);
        }
        self.answers.extend(other.answers);
        self.embedded.extend(other.embedded);
        self.contents.extend(other.contents);
        self.search.extend(other.search);
    }

    /// Takes in pages rendered again, replacing what they had.
    pub fn update(&mut self, newer: Anchors) {
        self.ids.extend(newer.ids);
        self.links.extend(newer.links);
        self.answers.extend(newer.answers);
        self.embedded.extend(newer.embedded);
        self.contents.extend(newer.contents);
        self.search.extend(newer.search);
    }

    /// A link to an id its page does not have is an error at the link.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = Vec::new();
        for link in self.links.values().flatten() {
            let answers_to_one_shown = self.embedded.get(&link.target).is_some_and(|shown| {
                link.id
                    .split_once(':')
                    .is_some_and(|(id, _)| shown.iter().any(|s| s == id))
            });
            if answers_to_one_shown
                || self.answers.contains(&link.target)
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
}

/// How many pages and other files a render produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub pages: usize,
    pub files: usize,
    /// Cards drawn, not taken from the previous output.
    pub cards_drawn: usize,
}

/// Renders `site` with `theme` into `sink`, reporting every problem found;
/// `progress`: a terminal may show how the drawing of cards goes.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    progress: bool,
) -> (Counts, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let renderer = Renderer::new(site, theme, &mut diagnostics);
    let (pages, problems, anchors) = renderer.render_pages(sink, |_| true);
    diagnostics.extend(problems);
    diagnostics.extend(anchors.check());
    let mut written = renderer.render_print(&anchors, &mut diagnostics);
    written.extend(crate::search::Indexes::build(anchors.search.values().flatten()).files());
    for (path, bytes) in &written {
        if let Err(e) = sink.write(path, bytes) {
            diagnostics.push(write_error(path, &e));
        }
    }
    let files = renderer.render_files(sink, &mut diagnostics);
    let cards = renderer.cards.take();
    let (card_count, drawn) = if sink.keeps_pictures() {
        let mut problems = Vec::new();
        let counts = renderer
            .cards
            .write(cards.values(), sink, progress, &mut problems);
        diagnostics.extend(problems);
        counts
    } else {
        (0, 0)
    };
    (
        Counts {
            pages,
            files: pages + files + written.len() + card_count,
            cards_drawn: drawn,
        },
        diagnostics,
    )
}

/// A site made ready to render: link targets known, each language's
/// navigation prepared. Renders all of it or, for the dev server, only the
/// pages a change touched.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    static_files: Vec<(String, PathBuf)>,
    targets: LinkTargets,
    languages: Vec<LanguageView<'a>>,
    /// The link preview cards of the pages rendered.
    pub cards: card::Cards,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, diagnostics: &mut Diagnostics) -> Self {
        let static_files = list_static(&site.root.join("static"), diagnostics);
        let targets = link_targets(site, &static_files);
        check_branding_files(site, &targets, diagnostics);
        diagnostics.extend(
            theme.missing_words(&site.root, site.languages.iter().map(|l| l.code.as_str())),
        );
        let original = site.languages.first();
        let icon = inline_icon(site, theme, &static_files);
        let languages: Vec<LanguageView> = site
            .languages
            .iter()
            .enumerate()
            .map(|(i, language)| {
                let mut view = LanguageView::new(language, original.filter(|_| i > 0), theme);
                view.inline_icon.clone_from(&icon);
                view
            })
            .collect();
        check_tag_pages_room(&languages, diagnostics);
        check_tag_spellings(&languages, diagnostics);
        Renderer {
            site,
            theme,
            static_files,
            targets,
            languages,
            cards: card::Cards::new(site, theme),
        }
    }

    /// Files under `static/`: (path in the output, path on disk).
    pub fn static_files(&self) -> &[(String, PathBuf)] {
        &self.static_files
    }

    /// Renders the pages `wanted` picks, in parallel; returns how many, the
    /// problems found, and their headings and links to headings.
    pub fn render_pages(
        &self,
        sink: &dyn Sink,
        wanted: impl Fn(&Page) -> bool + Sync,
    ) -> (usize, Vec<Diagnostic>, Anchors) {
        let jobs: Vec<(&LanguageView, &Page)> = self
            .languages
            .iter()
            .flat_map(|view| view.language.pages().map(move |page| (view, page)))
            .filter(|(_, page)| wanted(page))
            .collect();
        let results: Vec<(Vec<Diagnostic>, Anchors)> = jobs
            .par_iter()
            .map(|(view, page)| {
                let (html, mut problems, anchors) = view.render_page(
                    self.site,
                    self.theme,
                    page,
                    &self.targets,
                    &self.languages,
                    &self.cards,
                );
                if let Some(html) = html {
                    let path = format!("{}index.html", page.url_path);
                    if let Err(e) = sink.write(&path, &html) {
                        problems.push(write_error(&path, &e));
                    }
                }
                (problems, anchors)
            })
            .collect();
        let mut problems = Vec::new();
        let mut anchors = Anchors::default();
        for (page_problems, page_anchors) in results {
            problems.extend(page_problems);
            anchors.merge(page_anchors);
        }
        (jobs.len(), problems, anchors)
    }

    /// Every language's page of all articles, for printing.
    pub fn render_print(
        &self,
        anchors: &Anchors,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for view in &self.languages {
            match view.render_print_page(
                self.site,
                self.theme,
                &anchors.contents,
                &self.languages,
                &self.cards,
            ) {
                Some((path, Ok(html))) => files.push((path, html)),
                Some((_, Err(d))) => diagnostics.push(d),
                None => {}
            }
        }
        files
    }

    /// Every language's tag index and tag pages.
    pub fn render_tags(&self, diagnostics: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for view in &self.languages {
            for (path, html) in
                view.render_tag_pages(self.site, self.theme, &self.cards, &self.languages)
            {
                match html {
                    Ok(html) => files.push((path, html)),
                    Err(d) => diagnostics.push(d),
                }
            }
        }
        files
    }

    /// Everything but the pages: 404 pages, navigation scripts, alias
    /// redirects, the theme's files and copies of static files and assets.
    /// Returns how many files.
    pub fn render_files(&self, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
        let (site, theme) = (self.site, self.theme);
        let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
        for view in &self.languages {
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
        extra.extend(render_aliases(site, theme, diagnostics));
        extra.extend(self.render_tags(diagnostics));
        // A site's own robots.txt or manifest in static/ wins over rapport's.
        let own = |path: &str| self.static_files.iter().any(|(rel, _)| rel == path);
        extra.extend(
            feeds::files(site)
                .into_iter()
                .filter(|(path, _)| !own(path)),
        );
        let own_icon = own(card::OWN_TOUCH_ICON);
        if !own("manifest.webmanifest") {
            extra.push(("manifest.webmanifest".into(), manifest(site, own_icon)));
        }
        if !own_icon && sink.keeps_pictures() {
            match self.cards.icons() {
                Ok(icons) => extra.extend(icons),
                Err(d) => diagnostics.push(d),
            }
        }
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
        let copies: Vec<(String, PathBuf)> = self
            .static_files
            .iter()
            .cloned()
            .chain(
                site.assets
                    .iter()
                    .map(|a| (a.output.clone(), a.source.clone())),
            )
            .collect();
        let copies = without_clashes(site, &extra, copies, diagnostics);
        let copy_problems: Vec<Diagnostic> = copies
            .par_iter()
            .filter_map(|(rel, source)| copy(sink, rel, source).err())
            .collect();
        diagnostics.extend(copy_problems);
        for (path, bytes) in &extra {
            if let Err(e) = sink.write(path, bytes) {
                diagnostics.push(write_error(path, &e));
            }
        }
        extra.len() + copies.len()
    }
}

/// The largest icon a page carries inline (see `inline_icon`).
const INLINE_ICON_MAX: usize = 4096;

/// The site's icon (its logo, else the theme's `favicon.svg`) as a `data:`
/// URL, when it is small. Pages with a live checklist link it so: Chromium
/// fetches a page's icon again on every change of its address, and the
/// checklist changes the address on every answer.
fn inline_icon(site: &Site, theme: &Theme, static_files: &[(String, PathBuf)]) -> Option<String> {
    let (name, bytes) = match &site.config.logo {
        Some(logo) => {
            let rel = logo.trim_start_matches('/');
            let (_, path) = static_files.iter().find(|(r, _)| r == rel)?;
            (rel, std::fs::read(path).ok()?)
        }
        None => {
            let (name, bytes) = theme
                .static_files
                .iter()
                .find(|(n, _)| n == "favicon.svg")?;
            (name.as_str(), bytes.clone())
        }
    };
    if bytes.len() > INLINE_ICON_MAX {
        return None;
    }
    let kind = match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "webp" => "image/webp",
        Some(e) if e == "gif" => "image/gif",
        Some(e) if e == "ico" => "image/x-icon",
        _ => "image/svg+xml",
    };
    Some(format!("data:{kind};base64,{}", base64(&bytes)))
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(DIGITS[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

/// The web app manifest: the handbook's name and icons for a phone's home
/// screen (the logo, and the PNG icons drawn from it or the site's own).
fn manifest(site: &Site, own_icon: bool) -> Vec<u8> {
    let config = &site.config;
    let icon = config
        .logo
        .as_deref()
        .map_or("theme/favicon.svg", |l| l.trim_start_matches('/'));
    let kind = match icon.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "webp" => "image/webp",
        _ => "image/svg+xml",
    };
    let mut icons = vec![serde_json::json!({ "src": icon, "sizes": "any", "type": kind })];
    let png = |src: &str, size: u32| serde_json::json!({ "src": src, "sizes": format!("{size}x{size}"), "type": "image/png" });
    if own_icon {
        icons.push(png(card::OWN_TOUCH_ICON, 180));
    } else {
        icons.extend(
            card::ICONS
                .iter()
                .skip(1)
                .map(|(src, size)| png(src, *size)),
        );
    }
    let manifest = serde_json::json!({
        "name": config.title,
        "description": config.description,
        "lang": config.language.0,
        "start_url": "./index.html",
        "display": "browser",
        "icons": icons,
    });
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Copies the file at `source` to `rel` in the output.
pub fn copy(sink: &dyn Sink, rel: &str, source: &Path) -> Result<(), Diagnostic> {
    let bytes = std::fs::read(source)
        .map_err(|e| Diagnostic::file_error(source, format!("cannot read: {e}")))?;
    sink.write(rel, &bytes).map_err(|e| write_error(rel, &e))
}

/// A copied file must not replace a page or a file rapport generates (a
/// `static/loyalty/index.html` would silently replace the section's page).
fn without_clashes(
    site: &Site,
    generated: &[(String, Vec<u8>)],
    copies: Vec<(String, PathBuf)>,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut owners: HashMap<String, String> = site
        .pages()
        .map(|p| {
            let source = crate::diagnostics::display_path(&p.source);
            (
                format!("{}index.html", p.url_path),
                format!("the page built from {}", source.display()),
            )
        })
        .collect();
    for (path, _) in generated {
        owners
            .entry(path.clone())
            .or_insert_with(|| "a file rapport writes".to_string());
    }
    copies
        .into_iter()
        .filter(|(rel, source)| match owners.get(rel) {
            Some(owner) => {
                diagnostics.push(
                    Diagnostic::file_error(
                        source,
                        format!("this file would replace {owner} (`{rel}`)"),
                    )
                    .with_hint("rename or move the file"),
                );
                false
            }
            None => {
                owners.insert(
                    rel.clone(),
                    format!("{}", crate::diagnostics::display_path(source).display()),
                );
                true
            }
        })
        .collect()
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
    // A repository or a desktop's litter kept in static/ is not part of the site.
    let litter = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        name != ".git" && !crate::content::is_editor_litter(&name)
    };
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(litter)
    {
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

/// Tag pages live under `tags/` and the print page under `print/` (`it/…` in
/// other languages): where a page of the site has that address, it keeps it
/// and rapport leaves out its own pages, saying so.
fn check_tag_pages_room(languages: &[LanguageView], diagnostics: &mut Diagnostics) {
    for view in languages {
        for (room, what) in [
            (view.tags_path(), "tag pages"),
            (view.print_path(), "page to print the whole handbook"),
        ] {
            if let Some(page) = view
                .language
                .pages()
                .find(|p| p.url_path.starts_with(&room))
            {
                diagnostics.push(Diagnostic::warning(
                    &page.source,
                    1,
                    1,
                    format!("this page's address `{}` is where rapport puts its {what}, which are left out", page.url_path),
                ));
            }
        }
    }
}

/// Tags written two ways (`Client care`, `client-care`) share one page under
/// the first spelling met: say so where the other spelling is, so the site
/// can settle on one.
fn check_tag_spellings(languages: &[LanguageView], diagnostics: &mut Diagnostics) {
    for tag in languages.iter().flat_map(|view| &view.tags) {
        for page in &tag.pages {
            let Some(other) = page
                .front
                .tags
                .iter()
                .find(|t| **t != tag.name && crate::slug::slugify(t) == tag.slug)
            else {
                continue;
            };
            let (line, column) = page.position_of("tags");
            diagnostics.push(
                Diagnostic::warning(
                    &page.source,
                    line,
                    column,
                    format!(
                        "the tag `{}` shares its page `tags/{}/` with `{}`, as other pages write it",
                        clip(other, 60),
                        clip(&tag.slug, 60),
                        clip(&tag.name, 60)
                    ),
                )
                .with_hint(format!("write it `{}` everywhere", clip(&tag.name, 60))),
            );
        }
    }
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
        failed: site.failed.clone(),
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
        .map_err(|e| theme.render_error(&e, name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"<svg>\xff"), "PHN2Zz7/");
    }
}
