//! Parsed files kept between loads for the dev server, and reloading one
//! edited page in place when nothing that places it changed.

use super::parse::{parse_source, read_text, SourceFile};
use super::{Page, Site};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Sources parsed by earlier loads, for the dev server: a file whose size and
/// modification time have not changed since, and which no change event named,
/// is neither read nor parsed again.
#[derive(Default)]
pub struct SourceCache {
    files: Mutex<HashMap<PathBuf, (Stamp, SourceFile)>>,
    /// The site's languages when the files were parsed: they decide what a
    /// `.it.md` suffix means.
    languages: Mutex<Vec<String>>,
}

/// What says a file is the one read last time without reading it.
pub(super) type Stamp = (u64, Option<std::time::SystemTime>);

pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

impl SourceCache {
    pub(super) fn get(&self, path: &Path, stamp: Stamp) -> Option<SourceFile> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .get(path)
            .filter(|(kept, _)| *kept == stamp)
            .map(|(_, file)| file.clone())
    }

    pub(super) fn put(&self, stamp: Stamp, file: &SourceFile) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(file.path.clone(), (stamp, file.clone()));
    }

    /// The file at `path` as it was parsed last.
    fn last_parsed(&self, path: &Path) -> Option<SourceFile> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(path).map(|(_, file)| file.clone())
    }

    /// Forgets the files at `paths` (named by change events: a file rewritten
    /// with the same size within the clock's resolution looks unchanged).
    pub fn forget(&self, paths: &[PathBuf]) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        for path in paths {
            files.remove(path);
        }
    }

    /// Forgets files that are no longer there (a deleted or renamed folder).
    pub(super) fn keep_only(&self, paths: &[PathBuf]) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files.len() > paths.len() {
            let present: HashSet<&PathBuf> = paths.iter().collect();
            files.retain(|path, _| present.contains(path));
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Forgets everything when the site's languages are not those of last time.
    pub(super) fn check_languages(&self, config: &SiteConfig) {
        let now: Vec<String> = config.all_languages().map(str::to_string).collect();
        let mut languages = self.languages.lock().unwrap_or_else(|e| e.into_inner());
        if *languages != now {
            self.clear();
            *languages = now;
        }
    }
}

/// What [`reload_page`] did.
pub enum Reloaded {
    /// The file changed, but nothing that places the page: here is the old page.
    Replaced(Box<Page>),
    /// Its title, address, order, status, aliases or checklist id changed, or
    /// it is not a page the site shows: load the whole site again.
    Moved,
    /// The file no longer reads or parses.
    Failed(Vec<Diagnostic>),
}

/// Reads a page's file again and puts the page in place of its old self, when
/// nothing that decides where the page goes or what others show of its place
/// changed. The dev server's rebuild after an edit of one article.
pub fn reload_page(site: &mut Site, cache: &SourceCache, path: &Path) -> Reloaded {
    let content = site.content_dir();
    let Some(old) = cache.last_parsed(path) else {
        return Reloaded::Moved;
    };
    let stamp = stamp(path);
    let parsed = read_text(path).and_then(|text| parse_source(&content, path, &site.config, text));
    let new = match parsed {
        Ok(file) if file.problems.is_empty() => file,
        Ok(file) => return Reloaded::Failed(file.problems),
        Err(problems) => return Reloaded::Failed(problems),
    };
    if placement(&old) != placement(&new) {
        return Reloaded::Moved;
    }
    if let Some(stamp) = stamp {
        cache.put(stamp, &new);
    }
    let Some(page) = site.page_mut(path) else {
        return Reloaded::Moved;
    };
    let mut front = new.front;
    // An unlisted section's articles are unlisted with it.
    front.unlisted = page.front.unlisted;
    let replacement = Page {
        kind: page.kind,
        key: page.key.clone(),
        lang: page.lang.clone(),
        source: page.source.clone(),
        url_path: page.url_path.clone(),
        title: page.title.clone(),
        front,
        text: new.text,
        body_start: new.body_start,
        word_count: new.word_count,
        checklist: new.checklist,
    };
    Reloaded::Replaced(Box::new(std::mem::replace(page, replacement)))
}

/// What decides a page's place, address and status in the site, and what
/// other pages show of it besides its summary.
fn placement(file: &SourceFile) -> impl PartialEq + '_ {
    let front = &file.front;
    (
        (&front.title, &front.slug, front.weight),
        (front.draft, front.unlisted, &front.aliases),
        // Tag pages, related pages, feeds and "recently updated" follow these.
        (&front.tags, front.date, front.updated),
        file.checklist.as_ref().map(|c| &c.id),
    )
}
