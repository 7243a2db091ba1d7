//! The dev server's builds: the site rendered into memory, then rebuilt after
//! each change with only the work the change needs.
//!
//! Every rebuild reads `content/` again (cheap: a file whose text has not
//! changed is not parsed again) and compares the new site with the last good
//! one. When the navigation is the same (the same pages, titles, order,
//! addresses and files), only the pages whose file changed are rendered, plus
//! the listings that show a changed summary; anything else renders the whole
//! site. Either way the files equal those of a clean `rapport build`, which a
//! test checks after a series of edits.

use crate::config::BaseUrl;
use crate::content::{self, Language, LoadOptions, Page, Reloaded, Site, SourceCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::card::Card;
use crate::render::{theme::Theme, Harvest, Renderer, Sink};
use crate::search::Indexes;
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
        let mut steps = Vec::new();
        let mut step = {
            let mut last = started;
            move |name: &'static str, steps: &mut Vec<(&'static str, Duration)>| {
                steps.push((name, last.elapsed()));
                last = Instant::now();
            }
        };
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
        self.cache.forget(changed);
        let (mut site, mut diagnostics) = content::load(
            &self.root,
            LoadOptions {
                drafts: self.drafts,
                cache: Some(&self.cache),
            },
        );
        // Served at the root of its own origin, whatever the published address:
        // absolute links (a 404 page at any depth) then work on any host or port.
        site.config.base_url = Some(BaseUrl("/".to_string()));
        step("load", &mut steps);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let new_theme = match (self.full_pending, &self.last) {
            (false, Some(_)) => None,
            _ => match Theme::load(&self.root, &site.config) {
                Ok(theme) if theme.problems.is_empty() => Some(theme),
                Ok(theme) => {
                    diagnostics.extend(theme.problems);
                    return Err(diagnostics);
                }
                Err(problems) => {
                    diagnostics.extend(problems);
                    return Err(diagnostics);
                }
            },
        };
        let theme = match (&new_theme, &self.last) {
            (Some(theme), _) => theme,
            (None, Some(good)) => &good.theme,
            (None, None) => unreachable!("a first build always loads the theme"),
        };
        step("theme", &mut steps);
        let renderer = Renderer::new(&site, theme, &mut diagnostics);
        step("prepare", &mut steps);
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
        step("compare", &mut steps);
        let rendered = match &plan {
            Some(wanted) => {
                let (rendered, problems, newer) =
                    renderer.render_pages(&memory, |page| wanted.contains(page.url_path.as_str()));
                diagnostics.extend(problems);
                copy_changed_files(&renderer, &site, changed, &memory, &mut diagnostics);
                // Feeds, the sitemap and tag pages show summaries: write them again.
                for (path, bytes) in crate::render::feeds::files(&site)
                    .into_iter()
                    .filter(|(path, _)| !static_files.contains(path))
                    .chain(renderer.render_tags(&mut diagnostics))
                {
                    let _ = memory.write(&path, &bytes);
                }
                let (mut all, mut search) = previous
                    .map(|good| (good.harvest.clone(), good.search.clone()))
                    .unwrap_or_default();
                search.update(newer.search.iter());
                all.update(newer);
                (rendered, all, search)
            }
            None => {
                let (rendered, problems, all) = renderer.render_pages(&memory, |_| true);
                diagnostics.extend(problems);
                renderer.render_files(&memory, &mut diagnostics);
                let search = Indexes::build(all.search.values().flatten());
                (rendered, all, search)
            }
        };
        let (rendered, harvest, search) = rendered;
        for (path, bytes) in search.files() {
            let _ = memory.write(&path, &bytes);
        }
        diagnostics.extend(harvest.check());
        for (path, html) in renderer.render_print(&harvest, &mut diagnostics) {
            let _ = memory.write(&path, &html);
        }
        let full = plan.is_none();
        let mut cards = match previous.filter(|_| !full) {
            Some(good) => good.cards.clone(),
            None => HashMap::new(),
        };
        cards.extend(renderer.cards.take());
        drop(plan);
        drop(renderer);
        step("render", &mut steps);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let before = self.files();
        let mut files = if full {
            Files::with_capacity(written.len())
        } else {
            (*before).clone()
        };
        files.extend(written);
        // Only files of the site are served: a link in content/ to a file
        // elsewhere on the machine is left out (`rapport build` copies it).
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
        let changed = differences(&before, &files);
        step("collect", &mut steps);
        let pages = site.pages().count();
        let files = Arc::new(files);
        self.last = Some(Good {
            site,
            theme: match new_theme {
                Some(theme) => theme,
                None => {
                    self.last
                        .take()
                        .expect("a partial build has a last one")
                        .theme
                }
            },
            static_files,
            files: files.clone(),
            harvest,
            search,
            card_files: card_files(&cards),
            cards,
        });
        self.full_pending = false;
        step("keep", &mut steps);
        Ok(Report {
            steps,
            files,
            cards: self.cards(),
            changed,
            rendered,
            pages,
            full,
            quick: false,
            warnings: diagnostics,
            took: started.elapsed(),
        })
    }
}

