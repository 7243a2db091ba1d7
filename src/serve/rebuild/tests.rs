//! A rebuild after any series of edits equals a clean build of the same files.

use super::*;
use std::collections::BTreeMap;
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
    // With an address, so that the feeds and the sitemap are made too.
    let config = dir.path().join("site.yaml");
    let yaml = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        format!("{yaml}base_url: https://example.com/handbook/\n"),
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
    assert!(clean.contains_key("atom.xml"), "the site has a feed");
    let is_search = |path: &str| path.contains("search-index");
    let mut differences: Vec<&String> = incremental
        .keys()
        .chain(clean.keys())
        .filter(|path| !is_search(path) && incremental.get(*path) != clean.get(*path))
        .collect();
    differences.sort();
    differences.dedup();
    assert!(
        differences.is_empty(),
        "after {step}, these files differ from a clean build: {differences:?}"
    );
    // Numbered in another order after edits, and cut elsewhere: the same
    // pages and the same places of every term, though.
    assert_eq!(
        search_read_back(incremental),
        search_read_back(clean),
        "after {step}, the search index differs from a clean build's"
    );
}

/// Each language's search index read back, by the language's folder; only
/// the scripts its manifest names (a serve may leave one it no longer uses).
fn search_read_back(files: &Files) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for (path, manifest) in files {
        let Some(root) = path.strip_suffix("search-index.js") else {
            continue;
        };
        let chunks = crate::search::read::chunks(manifest);
        let (shards, fragments) = crate::search::read::named(&chunks[0]);
        let mut scripts: Vec<&[u8]> = vec![manifest];
        for name in shards.into_iter().chain(fragments) {
            let path = format!("{root}search-index/{name}");
            let script = files.get(&path).unwrap_or_else(|| panic!("no {path}"));
            scripts.push(script);
        }
        out.insert(root.to_string(), crate::search::read::read_back(scripts));
    }
    out
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A named change to the site: makes it, gives the paths it changed, and
/// how many pages a quick rebuild renders for it (`None`: any way goes).
type Step<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>, Option<usize>);

/// Edits that leave the site's outline as it is: the short way.
fn text_edits<'a>(content: &'a Path, first: &'a Path, second: &'a Path) -> Vec<Step<'a>> {
    vec![
        (
            "an edit of an article's text",
            Box::new(move || {
                edit(first, "First by title", "First, by its title,");
                vec![first.to_path_buf()]
            }),
            Some(1),
        ),
        (
            "a new summary (the section and home pages list it)",
            Box::new(move || {
                edit(first, "weight: 5", "weight: 5\nsummary: Now summed up.");
                vec![first.to_path_buf()]
            }),
            Some(3),
        ),
        (
            "a date (the page joins the feed)",
            Box::new(move || {
                edit(first, "weight: 5", "weight: 5\ndate: 2026-01-02");
                vec![first.to_path_buf()]
            }),
            None,
        ),
        (
            "a longer text (its reading time in listings)",
            Box::new(move || {
                let text = fs::read_to_string(second).unwrap();
                fs::write(second, text + &"word ".repeat(900)).unwrap();
                vec![second.to_path_buf()]
            }),
            Some(3),
        ),
        (
            "a checklist's question",
            Box::new(move || {
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
            Box::new(move || {
                let text = fs::read_to_string(second).unwrap();
                // Written with a space, which the shortcode allows.
                fs::write(second, text + "\n{{ checklist (id=\"fit\") }}\n").unwrap();
                vec![second.to_path_buf()]
            }),
            None,
        ),
        (
            "a question of the checklist an article shows",
            Box::new(move || {
                let fit = content.join("zeta/fit.yaml");
                edit(&fit, "rather than one job?", "rather than a single job?");
                vec![fit]
            }),
            // The checklist's page and the article showing it.
            Some(2),
        ),
        (
            "two files at once",
            Box::new(move || {
                edit(first, "Now summed up.", "Summed up again.");
                let text = fs::read_to_string(second).unwrap();
                fs::write(second, text + "\nOne more line.\n").unwrap();
                vec![first.to_path_buf(), second.to_path_buf()]
            }),
            None,
        ),
    ]
}

/// Edits that move pages or change what every page shows.
fn outline_edits<'a>(content: &'a Path, first: &'a Path, second: &'a Path) -> Vec<Step<'a>> {
    vec![
        (
            "a new title (every sidebar shows it)",
            Box::new(move || {
                edit(first, "title: A by title", "title: A retitled");
                vec![first.to_path_buf()]
            }),
            None,
        ),
        (
            "new tags (tag pages, related pages)",
            Box::new(move || {
                edit(second, "title:", "tags: [pricing, basics]\ntitle:");
                vec![second.to_path_buf()]
            }),
            None,
        ),
        (
            "a new weight (the order changes)",
            Box::new(move || {
                edit(first, "weight: 5", "weight: 50");
                vec![first.to_path_buf()]
            }),
            None,
        ),
        (
            "a new article",
            Box::new(move || {
                let new = content.join("zeta/c-new.md");
                fs::write(&new, "---\ntitle: Brand new\n---\n\nFresh.\n").unwrap();
                vec![new]
            }),
            None,
        ),
        (
            "a renamed article",
            Box::new(move || {
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
            Box::new(move || {
                let gone = content.join("zeta/d-moved.md");
                fs::remove_file(&gone).unwrap();
                vec![gone]
            }),
            None,
        ),
        (
            "a draft section's index deleted (the section appears)",
            Box::new(move || {
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
            Box::new(move || {
                let index = content.join("hidden/_index.md");
                fs::remove_file(&index).unwrap();
                vec![index]
            }),
            None,
        ),
    ]
}

/// Edits of static files, a section's intro, site.yaml and templates.
fn file_edits<'a>(root: &'a Path, content: &'a Path) -> Vec<Step<'a>> {
    vec![
        (
            "a static stylesheet",
            Box::new(move || {
                let css = root.join("static/extra.css");
                fs::write(&css, "body { color: #123456; }\n").unwrap();
                vec![css]
            }),
            Some(0),
        ),
        (
            "a new static file",
            Box::new(move || {
                let new = root.join("static/new.txt");
                fs::write(&new, "hello\n").unwrap();
                vec![new]
            }),
            None,
        ),
        (
            "a section's intro",
            Box::new(move || {
                let index = content.join("zeta/_index.md");
                edit(&index, "The first section", "The very first section");
                vec![index]
            }),
            Some(1),
        ),
        (
            "the site's title in site.yaml",
            Box::new(move || {
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
            Box::new(move || {
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
    ]
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
    let steps = [
        text_edits(&content, &first, &second),
        outline_edits(&content, &first, &second),
        file_edits(root, &content),
    ];
    for (step, change, expected) in steps.into_iter().flatten() {
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
