//! The output folder, replaced all at once.
//!
//! A build writes into a staging folder beside the output and swaps it in only
//! when everything succeeded, so a failed build leaves the previous site exactly
//! as it was. rapport only ever replaces a folder that is empty or carries its
//! marker file, and never one that holds the site itself.

use crate::diagnostics::Diagnostic;
use crate::render::Sink;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The file that says "rapport wrote this folder; it may replace it".
pub const MARKER: &str = ".rapport-output";
const MARKER_TEXT: &str =
    "This folder is written by `rapport build`, which replaces it whole on every build.\n";

/// A staging folder being filled, to become the output on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// Folders that builds stopped half-way (killed, a power cut) had left
    /// beside the output, removed while opening this one.
    pub removed: Vec<PathBuf>,
    /// The output being replaced was written by rapport: its files may be reused.
    previous: bool,
}

/// Checks that `out` may be (re)placed, and opens a staging folder beside it.
pub fn stage(site_root: &Path, out: &Path) -> Result<Staging, Diagnostic> {
    let target = absolute(out);
    let site = absolute(site_root);
    let refuse = |message: String, hint: &str| {
        Err(Diagnostic::file_error(&target, message).with_hint(hint.to_string()))
    };
    if site.starts_with(&target) {
        return refuse(
            "the output folder would contain the site itself".into(),
            "choose an output folder inside the site, such as public/ (the default)",
        );
    }
    if target.join("content").is_dir() {
        return refuse(
            "the output folder holds a content/ folder: it looks like a site".into(),
            "choose another output folder, such as public/ (the default)",
        );
    }
    // Inside a folder rapport reads, the output would be read back into the
    // next build (and copied into itself from static/).
    for source in ["content", "static", "templates", "themes", "i18n"] {
        if target.starts_with(absolute(&site.join(source))) {
            return refuse(
                format!("the output folder must not be inside the site's {source}/ folder"),
                "choose another output folder, such as public/ (the default)",
            );
        }
    }
    if target.exists() {
        if !target.is_dir() {
            return refuse(
                "the output path is a file, not a folder".into(),
                "choose another --out",
            );
        }
        let ours = target.join(MARKER).is_file();
        // Dot entries (a deploy repository's `.git`) are carried into every new
        // build, so a folder holding only those loses nothing.
        let empty = fs::read_dir(&target)
            .map(|d| {
                d.flatten()
                    .all(|e| e.file_name().to_string_lossy().starts_with('.'))
            })
            .unwrap_or(false);
        if !ours && !empty {
            return refuse(
                "this folder has files rapport did not write; it will not replace them".into(),
                "empty it or remove it yourself, or choose another --out",
            );
        }
    }
    let parent = target.parent().unwrap_or(Path::new("/"));
    fs::create_dir_all(parent).map_err(|e| {
        Diagnostic::file_error(
            parent,
            format!("cannot create the output's parent folder: {e}"),
        )
    })?;
    let name = target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().to_string());
    let removed = remove_leftovers(parent, &name);
    let dir = parent.join(format!(".{name}.rapport-staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir(&dir).map_err(|e| {
        Diagnostic::file_error(&dir, format!("cannot create a staging folder: {e}"))
    })?;
    fs::write(dir.join(MARKER), MARKER_TEXT)
        .map_err(|e| Diagnostic::file_error(&dir, format!("cannot write: {e}")))?;
    let previous = target.join(MARKER).is_file();
    Ok(Staging {
        target,
        dir,
        removed,
        previous,
    })
}

