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
    if target.starts_with(site.join("content")) || target.join("content").is_dir() {
        return refuse(
            "the output folder must not be, or be inside, a content/ folder".into(),
            "choose another output folder, such as public/ (the default)",
        );
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
    let dir = parent.join(format!(".{name}.rapport-staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir(&dir).map_err(|e| {
        Diagnostic::file_error(&dir, format!("cannot create a staging folder: {e}"))
    })?;
    fs::write(dir.join(MARKER), MARKER_TEXT)
        .map_err(|e| Diagnostic::file_error(&dir, format!("cannot write: {e}")))?;
    Ok(Staging { target, dir })
}

impl Staging {
    /// Swaps the staging folder in, carrying over the old output's top-level
    /// dot entries (a `.git` of a deploy repository, say).
    pub fn commit(self) -> io::Result<PathBuf> {
        let old = self.dir.with_file_name(format!(
            ".{}.rapport-old-{}",
            self.target
                .file_name()
                .map_or("public".into(), |n| n.to_string_lossy()),
            std::process::id()
        ));
        if self.target.exists() {
            for entry in fs::read_dir(&self.target)? {
                let entry = entry?;
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') && name != MARKER {
                    fs::rename(entry.path(), self.dir.join(&name))?;
                }
            }
            fs::rename(&self.target, &old)?;
        }
        fs::rename(&self.dir, &self.target)?;
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
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(file, bytes)
    }
}

/// Drops every file: for `rapport check`.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
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
    // Resolve symlinks where the path exists, so `public -> ..` is seen for what it is.
    fs::canonicalize(&clean).unwrap_or(clean)
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