impl Builder {
    /// The rebuild after an edit of a few pages that moves nothing (same
    /// titles, addresses, order): those pages are read again in place and
    /// rendered with the listings that show a changed summary; changed static
    /// files are copied again. `None` when the change needs more.
    fn quick(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<Result<Report, Diagnostics>> {
        const MOST: usize = 16;
        if self.full_pending || changed.is_empty() || changed.len() > MOST {
            return None;
        }
        let good = self.last.as_mut()?;
        let static_dir = self.root.join("static");
        // Pages with a checklist carry the logo inline (render::inline_icon).
        if let Some(logo) = &good.site.config.logo {
            let logo = static_dir.join(logo.trim_start_matches('/'));
            if changed.contains(&logo) {
                return None;
            }
        }
        let is_copy = |path: &PathBuf| {
            let in_static = path
                .strip_prefix(&static_dir)
                .is_ok_and(|rel| good.static_files.contains(&content::rel_string(rel)));
            (in_static || good.site.assets.iter().any(|a| &a.source == path)) && path.is_file()
        };
        // A temporary file renamed away (`sed -i`, editors' safe writes) left
        // nothing behind that the site shows.
        let gone_unseen = |path: &PathBuf| {
            let page_file = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "yaml" | "yml")
            );
            !page_file
                && !path.exists()
                && !good.site.pages().any(|p| p.source.starts_with(path))
                && !good.site.assets.iter().any(|a| a.source.starts_with(path))
                && !path.starts_with(&static_dir)
        };
        let (copies, sources): (Vec<&PathBuf>, Vec<&PathBuf>) = changed
            .iter()
            .filter(|path| !gone_unseen(path))
            .partition(|path| is_copy(path));
        // A page or file deleted or renamed away changes the outline.
        if sources.iter().any(|path| !path.is_file()) {
            return None;
        }
        // A checklist's translations are checked against each other when the
        // site loads: let the whole load do that.
        let checklist = |path: &&PathBuf| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        };
        if good.site.languages.len() > 1 && sources.iter().any(checklist) {
            return None;
        }
        let mut replaced: Vec<Page> = Vec::new();
        for path in sources {
            match content::reload_page(&mut good.site, &self.cache, path) {
                Reloaded::Replaced(old) => replaced.push(*old),
                Reloaded::Moved => {
                    put_back(&mut good.site, replaced);
                    return None;
                }
                Reloaded::Failed(problems) => {
                    put_back(&mut good.site, replaced);
                    let mut diagnostics = Diagnostics::new();
                    diagnostics.extend(problems);
                    return Some(Err(diagnostics));
                }
            }
        }
        let mut wanted: HashSet<String> = HashSet::new();
        let mut summaries_changed = false;
        for old in &replaced {
            let Some(new) = good.site.pages().find(|p| p.source == old.source) else {
                continue;
            };
            if old.text != new.text {
                wanted.insert(new.url_path.clone());
                if new.checklist.is_some() {
                    wanted.extend(showing_checklists(&good.site).map(|p| p.url_path.clone()));
                }
            }
            if summary(old) != summary(new) {
                wanted.extend(listings_of(&good.site, &new.url_path));
                summaries_changed = true;
            }
        }
        let mut diagnostics = Diagnostics::new();
        let memory = Memory::default();
        let renderer = Renderer::new(&good.site, &good.theme, &mut diagnostics);
        let (rendered, problems, newer) =
            renderer.render_pages(&memory, |page| wanted.contains(&page.url_path));
        diagnostics.extend(problems);
        let mut search = good.search.clone();
        search.update(newer.search.iter());
        for (path, bytes) in search.files() {
            let _ = memory.write(&path, &bytes);
        }
        let mut harvest = good.harvest.clone();
        harvest.update(newer);
        diagnostics.extend(harvest.check());
        for (path, html) in renderer.render_print(&harvest, &mut diagnostics) {
            let _ = memory.write(&path, &html);
        }
        let copies: Vec<PathBuf> = copies.into_iter().cloned().collect();
        copy_changed_files(&renderer, &good.site, &copies, &memory, &mut diagnostics);
        // Feeds and the sitemap show summaries: cheap to write again.
        for (path, bytes) in crate::render::feeds::files(&good.site) {
            if !good.static_files.contains(&path) {
                let _ = memory.write(&path, &bytes);
            }
        }
        if summaries_changed {
            for (path, bytes) in renderer.render_tags(&mut diagnostics) {
                let _ = memory.write(&path, &bytes);
            }
        }
        let made = renderer.cards.take();
        drop(renderer);
        if diagnostics.has_errors() {
            put_back(&mut good.site, replaced);
            return Some(Err(diagnostics));
        }
        let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed: Vec<String> = written
            .iter()
            .filter(|(path, bytes)| good.files.get(path) != Some(bytes))
            .map(|(path, _)| path.clone())
            .collect();
        changed.sort();
        let mut files = (*good.files).clone();
        let root = &self.root;
        let outside = |path: &str| {
            good.site
                .assets
                .iter()
                .any(|a| a.output == path && !is_inside(&a.source, root))
        };
        files.extend(written.into_iter().filter(|(path, _)| !outside(path)));
        good.files = Arc::new(files);
        good.harvest = harvest;
        good.search = search;
        good.cards.extend(made);
        good.card_files = card_files(&good.cards);
        Some(Ok(Report {
            files: good.files.clone(),
            cards: good.card_files.clone(),
            changed,
            rendered,
            pages: good.site.pages().count(),
            full: false,
            quick: true,
            warnings: diagnostics,
            took: started.elapsed(),
            steps: Vec::new(),
        }))
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

