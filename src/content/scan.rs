//! What is under `content/`: the section folders, the pages' files (Markdown
//! and YAML) and every other file, found in one walk in name order.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What is under `content/`.
#[derive(Default)]
pub(super) struct Scan {
    /// Markdown articles and YAML checklists.
    pub(super) pages: Vec<PathBuf>,
    /// Section folders, sorted by name.
    pub(super) folders: Vec<(String, PathBuf)>,
    /// Other files: (path, section folder, file name).
    pub(super) assets: Vec<(PathBuf, Option<String>, String)>,
}

pub(super) fn scan(content: &Path, diagnostics: &mut Diagnostics) -> Scan {
    let mut scan = Scan::default();
    // Symlinked folders are followed: a shared folder linked into several sites
    // is content like any other (walkdir stops at loops).
    let mut walker = WalkDir::new(content)
        .follow_links(true)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(content).to_path_buf();
                diagnostics.push(Diagnostic::file_error(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || super::is_editor_litter(&name) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let path = entry.path().to_path_buf();
        if entry.file_type().is_dir() {
            if entry.depth() == 1 {
                scan.folders.push((name, path));
            } else {
                diagnostics.push(
                    Diagnostic::file_error(&path, "folders inside a section are not supported")
                        .with_hint("sections are the folders directly under content/; move these files up one level"),
                );
                walker.skip_current_dir();
            }
            continue;
        }
        let folder = (entry.depth() == 2)
            .then(|| path.parent().and_then(Path::file_name))
            .flatten()
            .map(|f| f.to_string_lossy().to_string());
        match path.extension().and_then(|e| e.to_str()) {
            Some("md" | "yaml" | "yml") => scan.pages.push(path),
            _ => scan.assets.push((path, folder, name)),
        }
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_is_not_content() {
        for name in [
            ".fewer.md.swp",
            "fewer.md~",
            "#fewer.md#",
            "4913",
            ".DS_Store",
        ] {
            assert!(crate::content::is_editor_litter(name), "{name}");
        }
        assert!(!crate::content::is_editor_litter("fewer.md"));
    }

    #[test]
    fn a_walk_finds_sections_pages_and_other_files() {
        let dir = std::env::temp_dir().join(format!("rapport-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("clients/deep")).unwrap();
        for file in [
            "_index.md",
            "clients/a.md",
            "clients/fit.yaml",
            "clients/photo.jpg",
            "clients/.a.md.swp",
        ] {
            std::fs::write(dir.join(file), "x").unwrap();
        }
        let mut diagnostics = Diagnostics::new();
        let found = scan(&dir, &mut diagnostics);
        let names = |paths: &[PathBuf]| -> Vec<String> {
            paths
                .iter()
                .map(|p| {
                    p.strip_prefix(&dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect()
        };
        assert_eq!(
            names(&found.pages),
            ["_index.md", "clients/a.md", "clients/fit.yaml"]
        );
        assert_eq!(found.folders.len(), 1);
        assert_eq!(found.folders[0].0, "clients");
        assert_eq!(found.assets.len(), 1);
        assert_eq!(found.assets[0].1.as_deref(), Some("clients"));
        assert_eq!(found.assets[0].2, "photo.jpg");
        // A folder inside a section is an error, named.
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["folders inside a section are not supported"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
