//! `init`, `new`, `--help` and usage errors.

mod common;

use common::TestSite;

#[test]
fn init_writes_a_playbook_that_builds_without_warnings() {
    let site = TestSite::empty();
    let run = site.run(&["init", "playbook"]).expect(0);
    assert!(run.stdout.contains("Created a playbook"), "{}", run.stdout);
    assert!(site.path().join("playbook/content/_index.md").is_file());
    assert!(site.path().join("playbook/site.yaml").is_file());
    let run = site.run(&["build", "playbook"]).expect(0);
    assert!(run.stderr.is_empty(), "warnings or errors: {}", run.stderr);
    assert!(site.path().join("playbook/public/index.html").is_file());
    // The bilingual example, Italian included.
    assert!(site.path().join("playbook/public/it/index.html").is_file());
    assert!(site
        .path()
        .join("playbook/public/it/checklists/are-we-a-fit/index.html")
        .is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = TestSite::empty().file("mine/notes.md", "keep me");
    let run = site.run(&["init", "mine"]).expect(1);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join("mine/notes.md")).unwrap(),
        "keep me"
    );
}

#[test]
fn new_article_creates_a_draft_in_its_section_and_never_overwrites() {
    let site = TestSite::fixture("basic");
    let run = site
        .run(&["new", "article", "zeta/thank-you-notes"])
        .expect(0);
    assert!(
        run.stdout.contains("content/zeta/thank-you-notes.md"),
        "{}",
        run.stdout
    );
    let text =
        std::fs::read_to_string(site.path().join("content/zeta/thank-you-notes.md")).unwrap();
    assert!(text.contains("title: Thank you notes"), "{text}");
    assert!(text.contains("draft: true"));
    site.run(&["build", "--drafts"]).expect(0);
    assert!(site
        .output("zeta/thank-you-notes/index.html")
        .contains("Thank you notes"));
    site.write("content/zeta/thank-you-notes.md", "edited");
    let run = site
        .run(&["new", "article", "zeta/thank-you-notes"])
        .expect(1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/zeta/thank-you-notes.md")).unwrap(),
        "edited"
    );
}

#[test]
fn every_command_help_lists_arguments_defaults_and_an_example() {
    let site = TestSite::empty();
    for (command, must) in [
        (
            "init",
            vec!["[DIR]", "[default: .]", "--minimal", "Example:"],
        ),
        (
            "schema",
            vec!["--out <DIR>", "[default: schemas]", "Example:"],
        ),
        (
            "build",
            vec![
                "[SITE]",
                "--out <DIR>",
                "--base-url <URL>",
                "--drafts",
                "[default: SITE/public]",
                "Example:",
            ],
        ),
        ("check", vec!["[SITE]", "[default: .]", "Example:"]),
        (
            "new",
            vec!["<KIND>", "<NAME>", "article", "checklist", "Example"],
        ),
    ] {
        let run = site.run(&[command, "--help"]).expect(0);
        for text in must {
            assert!(
                run.stdout.contains(text),
                "`rapport {command} --help` lacks {text:?}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let site = TestSite::empty();
    site.run(&["build", "--no-such-flag"]).expect(2);
    site.run(&["frobnicate"]).expect(2);
    let run = site.run(&["build", "--base-url", "example.com"]).expect(2);
    assert!(
        run.stderr.contains("absolute http(s) URL"),
        "{}",
        run.stderr
    );
}

#[test]
fn building_a_folder_without_content_explains_what_to_do() {
    let site = TestSite::empty();
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains("there is no content/ folder here"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rapport init"), "{}", run.stderr);
}

#[test]
fn new_article_quotes_titles_and_refuses_a_section_name() {
    let site = TestSite::fixture("basic");
    site.run(&["new", "article", "zeta/why: now"]).expect(0);
    site.run(&["build", "--drafts"]).expect(0);
    assert!(site
        .output("zeta/why-now/index.html")
        .contains("<h1>Why: now</h1>"));
    let run = site.run(&["new", "article", "zeta/"]).expect(2);
    assert!(run.stderr.contains("is a section folder"), "{}", run.stderr);
}

#[test]
fn new_checklist_writes_a_commented_starter_that_builds() {
    let site = TestSite::fixture("basic");
    let run = site
        .run(&["new", "checklist", "zeta/are-we-a-fit"])
        .expect(0);
    assert!(
        run.stdout.contains("content/zeta/are-we-a-fit.yaml"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(site.path().join("content/zeta/are-we-a-fit.yaml")).unwrap();
    assert!(
        text.contains("title: Are we a fit") && text.contains("draft: true"),
        "{text}"
    );
    assert!(
        text.lines().filter(|l| l.contains('#')).count() > 10,
        "the starter explains itself"
    );
    let run = site.run(&["build", "--drafts"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(site
        .output("zeta/are-we-a-fit/index.html")
        .contains(r#"data-checklist="are-we-a-fit""#));
    site.run(&["new", "checklist", "zeta/are-we-a-fit"])
        .expect(1);
}