/// Puts pages read again back as they were (the change did not build).
fn put_back(site: &mut Site, pages: Vec<Page>) {
    for old in pages {
        if let Some(page) = site.page_mut(&old.source.clone()) {
            *page = old;
        }
    }
}

/// The pages that list the page at `url_path`: its section's page and its
/// language's home page.
fn listings_of(site: &Site, url_path: &str) -> Vec<String> {
    for language in &site.languages {
        let home = language.home.url_path.clone();
        if language.loose.iter().any(|p| p.url_path == url_path) {
            return vec![home];
        }
        for section in &language.sections {
            if section.index.url_path == url_path {
                return vec![home];
            }
            if section.pages.iter().any(|p| p.url_path == url_path) {
                return vec![section.index.url_path.clone(), home];
            }
        }
    }
    Vec::new()
}

/// Changes to the configuration or the theme reach every page.
fn needs_full_build(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    !matches!(
        rel.components().next().and_then(|c| c.as_os_str().to_str()),
        Some("content" | "static")
    )
}

/// Whether two loads of a site have the same pages, in the same places and
/// order, with the same titles, addresses, aliases, tags, dates, assets and
/// link targets: everything a page shows of the others except their summaries.
fn same_outline(old: &Site, new: &Site) -> bool {
    let page = |a: &Page, b: &Page| {
        a.kind == b.kind
            && a.url_path == b.url_path
            && a.source == b.source
            && a.title == b.title
            && a.listed() == b.listed()
            && a.front.aliases == b.front.aliases
            && a.front.tags == b.front.tags
            && (a.front.date, a.front.updated) == (b.front.date, b.front.updated)
    };
    let language = |a: &Language, b: &Language| {
        a.code == b.code
            && a.loose.len() == b.loose.len()
            && a.sections.len() == b.sections.len()
            && a.sections
                .iter()
                .zip(&b.sections)
                .all(|(x, y)| x.folder == y.folder && x.pages.len() == y.pages.len())
            && a.pages().zip(b.pages()).all(|(x, y)| page(x, y))
    };
    old.languages.len() == new.languages.len()
        && old
            .languages
            .iter()
            .zip(&new.languages)
            .all(|(a, b)| language(a, b))
        && old.sources == new.sources
        && old.drafts == new.drafts
        && old.assets.len() == new.assets.len()
        && old
            .assets
            .iter()
            .zip(&new.assets)
            .all(|(a, b)| a.source == b.source && a.output == b.output)
}

