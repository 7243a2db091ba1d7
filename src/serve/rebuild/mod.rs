//! The dev server's builds: the site rendered into memory, then rebuilt after
//! each change with only the work the change needs.
//!
//! Every rebuild reads `content/` again (cheap: a file whose text has not
//! changed is not parsed again) and compares the new site with the last good
//! one ([`plan`]). When the navigation is the same (the same pages, titles,
//! order, addresses and files), only the pages whose file changed are
//! rendered, plus the listings that show a changed summary; anything else
//! renders the whole site. An edit of a few pages that moves nothing skips
//! even the load ([`quick`]). Either way the files equal those of a clean
//! `rapport build`, which a test checks after a series of edits.

mod plan;
mod quick;
#[cfg(test)]
mod tests;

use crate::config::BaseUrl;
use crate::content::{self, LoadOptions, Site, SourceCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::card::Card;
use crate::render::{theme::Theme, Harvest, Renderer, Sink};
use crate::search::Indexes;
use plan::{needs_full_build, pages_to_render, same_outline};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A built site: output path (`guide/index.html`) → bytes.
pub type Files = HashMap<String, Arc<[u8]>>;

/// The link preview cards of a build, drawn only when asked for: output
/// path (`cards/<hash>.png`) → card.
pub type CardFiles = HashMap<String, Arc<Card>>;

/// What a successful rebuild did.
pub struct Report {
    pub files: Arc<Files>,
    pub cards: Arc<CardFiles>,
    /// Output files that differ from the previous build (added, changed or gone).
    pub changed: Vec<String>,
    /// Pages rendered, and how many the site has.
    pub rendered: usize,
    pub pages: usize,
    /// Whether the whole site was rendered.
    pub full: bool,
    /// Whether the edited pages were read again alone (the shortest way).
    pub quick: bool,
    pub warnings: Diagnostics,
    pub took: Duration,
    /// How long each step took, for `--verbose`.
    pub steps: Vec<(&'static str, Duration)>,
}

/// The site in memory, kept up to date by [`Builder::rebuild`].
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    cache: SourceCache,
    last: Option<Good>,
    /// A change that needs a whole build (a template, site.yaml) has not made
    /// it into a good build yet.
    full_pending: bool,
    /// The last rebuild failed (or is under way): the site on disk may differ
    /// from the model in more files than the next change names.
    failed: bool,
    /// Changed paths not yet in a good build.
    pending: BTreeSet<PathBuf>,
}

/// The last build that succeeded.
struct Good {
    site: Site,
    theme: Theme,
    static_files: Vec<String>,
    files: Arc<Files>,
    /// Every page's heading ids and links to headings, to check the links
    /// of pages rendered again against the pages that were not.
    harvest: Harvest,
    /// The search index, updated page by page.
    search: Indexes,
    /// Each page's card, by the page's folder.
    cards: HashMap<String, Arc<Card>>,
    card_files: Arc<CardFiles>,
}

/// Collects a render's files in memory.
#[derive(Default)]
struct Memory(Mutex<Vec<(String, Arc<[u8]>)>>);

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), Arc::from(bytes)));
        Ok(())
    }
}

/// How long each step of a build took.
struct Steps {
    last: Instant,
    took: Vec<(&'static str, Duration)>,
}

impl Steps {
    fn from(started: Instant) -> Steps {
        Steps {
            last: started,
            took: Vec::new(),
        }
    }

    fn done(&mut self, name: &'static str) {
        self.took.push((name, self.last.elapsed()));
        self.last = Instant::now();
    }
}

/// What a render of the whole site or of some pages leaves: how many pages
/// it rendered, every page's harvest and the search index.
struct Rendered {
    pages: usize,
    harvest: Harvest,
    search: Indexes,
}

impl Builder {
    pub fn new(root: &Path, drafts: bool) -> Builder {
        Builder {
            root: root.to_path_buf(),
            drafts,
            cache: SourceCache::default(),
            last: None,
            full_pending: true,
            failed: false,
            pending: BTreeSet::new(),
        }
    }

    /// The cards of the last good build (none before the first one).
    pub fn cards(&self) -> Arc<CardFiles> {
        self.last
            .as_ref()
            .map(|good| good.card_files.clone())
            .unwrap_or_default()
    }

    /// The files of the last good build (empty before the first one).
    pub fn files(&self) -> Arc<Files> {
        self.last
            .as_ref()
            .map(|good| good.files.clone())
            .unwrap_or_default()
    }

