//! `rapport schema`: the schemas accept every example file and reject typical
//! mistakes, checked by an independent JSON-Schema validator; `init --minimal`.

mod common;

use common::TestSite;
use serde_json::Value;
use std::path::Path;

/// Runs `rapport schema` and loads the validator for `name`.
fn validator(site: &TestSite, name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(site.path().join("schemas").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn yaml(text: &str) -> Value {
    serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(text).unwrap()).unwrap()
}

/// The YAML between the first two `---` lines of a Markdown file.
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("front matter");
    &rest[..rest.find("\n---").expect("closing ---")]
}

fn repo_files(ext: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

#[test]
fn every_example_file_satisfies_its_schema() {
    let site = TestSite::empty();
    site.run(&["schema"]).expect(0);
    let checklist = validator(&site, "checklist.schema.json");
    let front = validator(&site, "front-matter.schema.json");
    let config = validator(&site, "site.schema.json");
    let files = repo_files("yaml");
    assert!(files.len() >= 3);
    for file in files {
        let doc = yaml(&std::fs::read_to_string(&file).unwrap());
        assert_valid(&checklist, &doc, &file.display().to_string());
    }
    for file in repo_files("md") {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_valid(
            &front,
            &yaml(front_matter(&text)),
            &file.display().to_string(),
        );
    }
    let site_yaml = Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml");
    assert_valid(
        &config,
        &yaml(&std::fs::read_to_string(site_yaml).unwrap()),
        "site.yaml",
    );
}

#[test]
fn typical_mistakes_fail_the_schemas() {
    let site = TestSite::empty();
    site.run(&["schema", "--out", "s"]).expect(0);
    std::fs::rename(site.path().join("s"), site.path().join("schemas")).unwrap();
    let checklist = validator(&site, "checklist.schema.json");
    let good = "title: Fit?\nsend_to: https://example.com/f\ncontact: { ask: [name, email], required: [email] }\n\
                questions:\n  - { id: q, text: Q?, kind: choice, weight: 2, options: [{ label: A }] }\n\
                results: [{ id: r, min: 0, title: R }]\n";
    assert!(checklist.is_valid(&yaml(good)));
    for (mistake, text) in [
        ("an unknown key", good.replace("send_to", "sendto")),
        ("kind: choise", good.replace("kind: choice", "kind: choise")),
        ("a string weight", good.replace("weight: 2", "weight: two")),
        ("a missing title", good.replace("title: Fit?\n", "")),
        ("an unknown audience", format!("audience: everyone\n{good}")),
        (
            "an unknown contact field",
            good.replace("ask: [name", "ask: [phone"),
        ),
    ] {
        assert!(!checklist.is_valid(&yaml(&text)), "{mistake} passed");
    }
    let front = validator(&site, "front-matter.schema.json");
    assert!(front.is_valid(&yaml("title: A\ndate: 2026-03-01\nextra: { x: 1 }")));
    assert!(!front.is_valid(&yaml("title: A\ndate: 1 March 2026")));
    assert!(!front.is_valid(&yaml("title: A\ntitel: B")));
    let config = validator(&site, "site.schema.json");
    assert!(config.is_valid(&yaml("language: fr\nlanguages: { pt-br: { title: T } }")));
    assert!(!config.is_valid(&yaml("language: French")));
    assert!(!config.is_valid(&yaml("accent: 'red; x: y'")));
    assert!(!config.is_valid(&yaml("base_url: example.com")));
}

#[test]
fn init_minimal_writes_a_blank_playbook_that_builds_cleanly() {
    let site = TestSite::empty();
    site.run(&["init", "mine", "--minimal"]).expect(0);
    let root = site.path().join("mine");
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(site_yaml.starts_with("# yaml-language-server: $schema=schemas/site.schema.json\n"));
    let checklist =
        std::fs::read_to_string(root.join("content/working-with-us/are-we-a-fit.yaml")).unwrap();
    assert!(checklist
        .starts_with("# yaml-language-server: $schema=../../schemas/checklist.schema.json\n"));
    assert!(root.join("schemas/checklist.schema.json").is_file());
    let everything: String = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(
        !everything.contains("Ferri"),
        "the example's practice leaked in"
    );
    let run = site.run(&["build", "mine"]).expect(0);
    assert!(run.stderr.is_empty(), "warnings or errors: {}", run.stderr);
    for page in [
        "index.html",
        "working-with-us/index.html",
        "working-with-us/the-first-meeting/index.html",
        "working-with-us/are-we-a-fit/index.html",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page}");
    }
}

#[test]
fn init_without_the_flag_writes_the_example_with_schema_lines() {
    let site = TestSite::empty();
    site.run(&["init", "ex"]).expect(0);
    let root = site.path().join("ex");
    let text = std::fs::read_to_string(root.join("content/checklists/are-we-a-fit.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/checklist.schema.json\n")
    );
    assert!(std::fs::read_to_string(root.join("site.yaml"))
        .unwrap()
        .contains("Ferri"));
    let run = site.run(&["build", "ex"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn new_checklist_names_its_schema_and_writes_it_when_missing() {
    let site = TestSite::fixture("basic");
    site.run(&["new", "checklist", "fit"]).expect(0);
    let text = std::fs::read_to_string(site.path().join("content/fit.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../schemas/checklist.schema.json\n"));
    assert!(site.path().join("schemas/checklist.schema.json").is_file());
    site.run(&["build", "--drafts"]).expect(0);
}