/// With the same outline: the pages whose file changed, and the listings
/// (section page, home page) that show a summary that changed.
fn pages_to_render<'a>(old: &Site, new: &'a Site) -> HashSet<&'a str> {
    let mut wanted = HashSet::new();
    let mut checklist_changed = false;
    let mut compare = |a: &Page, b: &'a Page, listings: &[&'a str]| {
        if a.text != b.text {
            wanted.insert(b.url_path.as_str());
            checklist_changed |= b.checklist.is_some();
        }
        if summary(a) != summary(b) {
            wanted.extend(listings);
        }
    };
    for (a, b) in old.languages.iter().zip(&new.languages) {
        let home = b.home.url_path.as_str();
        compare(&a.home, &b.home, &[]);
        for (x, y) in a.loose.iter().zip(&b.loose) {
            compare(x, y, &[home]);
        }
        for (s, t) in a.sections.iter().zip(&b.sections) {
            compare(&s.index, &t.index, &[home]);
            for (x, y) in s.pages.iter().zip(&t.pages) {
                compare(x, y, &[t.index.url_path.as_str(), home]);
            }
        }
    }
    if checklist_changed {
        wanted.extend(showing_checklists(new).map(|p| p.url_path.as_str()));
    }
    wanted
}

/// The pages that may show a checklist in their text (`{{ checklist(…) }}`),
/// to render again when a checklist changes.
fn showing_checklists(site: &Site) -> impl Iterator<Item = &Page> {
    // A shortcode stands alone on its line: read each line that may be one
    // the way the page's render does.
    let shows = |line: &str| {
        matches!(
            crate::shortcode::parse(line),
            Some(Ok(crate::shortcode::Shortcode::Single(call))) if call.name == "checklist"
        )
    };
    site.pages().filter(move |p| {
        p.checklist.is_none()
            && p.body()
                .lines()
                .any(|line| line.trim_start().starts_with("{{") && shows(line))
    })
}

