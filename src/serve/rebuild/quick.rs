//! The shortest rebuild: after an edit of a few pages that moves nothing
//! (same titles, addresses, order), those pages are read again in place and
//! rendered with the listings that show a changed summary; changed static
//! files are copied again. Anything more falls back to the load in `mod.rs`.

use super::plan::{listings_of, showing_checklists, summary};
use super::{card_files, copy_changed_files, is_inside, Builder, Good, Memory, Report};
use crate::content::{self, Page, Reloaded, Site};
use crate::diagnostics::Diagnostics;
use crate::render::{Renderer, Sink};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// At most this many changed files take the short way.
const MOST: usize = 16;

/// The changed files of a quick rebuild: files to copy again, pages to read again.
struct Changes {
    copies: Vec<PathBuf>,
    sources: Vec<PathBuf>,
}

impl Builder {
    /// The quick rebuild after `changed`; `None` when the change needs more.
    pub(super) fn quick(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<Result<Report, Diagnostics>> {
        if self.full_pending || changed.is_empty() || changed.len() > MOST {
            return None;
        }
        let good = self.last.as_mut()?;
        let changes = Changes::sort(good, &self.root, changed)?;
        let replaced = match reload(&mut good.site, &self.cache, &changes.sources)? {
            Ok(replaced) => replaced,
            Err(diagnostics) => return Some(Err(diagnostics)),
        };
        let After {
            wanted,
            summaries_changed,
            fronts_changed,
        } = wanted_after(&good.site, &replaced);
        let mut diagnostics = Diagnostics::new();
        let memory = Memory::default();
        let renderer = Renderer::new(&good.site, &good.theme, &mut diagnostics);
        let (rendered, problems, newer) =
            renderer.render_pages(&memory, |page| wanted.contains(&page.url_path));
        diagnostics.extend(problems);
        let mut search = good.search.clone();
        search.update(newer.search.iter());
        for (path, bytes) in search.changed_files() {
            let _ = memory.write(&path, &bytes);
        }
        let mut harvest = good.harvest.clone();
        harvest.update(newer);
        diagnostics.extend(harvest.check());
        for (path, html) in renderer.render_print(&harvest, &mut diagnostics) {
            let _ = memory.write(&path, &html);
        }
        copy_changed_files(
            &renderer,
            &good.site,
            &changes.copies,
            &memory,
            &mut diagnostics,
        );
        // Feeds and the sitemap show what front matter says, and titles.
        if fronts_changed {
            for (path, bytes) in crate::render::feeds::files(&good.site) {
                if !good.static_files.contains(&path) {
                    let _ = memory.write(&path, &bytes);
                }
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
        let changed = good.take_in(memory, &self.root);
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

impl Changes {
    /// Sorts `changed` into copies and pages; `None` when one of them needs
    /// more than a quick rebuild (the logo, a page gone, a checklist with
    /// translations).
    fn sort(good: &Good, root: &std::path::Path, changed: &[PathBuf]) -> Option<Changes> {
        let static_dir = root.join("static");
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
        let (copies, sources): (Vec<PathBuf>, Vec<PathBuf>) = changed
            .iter()
            .filter(|path| !gone_unseen(path))
            .cloned()
            .partition(is_copy);
        // A page or file deleted or renamed away changes the outline.
        if sources.iter().any(|path| !path.is_file()) {
            return None;
        }
        // A checklist's translations are checked against each other when the
        // site loads: let the whole load do that.
        let checklist = |path: &PathBuf| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        };
        if good.site.languages.len() > 1 && sources.iter().any(checklist) {
            return None;
        }
        Some(Changes { copies, sources })
    }
}

/// Reads the pages of `sources` again in place; gives back the pages they
/// replaced. `None` when one moved (the site's outline changed); the problems
/// when one fails to load. Either way `site` is left as it was.
fn reload(
    site: &mut Site,
    cache: &content::SourceCache,
    sources: &[PathBuf],
) -> Option<Result<Vec<Page>, Diagnostics>> {
    let mut replaced: Vec<Page> = Vec::new();
    for path in sources {
        match content::reload_page(site, cache, path) {
            Reloaded::Replaced(old) => replaced.push(*old),
            Reloaded::Moved => {
                put_back(site, replaced);
                return None;
            }
            Reloaded::Failed(problems) => {
                put_back(site, replaced);
                let mut diagnostics = Diagnostics::new();
                diagnostics.extend(problems);
                return Some(Err(diagnostics));
            }
        }
    }
    Some(Ok(replaced))
}

/// What pages read again change.
struct After {
    /// The pages to render: each whose text changed (with the pages showing
    /// it, for a checklist), and the listings of each whose summary changed.
    wanted: HashSet<String>,
    /// Whether any summary changed.
    summaries_changed: bool,
    /// Whether any front matter or title changed (or a page went).
    fronts_changed: bool,
}

/// What the pages `replaced` change, now that they were read again.
fn wanted_after(site: &Site, replaced: &[Page]) -> After {
    let mut wanted: HashSet<String> = HashSet::new();
    let (mut summaries_changed, mut fronts_changed) = (false, false);
    for old in replaced {
        let Some(new) = site.pages().find(|p| p.source == old.source) else {
            fronts_changed = true;
            continue;
        };
        fronts_changed |= new.front != old.front || new.title != old.title;
        if old.text != new.text {
            wanted.insert(new.url_path.clone());
            if new.checklist.is_some() {
                wanted.extend(showing_checklists(site).map(|p| p.url_path.clone()));
            }
        }
        if summary(old) != summary(new) {
            wanted.extend(listings_of(site, &new.url_path));
            summaries_changed = true;
        }
    }
    After {
        wanted,
        summaries_changed,
        fronts_changed,
    }
}

/// Puts pages read again back as they were (the change did not build).
fn put_back(site: &mut Site, pages: Vec<Page>) {
    for old in pages {
        if let Some(page) = site.page_mut(&old.source.clone()) {
            *page = old;
        }
    }
}

impl Good {
    /// Takes in the files a quick rebuild wrote (but those of assets outside
    /// the site, which are not served); returns the paths that changed, sorted.
    fn take_in(&mut self, memory: Memory, root: &std::path::Path) -> Vec<String> {
        let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed: Vec<String> = written
            .iter()
            .filter(|(path, bytes)| self.files.get(path) != Some(bytes))
            .map(|(path, _)| path.clone())
            .collect();
        changed.sort();
        let mut files = (*self.files).clone();
        let site = &self.site;
        let outside = |path: &str| {
            site.assets
                .iter()
                .any(|a| a.output == path && !is_inside(&a.source, root))
        };
        files.extend(written.into_iter().filter(|(path, _)| !outside(path)));
        self.files = Arc::new(files);
        changed
    }
}