    /// Rebuilds after `changed` (paths under the site root; empty for the
    /// first build). On failure the last good build stays as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Diagnostics> {
        // Until a build succeeds, the changes of the failed ones are still to
        // be built (a stylesheet saved while an article was broken).
        self.pending.extend(changed.iter().cloned());
        let changed: Vec<PathBuf> = self.pending.iter().cloned().collect();
        // Set first: a panic half-way must not leave the next build trusting
        // a model it was changing.
        let trusted = !self.failed;
        self.failed = true;
        let outcome = self.build(&changed, trusted);
        if outcome.is_ok() {
            self.failed = false;
            self.pending.clear();
        }
        outcome
    }

    /// `trusted`: the last build succeeded, so the model matches the disk
    /// but for `changed`.
    fn build(&mut self, changed: &[PathBuf], trusted: bool) -> Result<Report, Diagnostics> {
        let started = Instant::now();
        let mut steps = Steps::from(started);
        let root = self.root.clone();
        self.full_pending |= changed.iter().any(|path| needs_full_build(&root, path));
        if changed.contains(&root) {
            // Events were lost: nothing kept can be trusted.
            self.cache.clear();
        }
        if trusted {
            if let Some(outcome) = self.quick(changed, started) {
                return outcome;
            }
        }
        let (site, mut diagnostics) = self.load(changed);
        steps.done("load");
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let new_theme = self.theme_if_changed(&site, &mut diagnostics)?;
        let theme = match (&new_theme, &self.last) {
            (Some(theme), _) => theme,
            (None, Some(good)) => &good.theme,
            (None, None) => unreachable!("a first build always loads the theme"),
        };
        steps.done("theme");
        let renderer = Renderer::new(&site, theme, &mut diagnostics);
        steps.done("prepare");
        let static_files: Vec<String> = renderer
            .static_files()
            .iter()
            .map(|(rel, _)| rel.clone())
            .collect();
        let memory = Memory::default();
        let previous = self.last.as_ref().filter(|_| new_theme.is_none());
        let plan = previous
            .filter(|good| good.static_files == static_files && same_outline(&good.site, &site))
            .map(|good| pages_to_render(&good.site, &site));
        steps.done("compare");
        let rendered = match (&plan, previous) {
            (Some(wanted), Some(good)) => {
                let pages = (wanted, changed, static_files.as_slice());
                render_some(&renderer, &site, pages, good, &memory, &mut diagnostics)
            }
            _ => render_all(&renderer, &memory, &mut diagnostics),
        };
        rendered.write_site_wide(&renderer, &memory, &mut diagnostics);
        let full = plan.is_none();
        let mut cards = match previous.filter(|_| !full) {
            Some(good) => good.cards.clone(),
            None => HashMap::new(),
        };
        cards.extend(renderer.cards.take());
        drop(plan);
        drop(renderer);
        steps.done("render");
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let before = self.files();
        let files = self.collect(memory, &site, full, &mut diagnostics);
        let changed = differences(&before, &files);
        steps.done("collect");
        let pages = site.pages().count();
        let files = Arc::new(files);
        let theme = match new_theme {
            Some(theme) => theme,
            None => {
                self.last
                    .take()
                    .expect("a partial build has a last one")
                    .theme
            }
        };
        self.last = Some(Good {
            site,
            theme,
            static_files,
            files: files.clone(),
            harvest: rendered.harvest,
            search: rendered.search,
            card_files: card_files(&cards),
            cards,
        });
        self.full_pending = false;
        steps.done("keep");
        Ok(Report {
            steps: steps.took,
            files,
            cards: self.cards(),
            changed,
            rendered: rendered.pages,
            pages,
            full,
            quick: false,
            warnings: diagnostics,
            took: started.elapsed(),
        })
    }

    /// Loads the site again, `changed` files read afresh and the others from
    /// the cache, served at the root of its own origin.
    fn load(&mut self, changed: &[PathBuf]) -> (Site, Diagnostics) {
        self.cache.forget(changed);
        let (mut site, diagnostics) = content::load(
            &self.root,
            LoadOptions {
                drafts: self.drafts,
                cache: Some(&self.cache),
            },
        );
        // Served at the root of its own origin, whatever the published address:
        // absolute links (a 404 page at any depth) then work on any host or port.
        site.config.base_url = Some(BaseUrl("/".to_string()));
        (site, diagnostics)
    }