/// What a listing shows of a page besides its title and address.
fn summary(page: &Page) -> impl PartialEq + '_ {
    (
        &page.front.summary,
        page.front.date,
        page.front.updated,
        page.reading_minutes(),
        page.checklist
            .as_ref()
            .map(|c| (c.questions().count(), c.audience)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A copy of the `basic` fixture with a checklist, in a temporary folder.
    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for entry in walkdir::WalkDir::new(fixtures.join("basic")) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(fixtures.join("basic")).unwrap();
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
        fs::copy(
            fixtures.join("checklists/fit.yaml"),
            dir.path().join("content/zeta/fit.yaml"),
        )
        .unwrap();
        dir
    }

    /// What a fresh build of the site on disk gives now.
    fn clean_build(root: &Path) -> Arc<Files> {
        let mut builder = Builder::new(root, false);
        builder
            .rebuild(&[])
            .unwrap_or_else(|d| panic!("{d:?}"))
            .files
    }

    fn assert_same(incremental: &Files, clean: &Files, step: &str) {
        let mut differences: Vec<&String> = incremental
            .keys()
            .chain(clean.keys())
            .filter(|path| match (incremental.get(*path), clean.get(*path)) {
                // Numbered in another order after edits: the same words, though.
                (Some(a), Some(b)) if path.ends_with("search-index.js") => {
                    crate::search::read_back(a) != crate::search::read_back(b)
                }
                (a, b) => a != b,
            })
            .collect();
        differences.sort();
        differences.dedup();
        assert!(
            differences.is_empty(),
            "after {step}, these files differ from a clean build: {differences:?}"
        );
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} has no `{from}`", path.display());
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn rebuilds_after_any_series_of_edits_equal_a_clean_build() {
        let site = fixture();
        let root = site.path();
        let content = root.join("content");
        let first = content.join("zeta/a-first.md");
        let second = content.join("zeta/b-second.md");
        let mut builder = Builder::new(root, false);
        builder.rebuild(&[]).unwrap();

        type Step<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>, Option<usize>);
        let steps: Vec<Step> = vec![
            (
                "an edit of an article's text",
                Box::new(|| {
                    edit(&first, "First by title", "First, by its title,");
                    vec![first.clone()]
                }),
                Some(1),
            ),
            (
                "a new summary (the section and home pages list it)",
                Box::new(|| {
                    edit(&first, "weight: 5", "weight: 5\nsummary: Now summed up.");
                    vec![first.clone()]
                }),
                Some(3),
            ),
            (
                "a longer text (its reading time in listings)",
                Box::new(|| {
                    let text = fs::read_to_string(&second).unwrap();
                    fs::write(&second, text + &"word ".repeat(900)).unwrap();
                    vec![second.clone()]
                }),
                Some(3),
            ),
            (
                "a checklist's question",
                Box::new(|| {
                    let fit = content.join("zeta/fit.yaml");
                    let text = fs::read_to_string(&fit).unwrap();
                    let changed =
                        text.replacen("rather than a one-off job?", "rather than one job?", 1);
                    assert_ne!(text, changed);
                    fs::write(&fit, changed).unwrap();
                    vec![fit]
                }),
                None,
            ),
            (
                "a checklist shown in an article",
                Box::new(|| {
                    let text = fs::read_to_string(&second).unwrap();
                    // Written with a space, which the shortcode allows.
                    fs::write(&second, text + "\n{{ checklist (id=\"fit\") }}\n").unwrap();
                    vec![second.clone()]
                }),
                None,
            ),
            (
                "a question of the checklist an article shows",
                Box::new(|| {
                    let fit = content.join("zeta/fit.yaml");
                    edit(&fit, "rather than one job?", "rather than a single job?");
                    vec![fit]
                }),
                // The checklist's page and the article showing it.
                Some(2),
            ),
            (
                "two files at once",
                Box::new(|| {
                    edit(&first, "Now summed up.", "Summed up again.");
                    let text = fs::read_to_string(&second).unwrap();
                    fs::write(&second, text + "\nOne more line.\n").unwrap();
                    vec![first.clone(), second.clone()]
                }),
                None,
            ),
            (
                "a new title (every sidebar shows it)",
                Box::new(|| {
                    edit(&first, "title: A by title", "title: A retitled");
                    vec![first.clone()]
                }),
                None,
            ),
            (
                "new tags (tag pages, related pages)",
                Box::new(|| {
                    edit(&second, "title:", "tags: [pricing, basics]\ntitle:");
                    vec![second.clone()]
                }),
                None,
            ),
            (
                "a new weight (the order changes)",
                Box::new(|| {
                    edit(&first, "weight: 5", "weight: 50");
                    vec![first.clone()]
                }),
                None,
            ),
            (
                "a new article",
                Box::new(|| {
                    let new = content.join("zeta/c-new.md");
                    fs::write(&new, "---\ntitle: Brand new\n---\n\nFresh.\n").unwrap();
                    vec![new]
                }),
                None,
            ),
            (
                "a renamed article",
                Box::new(|| {
                    let (from, to) = (
                        content.join("zeta/c-new.md"),
                        content.join("zeta/d-moved.md"),
                    );
                    fs::rename(&from, &to).unwrap();
                    vec![from, to]
                }),
                None,
            ),
            (
                "a deleted article",
                Box::new(|| {
                    let gone = content.join("zeta/d-moved.md");
                    fs::remove_file(&gone).unwrap();
                    vec![gone]
                }),
                None,
            ),
            (
                "a draft section's index deleted (the section appears)",
                Box::new(|| {
                    let index = content.join("hidden/_index.md");
                    fs::create_dir_all(index.parent().unwrap()).unwrap();
                    fs::write(&index, "---\ntitle: Hidden\ndraft: true\n---\n").unwrap();
                    fs::write(
                        content.join("hidden/inside.md"),
                        "---\ntitle: Inside\n---\n",
                    )
                    .unwrap();
                    vec![index, content.join("hidden/inside.md")]
                }),
                None,
            ),
            (
                "…and then deleted",
                Box::new(|| {
                    let index = content.join("hidden/_index.md");
                    fs::remove_file(&index).unwrap();
                    vec![index]
                }),
                None,
            ),
            (
                "a static stylesheet",
                Box::new(|| {
                    let css = root.join("static/extra.css");
                    fs::write(&css, "body { color: #123456; }\n").unwrap();
                    vec![css]
                }),
                Some(0),
            ),
            (
                "a new static file",
                Box::new(|| {
                    let new = root.join("static/new.txt");
                    fs::write(&new, "hello\n").unwrap();
                    vec![new]
                }),
                None,
            ),
            (
                "a section's intro",
                Box::new(|| {
                    let index = content.join("zeta/_index.md");
                    edit(&index, "The first section", "The very first section");
                    vec![index]
                }),
                Some(1),
            ),
            (
                "the site's title in site.yaml",
                Box::new(|| {
                    let config = root.join("site.yaml");
                    edit(
                        &config,
                        "description: A fixture handbook.",
                        "description: Changed.",
                    );
                    vec![config]
                }),
                None,
            ),
            (
                "a template of the site's own",
                Box::new(|| {
                    let template = root.join("templates/404.html");
                    fs::create_dir_all(template.parent().unwrap()).unwrap();
                    fs::write(
                        &template,
                        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock %}",
                    )
                    .unwrap();
                    vec![template]
                }),
                None,
            ),
        ];
        for (step, change, expected) in steps {
            let changed = change();
            let report = builder
                .rebuild(&changed)
                .unwrap_or_else(|d| panic!("{step}: {d:?}"));
            let clean = Builder::new(root, false)
                .rebuild(&[])
                .unwrap_or_else(|d| panic!("{d:?}"));
            assert_same(&report.files, &clean.files, step);
            let names = |cards: &CardFiles| cards.keys().cloned().collect::<BTreeSet<String>>();
            assert_eq!(names(&report.cards), names(&clean.cards), "{step}: cards");
            if let Some(pages) = expected {
                assert!(!report.full, "{step}: rendered the whole site");
                assert_eq!(report.rendered, pages, "{step}: pages rendered");
                assert!(report.quick, "{step}: not by the shortest way");
            }
        }
    }

    #[test]
    fn a_checklist_translation_that_drifts_from_its_original_fails_the_rebuild() {
        let site = fixture();
        let root = site.path();
        let config = root.join("site.yaml");
        let text = fs::read_to_string(&config).unwrap();
        fs::write(&config, text + "languages: { it: { title: Manuale } }\n").unwrap();
        let translation = root.join("content/zeta/fit.it.yaml");
        fs::copy(root.join("content/zeta/fit.yaml"), &translation).unwrap();
        let mut builder = Builder::new(root, false);
        builder.rebuild(&[]).unwrap();
        edit(&translation, "weight: 2", "weight: 3");
        let Err(problems) = builder.rebuild(std::slice::from_ref(&translation)) else {
            panic!("a translation with another weight builds");
        };
        assert!(problems
            .iter()
            .any(|d| d.path == translation && d.message.contains("weight")));
        edit(&translation, "weight: 3", "weight: 2");
        let report = builder.rebuild(std::slice::from_ref(&translation)).unwrap();
        assert_same(
            &report.files,
            &clean_build(root),
            "the translation put right",
        );
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_build_and_the_fix_equals_a_clean_build() {
        let site = fixture();
        let root = site.path();
        let first = root.join("content/zeta/a-first.md");
        let mut builder = Builder::new(root, false);
        let good = builder.rebuild(&[]).unwrap().files;

        edit(&first, "title: A by title", "title: [unclosed");
        let Err(problems) = builder.rebuild(std::slice::from_ref(&first)) else {
            panic!("a broken front matter builds");
        };
        assert!(problems.iter().any(|d| d.path == first && d.line == 2));
        assert!(Arc::ptr_eq(&builder.files(), &good));

        // A stylesheet saved while the article is broken is still copied
        // once the article is fixed.
        let css = root.join("static/extra.css");
        fs::write(&css, "main { color: #222; }\n").unwrap();
        assert!(builder.rebuild(std::slice::from_ref(&css)).is_err());

        // Meanwhile another file changes; the fix must catch up with both.
        let second = root.join("content/zeta/b-second.md");
        let text = fs::read_to_string(&second).unwrap();
        fs::write(&second, text + "\nWritten while the other was broken.\n").unwrap();
        assert!(builder.rebuild(std::slice::from_ref(&second)).is_err());

        edit(&first, "title: [unclosed", "title: A by title");
        let report = builder.rebuild(std::slice::from_ref(&first)).unwrap();
        assert_same(&report.files, &clean_build(root), "the fix");

        // A link to a page that does not exist is a render error: the same.
        edit(
            &first,
            "See [the Italian",
            "See [nothing](nowhere.md) and [the Italian",
        );
        assert!(builder.rebuild(std::slice::from_ref(&first)).is_err());
        edit(
            &first,
            "See [nothing](nowhere.md) and [the Italian",
            "See [the Italian",
        );
        let report = builder.rebuild(std::slice::from_ref(&first)).unwrap();
        assert_same(&report.files, &clean_build(root), "the fixed link");

        // A heading renamed under a link from another page: the link breaks.
        let target = root.join("content/alpha-section/perché-parlo.md");
        let text = fs::read_to_string(&target).unwrap();
        let heading = text
            .lines()
            .find(|l| l.starts_with("## "))
            .unwrap()
            .to_string();
        fs::write(&target, text.replace(&heading, "## Renamed")).unwrap();
        let Err(problems) = builder.rebuild(std::slice::from_ref(&target)) else {
            panic!("a link to the renamed heading still builds");
        };
        assert!(problems.iter().any(|d| d.path == first), "{problems:?}");
        fs::write(&target, &text).unwrap();
        let report = builder.rebuild(std::slice::from_ref(&target)).unwrap();
        assert_same(&report.files, &clean_build(root), "the heading back");
    }
}
