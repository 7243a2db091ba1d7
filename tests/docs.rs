//! The reference in docs/ keeps up with the loaders: every key (and every
//! fixed value, such as a question's kind) that the schemas generated from the
//! loaders' types accept appears as code on its page, and the examples on the
//! pages are files that `rapport check` accepts (and, for checklists, that
//! the schema accepts too).

mod common;

use common::TestSite;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced blocks of a page written in `language`.
fn blocks<'a>(text: &'a str, language: &str) -> Vec<&'a str> {
    let fence = format!("```{language}\n");
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("an unclosed code block");
        found.push(&body[..end]);
        rest = &body[end..][3..];
    }
    found
}

/// Every word written as code on a page: in `inline spans` and in fenced
/// blocks, so `{ name, email, bio }` names three keys.
fn code_words(text: &str) -> BTreeSet<String> {
    let mut code = String::new();
    for (i, piece) in text.split("```").enumerate() {
        if i % 2 == 1 {
            code.push_str(piece);
            code.push('\n');
        } else {
            for (j, span) in piece.split('`').enumerate() {
                if j % 2 == 1 {
                    code.push_str(span);
                    code.push('\n');
                }
            }
        }
    }
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The keys and fixed values a schema accepts, wherever they are nested:
/// under `properties`, `$defs`, `items`, `anyOf`, `additionalProperties`…
fn names(schema: &Value, found: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                found.extend(properties.keys().cloned());
            }
            for key in ["const", "enum"] {
                match map.get(key) {
                    Some(Value::String(value)) => {
                        found.insert(value.clone());
                    }
                    Some(Value::Array(values)) => {
                        found.extend(values.iter().filter_map(|v| v.as_str().map(str::to_string)))
                    }
                    _ => {}
                }
            }
            map.values().for_each(|v| names(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| names(v, found)),
        _ => {}
    }
}

fn schema_names(site: &TestSite, file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(site.path().join("schemas").join(file)).unwrap();
    let mut found = BTreeSet::new();
    names(&serde_json::from_str(&text).unwrap(), &mut found);
    found
}

#[test]
fn every_key_the_loaders_accept_is_on_its_reference_page() {
    let site = TestSite::empty();
    site.run(&["schema", "--out", "schemas"]).expect(0);
    for (schema, doc) in [
        ("checklist.schema.json", "checklists.md"),
        ("front-matter.schema.json", "front-matter.md"),
        ("site.schema.json", "site-yaml.md"),
    ] {
        let keys = schema_names(&site, schema);
        // A schema that yields nothing would make this test pass for nothing.
        assert!(keys.len() > 10, "{schema}: only {keys:?}");
        let written = code_words(&page(doc));
        let missing: Vec<&String> = keys.iter().filter(|k| !written.contains(*k)).collect();
        assert!(
            missing.is_empty(),
            "docs/{doc} does not mention {missing:?}, which {schema} accepts"
        );
    }
}

#[test]
fn the_checklists_in_the_reference_pass_rapport_check() {
    let text = page("checklists.md");
    let site = TestSite::empty().file("site.yaml", "title: Docs\n");
    site.run(&["schema", "--out", "schemas"]).expect(0);
    let schema =
        std::fs::read_to_string(site.path().join("schemas/checklist.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let mut whole = 0;
    for (i, block) in blocks(&text, "yaml").into_iter().enumerate() {
        let value: serde_yaml::Value = serde_yaml::from_str(block)
            .unwrap_or_else(|e| panic!("docs/checklists.md, yaml block {}: {e}", i + 1));
        // A block with a title and results is a whole checklist; the others
        // are pieces of one, which must at least be YAML.
        let is_whole = value.get("title").is_some() && value.get("results").is_some();
        if is_whole {
            whole += 1;
            let json = serde_json::to_value(&value).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "yaml block {}: {errors:?}", i + 1);
            site.write(&format!("content/checklists/example-{i}.yaml"), block);
        }
    }
    assert!(
        whole >= 2,
        "docs/checklists.md has {whole} whole checklists"
    );
    let run = site.run(&["check"]).expect(0);
    assert!(run.stdout.contains("no errors"), "{run:?}");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn the_other_examples_in_the_reference_pass_rapport_check() {
    // Front matter, on an article of its own.
    let site = TestSite::empty()
        .file("site.yaml", "title: Docs\n")
        .file("static/photos/meeting-room.jpg", "");
    let front_matter = page("front-matter.md");
    for (i, block) in blocks(&front_matter, "markdown").into_iter().enumerate() {
        site.write(&format!("content/notes/example-{i}.md"), block);
    }
    let extra = blocks(&front_matter, "yaml").concat();
    site.write(
        "content/notes/extra.md",
        format!("---\ntitle: Extra\n{extra}---\n"),
    );
    site.run(&["check"]).expect(0);

    // Each whole site.yaml, in a site of its own.
    let site_yaml = page("site-yaml.md");
    let examples: Vec<&str> = blocks(&site_yaml, "yaml")
        .into_iter()
        .filter(|b| b.lines().any(|l| l.starts_with("title:")))
        .collect();
    assert!(examples.len() >= 2, "{examples:?}");
    for block in examples {
        let site = TestSite::empty()
            .file("site.yaml", block)
            .file(
                "static/logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
            .file("content/_index.md", "---\ntitle: Home\n---\n");
        let run = site.run(&["check"]);
        assert_eq!(run.code, 0, "{block}\n{}", run.stderr);
    }

    // The shortcodes, in an article of the example playbook (whose checklist
    // `are-we-a-fit` they name); the template with `name(…)` is not one.
    let site = TestSite::example();
    let shortcodes_page = page("shortcodes.md");
    let shortcodes: Vec<&str> = blocks(&shortcodes_page, "markdown")
        .into_iter()
        .filter(|b| !b.contains("name("))
        .collect();
    assert!(shortcodes.len() >= 4, "{shortcodes:?}");
    site.write(
        "content/working-together/shortcodes.md",
        format!("---\ntitle: Shortcodes\n---\n\n{}", shortcodes.join("\n")),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}
