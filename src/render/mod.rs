//! Rendering: the site model and the theme in, finished files out.
//!
//! Pages render in parallel, each from a small context; the navigation of each
//! language is prepared once and shared. Rendering never touches the output
//! folder: it hands every finished file to a [`Sink`], which writes it to a
//! staging folder (`rapport build`) or drops it (`rapport check`).

mod alias;
pub mod card;
pub mod checklist;
mod checks;
pub mod context;
mod embed;
pub mod feeds;
mod files;
mod harvest;
pub mod nav;
mod pages;
pub mod theme;

pub use files::copy;
pub use harvest::Harvest;

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTargets;
use checks::{check_branding_files, check_tag_pages_room, check_tag_spellings};
use files::{inline_icon, list_static};
use pages::LanguageView;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};
use theme::Theme;

/// Receives the finished files of a build.
pub trait Sink: Sync {
    /// Stores `bytes` at `path`, relative to the output root, with `/` separators.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Whether what only the output needs (cards, icons, the search index)
    /// is made for this sink: not for one that keeps nothing.
    fn keeps_files(&self) -> bool {
        true
    }

    /// Takes the file at `path` from the previous output, when it has one:
    /// cards are named by what they show, so theirs are still right.
    fn reuse(&self, _path: &str) -> bool {
        false
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
    let (pages, problems, harvest) = renderer.render_pages(sink, |_| true);
    diagnostics.extend(problems);
    diagnostics.extend(harvest.check());
    let written = renderer.render_print(&harvest, &mut diagnostics);
    // The index checks nothing: `rapport check` goes without it.
    let search = if sink.keeps_files() {
        crate::search::Indexes::build(harvest.search.values().flatten()).files()
    } else {
        Vec::new()
    };
    let search = search.iter().map(|(path, bytes)| (path, &bytes[..]));
    for (path, bytes) in written.iter().map(|(p, b)| (p, &b[..])).chain(search) {
        if let Err(e) = sink.write(path, bytes) {
            diagnostics.push(write_error(path, &e));
        }
    }
    let files = renderer.render_files(sink, &mut diagnostics);
    let cards = renderer.cards.take();
    let (card_count, drawn) = if sink.keeps_files() {
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
    ) -> (usize, Vec<Diagnostic>, Harvest) {
        let jobs: Vec<(&LanguageView, &Page)> = self
            .languages
            .iter()
            .flat_map(|view| view.language.pages().map(move |page| (view, page)))
            .filter(|(_, page)| wanted(page))
            .collect();
        let results: Vec<(Vec<Diagnostic>, Harvest)> = jobs
            .par_iter()
            .map(|(view, page)| {
                let (html, mut problems, harvest) = view.render_page(
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
                (problems, harvest)
            })
            .collect();
        let mut problems = Vec::new();
        let mut harvest = Harvest::default();
        for (page_problems, page_harvest) in results {
            problems.extend(page_problems);
            harvest.merge(page_harvest);
        }
        (jobs.len(), problems, harvest)
    }

    /// Every language's page of all articles, for printing.
    pub fn render_print(
        &self,
        harvest: &Harvest,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for view in &self.languages {
            match view.render_print_page(
                self.site,
                self.theme,
                &harvest.contents,
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
}

fn write_error(path: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::file_error(
        Path::new(path),
        format!("cannot write this output file: {e}"),
    )
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