    /// The theme loaded again when a change may have reached it (or on the
    /// first build); `None` to keep the last good build's.
    fn theme_if_changed(
        &self,
        site: &Site,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<Theme>, Diagnostics> {
        if !self.full_pending && self.last.is_some() {
            return Ok(None);
        }
        let problems = match Theme::load(&self.root, &site.config) {
            Ok(theme) if theme.problems.is_empty() => return Ok(Some(theme)),
            Ok(theme) => theme.problems,
            Err(problems) => problems,
        };
        let mut all = std::mem::take(diagnostics);
        all.extend(problems);
        Err(all)
    }

    /// The files of this build: those written, over the last build's for a
    /// partial one. Only files of the site are served: a link in content/ to
    /// a file elsewhere on the machine is left out (`rapport build` copies it).
    fn collect(
        &self,
        memory: Memory,
        site: &Site,
        full: bool,
        diagnostics: &mut Diagnostics,
    ) -> Files {
        let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files = if full {
            Files::with_capacity(written.len())
        } else {
            (*self.files()).clone()
        };
        files.extend(written);
        for asset in &site.assets {
            if !is_inside(&asset.source, &self.root) {
                files.remove(&asset.output);
                diagnostics.push(
                    Diagnostic::warning(
                        &asset.source,
                        1,
                        1,
                        "this is a link to a file outside the site: the preview does not serve it",
                    )
                    .with_hint(
                        "`rapport build` copies it; keep the files a site shows inside its folder",
                    ),
                );
            }
        }
        files
    }
}

impl Rendered {
    /// Writes what is made from every page once all have rendered: the search
    /// index and the print page, after checking the links to headings.
    fn write_site_wide(&self, renderer: &Renderer, memory: &Memory, diagnostics: &mut Diagnostics) {
        for (path, bytes) in self.search.changed_files() {
            let _ = memory.write(&path, &bytes);
        }
        diagnostics.extend(self.harvest.check());
        for (path, html) in renderer.render_print(&self.harvest, diagnostics) {
            let _ = memory.write(&path, &html);
        }
    }
}

/// Renders every page and file of the site.
fn render_all(renderer: &Renderer, memory: &Memory, diagnostics: &mut Diagnostics) -> Rendered {
    let (pages, problems, harvest) = renderer.render_pages(memory, |_| true);
    diagnostics.extend(problems);
    renderer.render_files(memory, diagnostics);
    let search = Indexes::build(harvest.search.values().flatten());
    Rendered {
        pages,
        harvest,
        search,
    }
}

/// Renders the pages `wanted` and copies the `changed` files again, over the
/// last good build; `static_files`: the site's own files, which replace feeds.
fn render_some(
    renderer: &Renderer,
    site: &Site,
    (wanted, changed, static_files): (&HashSet<&str>, &[PathBuf], &[String]),
    good: &Good,
    memory: &Memory,
    diagnostics: &mut Diagnostics,
) -> Rendered {
    let (pages, problems, newer) =
        renderer.render_pages(memory, |page| wanted.contains(page.url_path.as_str()));
    diagnostics.extend(problems);
    copy_changed_files(renderer, site, changed, memory, diagnostics);
    // Feeds, the sitemap and tag pages show summaries: write them again.
    for (path, bytes) in crate::render::feeds::files(site)
        .into_iter()
        .filter(|(path, _)| !static_files.contains(path))
        .chain(renderer.render_tags(diagnostics))
    {
        let _ = memory.write(&path, &bytes);
    }
    let mut harvest = good.harvest.clone();
    let mut search = good.search.clone();
    search.update(newer.search.iter());
    harvest.update(newer);
    Rendered {
        pages,
        harvest,
        search,
    }
}

/// The cards of every page, by their file.
fn card_files(cards: &HashMap<String, Arc<Card>>) -> Arc<CardFiles> {
    Arc::new(
        cards
            .values()
            .map(|card| (card.path.clone(), card.clone()))
            .collect(),
    )
}

/// Copies again the static files and assets among `changed`.
fn copy_changed_files(
    renderer: &Renderer,
    site: &Site,
    changed: &[PathBuf],
    sink: &dyn Sink,
    diagnostics: &mut Diagnostics,
) {
    let changed: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
    let copies = renderer
        .static_files()
        .iter()
        .map(|(rel, source)| (rel, source))
        .chain(site.assets.iter().map(|a| (&a.output, &a.source)));
    for (rel, source) in copies {
        if changed.contains(source.as_path()) {
            if let Err(d) = crate::render::copy(sink, rel, source) {
                diagnostics.push(d);
            }
        }
    }
}

/// Whether `path`, links resolved, is inside the folder `root` (canonical).
fn is_inside(path: &Path, root: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|real| real.starts_with(root))
}

/// Output paths added, changed or removed between two builds, sorted.
fn differences(before: &Files, after: &Files) -> Vec<String> {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .chain(
            before
                .keys()
                .filter(|path| !after.contains_key(*path))
                .cloned(),
        )
        .collect();
    changed.sort();
    changed
}

/// A diagnostic for a problem of the server itself, not of the user's files.
pub fn internal_error(message: String) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::file_error(Path::new("rapport"), message));
    diagnostics
}
