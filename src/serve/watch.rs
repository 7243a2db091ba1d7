//! Watching the site's files: which changes matter, and the quiet period that
//! turns the bursts of events of one save (or of a `git checkout`) into one
//! rebuild.

use crate::content::is_editor_litter;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long the files must stay still before a rebuild starts. An editor's
/// save (write a temporary file, rename it, delete the backup) takes well
/// under a millisecond between events.
pub const QUIET: Duration = Duration::from_millis(20);
/// A stream of changes that never pauses still gets a rebuild this often.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// The folders under the site root that a build reads.
const FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", "i18n"];

/// What reaches the builder thread.
pub enum Message {
    Event(notify::Result<Event>),
    Stop,
}

/// A batch of changes to build.
pub struct Batch {
    /// Changed paths that matter, sorted (the site root itself after the
    /// system lost track of events: everything may have changed).
    pub paths: Vec<PathBuf>,
    /// When the last of them was seen.
    pub last_event: Instant,
}

/// Watches the site at `root` (an absolute path); events go to `sender`.
pub struct SiteWatcher {
    root: PathBuf,
    inner: RecommendedWatcher,
}

impl SiteWatcher {
    pub fn new(root: &Path, sender: Sender<Message>) -> notify::Result<SiteWatcher> {
        let inner = notify::recommended_watcher(move |event| {
            let _ = sender.send(Message::Event(event));
        })?;
        let mut watcher = SiteWatcher {
            root: root.to_path_buf(),
            inner,
        };
        // The root itself, not recursively: site.yaml, and the folders below
        // appearing or going.
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        for folder in FOLDERS {
            watcher.watch_folder(&root.join(folder));
        }
        Ok(watcher)
    }

    /// Watches one of the site's folders, if it exists (again, after it was
    /// deleted and made anew).
    fn watch_folder(&mut self, path: &Path) {
        if path.is_dir() {
            let _ = self.inner.unwatch(path);
            if let Err(e) = self.inner.watch(path, RecursiveMode::Recursive) {
                eprintln!(
                    "warning: {}: changes here will not be seen: {e}",
                    crate::diagnostics::display_path(path).display()
                );
                eprintln!(
                    "  hint: on Linux, raise fs.inotify.max_user_watches (sysctl) and start again"
                );
            }
        }
    }

    /// Waits for the next batch of changes that matter; `None` on [`Message::Stop`].
    pub fn next_batch(&mut self, messages: &Receiver<Message>) -> Option<Batch> {
        let mut paths = BTreeSet::new();
        let mut first_event: Option<Instant> = None;
        let mut last_event = Instant::now();
        loop {
            let message = match first_event {
                None => messages.recv().ok()?,
                Some(first) => {
                    let wait = QUIET.min(LONGEST_WAIT.saturating_sub(first.elapsed()));
                    match messages.recv_timeout(wait) {
                        Ok(message) => message,
                        Err(RecvTimeoutError::Timeout) => {
                            return Some(Batch {
                                paths: paths.into_iter().collect(),
                                last_event,
                            })
                        }
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            let event = match message {
                Message::Stop => return None,
                Message::Event(Ok(event)) => event,
                // The system dropped events: look at everything again.
                Message::Event(Err(_)) => Event::new(EventKind::Other).add_path(self.root.clone()),
            };
            if self.take(event, &mut paths) {
                last_event = Instant::now();
                first_event.get_or_insert(last_event);
            }
        }
    }

    /// Adds the paths of `event` that matter to `paths`; whether there was one.
    fn take(&mut self, event: Event, paths: &mut BTreeSet<PathBuf>) -> bool {
        if event.need_rescan() {
            paths.insert(self.root.clone());
            return true;
        }
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        let mut any = false;
        for path in event.paths {
            let Some(rel) = path.strip_prefix(&self.root).ok() else {
                continue;
            };
            if rel.components().count() == 1 && FOLDERS.iter().any(|f| rel == Path::new(f)) {
                self.watch_folder(&path);
            }
            if matters(rel) {
                paths.insert(path);
                any = true;
            }
        }
        any
    }
}

/// Whether a change at `rel` (relative to the site root) can change the site:
/// site.yaml and the folders a build reads, but not editors' swap files and
/// backups, nor what a build skips (dot files in content/, `.git`).
pub fn matters(rel: &Path) -> bool {
    let mut parts = rel.iter().filter_map(|part| part.to_str());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == "site.yaml" {
        return rel.components().count() == 1;
    }
    if !FOLDERS.contains(&first) {
        return false;
    }
    let in_content = first == "content";
    parts.all(|name| {
        !(is_editor_litter(name) || name == ".git" || in_content && name.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temporary_files_do_not_matter() {
        for path in [
            "site.yaml",
            "content/guide/first.md",
            "content/guide",
            "content",
            "static/style.css",
            "static/.well-known/security.txt",
            "templates/base.html",
            "themes/mine/static/site.css",
            "i18n/it.yaml",
        ] {
            assert!(matters(Path::new(path)), "{path}");
        }
        for path in [
            "public/index.html",
            "README.md",
            ".git/index",
            "content/guide/.first.md.swp",
            "content/guide/.first.md.swx",
            "content/guide/4913",
            "content/guide/first.md~",
            "content/guide/#first.md#",
            "content/guide/.#first.md",
            "content/guide/first.md___jb_tmp___",
            "content/.hidden/x.md",
            "static/.git/HEAD",
            "static/.style.css.swp",
            "static/.DS_Store",
            "templates/4913",
            "site.yaml~",
            "other/site.yaml",
        ] {
            assert!(!matters(Path::new(path)), "{path}");
        }
    }
}
