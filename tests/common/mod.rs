//! A small fixture-site harness: copy or write a site into a temp folder, run
//! the real `rapport` binary in it, and look at what it printed and wrote.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A site in a temporary folder.
pub struct TestSite {
    dir: TempDir,
}

/// What one run of `rapport` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.path(),
        );
        site
    }

    /// A copy of the repository's own example playbook.
    pub fn example() -> TestSite {
        let site = TestSite::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["content", "static"] {
            copy_dir(&repo.join(folder), &site.path().join(folder));
        }
        fs::copy(repo.join("site.yaml"), site.path().join("site.yaml")).unwrap();
        site
    }

    /// Writes (or overwrites) a file of the site.
    pub fn file(self, rel: &str, text: impl AsRef<[u8]>) -> TestSite {
        self.write(rel, text);
        self
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path().join(rel)).unwrap();
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `rapport ARGS` with the site's folder as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `rapport build` into `public/`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A built file, from `public/`.
    pub fn output(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn output_exists(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).exists()
    }

    /// Every file under `public/` with its contents, to compare two states.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let root = self.path().join("public");
        walkdir::WalkDir::new(&root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&root).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    /// Every HTML file under `public/`, relative.
    pub fn html_files(&self) -> Vec<String> {
        self.snapshot()
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect()
    }
}

impl Run {
    /// Fails with both outputs unless the exit code is `code`.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The values of every `attr="…"` in `html`, unescaped enough for paths.
pub fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {html}"))
        + start.len();
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"))
        + from;
    &html[from..to]
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The contract's hooks of the questionnaire of
/// `tests/fixtures/checklists/fit.yaml`, wherever `html` shows it: the form,
/// each question a fieldset with its legend first and its inputs named after
/// it, the figures, the result, the flags, a status region, points to score
/// by hand.
pub fn assert_fit_hooks(html: &str) {
    assert!(
        html.contains(r#"<form class="checklist" data-checklist="are-we-a-fit">"#),
        "no checklist form in:\n{html}"
    );
    for question in ["long-term", "budget", "involvement", "channels"] {
        let fieldset = between(
            html,
            &format!(r#"data-question="{question}">"#),
            "</fieldset>",
        );
        assert!(
            fieldset.trim_start().starts_with("<legend>"),
            "{question}: legend is not the first child"
        );
        assert!(
            fieldset.contains(&format!(r#"name="{question}""#)),
            "{question}"
        );
    }
    for hook in [
        "data-score",
        "data-max",
        "data-percent",
        "data-answered",
        "data-result",
        "data-flags",
        r#"data-dimension="values""#,
        r#"role="status""#,
        "3 pts",
    ] {
        assert!(html.contains(hook), "{hook} missing");
    }
}