/// Removes the staging and old folders (`.NAME.rapport-staging-PID`,
/// `.NAME.rapport-old-PID`) of builds of the output `name` in `parent` whose
/// process is gone: a build killed half-way leaves one behind, as large as the
/// site. Only a real folder with exactly such a name and rapport's marker
/// inside is removed; a process still running may be building into it.
fn remove_leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = leftover_pid(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let path = entry.path();
        let is_folder = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        let marked = fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if is_folder && marked && !process_is_running(pid) && fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// The process id in a leftover's name (`.public.rapport-staging-4242`), if
/// the name is exactly that of a staging or old folder of output `name`.
fn leftover_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let digits = rest
        .strip_prefix(".rapport-staging-")
        .or_else(|| rest.strip_prefix(".rapport-old-"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pid: u32 = digits.parse().ok()?;
    (pid != std::process::id() && pid > 0).then_some(pid)
}

/// Whether a process with this id exists (any process: a reused id keeps the
/// folder, the safe side).
#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // Signal 0 checks that the process exists without touching it; EPERM
    // means it exists under another user.
    // SAFETY: kill with signal 0 sends nothing and reads no memory of ours.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Elsewhere nothing is known to be gone: keep every folder.
#[cfg(not(unix))]
fn process_is_running(_: u32) -> bool {
    true
}

impl Staging {
    /// Swaps the staging folder in, carrying over the old output's top-level
    /// dot entries (a `.git` of a deploy repository, say) unless the new build
    /// has its own. On any failure the old output is put back as it was and the
    /// staging folder removed.
    pub fn commit(self) -> io::Result<PathBuf> {
        let result = self.swap();
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }

    fn swap(&self) -> io::Result<PathBuf> {
        let name = self
            .target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy());
        let old = self
            .dir
            .with_file_name(format!(".{name}.rapport-old-{}", std::process::id()));
        let mut carried = Vec::new();
        if fs::symlink_metadata(&self.target).is_ok() {
            if !self.target.is_dir() {
                return Err(io::Error::other(format!(
                    "{} is not a folder",
                    self.target.display()
                )));
            }
            for entry in fs::read_dir(&self.target)? {
                let name = entry?.file_name();
                let dot = name.to_string_lossy().starts_with('.');
                if dot && name != MARKER && !self.dir.join(&name).exists() {
                    carried.push(name);
                }
            }
            let undo = |moved: &[std::ffi::OsString]| {
                for name in moved {
                    let _ = fs::rename(self.dir.join(name), self.target.join(name));
                }
            };
            for (i, name) in carried.iter().enumerate() {
                if let Err(e) = fs::rename(self.target.join(name), self.dir.join(name)) {
                    undo(&carried[..i]);
                    return Err(e);
                }
            }
            if let Err(e) = fs::rename(&self.target, &old) {
                undo(&carried);
                return Err(e);
            }
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if fs::rename(&old, &self.target).is_ok() {
                for name in &carried {
                    let _ = fs::rename(self.dir.join(name), self.target.join(name));
                }
            }
            return Err(e);
        }
        let _ = fs::remove_dir_all(&old);
        Ok(self.target.clone())
    }

    /// Removes the staging folder, leaving the output as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        // Every path comes from the site's own names; this is the last guard
        // that none of them can reach outside the output.
        if !inside(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{path}` would be written outside the output folder"),
            ));
        }
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(file, bytes)
    }

    fn reuse(&self, path: &str) -> bool {
        if !self.previous || !inside(path) {
            return false;
        }
        let (old, new) = (self.target.join(path), self.dir.join(path));
        // A second name for the same file: nothing is copied, and the file
        // outlives the old output's removal. One system call when the
        // folder exists, as it does for all but the first file.
        match fs::hard_link(&old, &new) {
            Ok(()) => true,
            Err(_) if !old.is_file() => false,
            Err(_) => {
                let made = new.parent().is_none_or(|p| fs::create_dir_all(p).is_ok());
                made && (fs::hard_link(&old, &new).is_ok() || fs::copy(&old, &new).is_ok())
            }
        }
    }
}

/// Whether `path` is a plain relative path, which stays inside the output.
fn inside(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Drops every file: for `rapport check`.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn keeps_files(&self) -> bool {
        false
    }
}

/// `path` made absolute and lexically cleaned, whether or not it exists.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Resolve symlinks in the longest part that exists, so that `public -> ..`
    // or `link-to-content/out` is seen for what it is.
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return clean,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_the_site_or_a_foreign_folder() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        assert!(stage(site.path(), site.path()).is_err());
        assert!(stage(site.path(), &site.path().join("content/out")).is_err());
        let foreign = site.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let err = stage(site.path(), &foreign).err().unwrap();
        assert!(err.message.contains("did not write"), "{}", err.message);
        assert_eq!(
            std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn only_exact_leftover_names_of_this_output_count() {
        assert_eq!(
            leftover_pid(".public.rapport-staging-42", "public"),
            Some(42)
        );
        assert_eq!(leftover_pid(".public.rapport-old-7", "public"), Some(7));
        for other in [
            ".public.rapport-staging-",
            ".public.rapport-staging-4x",
            ".public.rapport-staging-+4",
            ".public.rapport-staging-0",
            "public.rapport-staging-42",
            ".docs.rapport-staging-42",
            ".public.rapport-new-42",
        ] {
            assert_eq!(leftover_pid(other, "public"), None, "{other}");
        }
        let own = format!(".public.rapport-old-{}", std::process::id());
        assert_eq!(leftover_pid(&own, "public"), None);
    }

    #[test]
    fn commit_swaps_and_keeps_dot_entries() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let first = stage(site.path(), &out).unwrap();
        first.write("index.html", b"one").unwrap();
        first.commit().unwrap();
        std::fs::create_dir(out.join(".git")).unwrap();
        let second = stage(site.path(), &out).unwrap();
        second.write("other.html", b"two").unwrap();
        second.commit().unwrap();
        assert!(!out.join("index.html").exists());
        assert!(out.join("other.html").exists());
        assert!(out.join(".git").is_dir());
        let leftovers: Vec<_> = std::fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
