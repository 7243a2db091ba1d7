//! Checklist pages: the questionnaire's hooks in the built HTML, and every
//! broken rule reported at its line.

mod common;

use common::{assert_fit_hooks, between, TestSite};

const FIT: &str = include_str!("fixtures/checklists/fit.yaml");

#[test]
fn a_checklist_page_carries_the_contract_hooks() {
    let site = TestSite::fixture("basic").file("content/zeta/are-we-a-fit.yaml", FIT);
    site.build().expect(0);
    let html = site.output("zeta/are-we-a-fit/index.html");
    let main = between(&html, "<main", "</main>");
    assert!(main.contains("<h1>Are we a good fit?</h1>"));
    assert_fit_hooks(main);
    assert!(main.contains(r#"<input type="checkbox" name="channels" value="articles-we-write">"#));
    assert!(main.contains(r#"<input type="radio" name="involvement" value="5">"#));
    // Without JavaScript: how to score by hand, next to the points.
    assert!(
        main.contains("divide by 13"),
        "the hand-scoring explanation is missing"
    );
    // A link to it pasted in a chat shows a card.
    assert!(html.contains(r#"<meta property="og:title" content="Are we a good fit?">"#));
    assert!(html.contains(
        r#"<meta name="twitter:description" content="Four questions, an honest answer.">"#
    ));
    // Listed in its section like an article.
    assert!(site
        .output("zeta/index.html")
        .contains("Are we a good fit?"));
    assert!(site
        .output("zeta/a-first/index.html")
        .contains(r#"href="../../zeta/are-we-a-fit/index.html""#));
}

#[test]
fn checklist_errors_are_all_reported_with_their_lines() {
    let broken = "title: Fit\nquestions:\n  - { id: q, text: Q, kind: choise }\n  - { id: r, text: R, kind: yes_no }\nresults: []\n";
    let other = "title: Other\nquestions:\n  - { id: q, text: Q, kind: yes_no, show_if: { nope: [yes] } }\nresults:\n  - { id: a, min: 10, title: A }\n";
    let site = TestSite::fixture("basic")
        .file("content/zeta/broken.yaml", broken)
        .file("content/zeta/other.yaml", other);
    let run = site.build().expect(1);
    assert!(
        run.stderr
            .contains("content/zeta/broken.yaml:3:29: error: unknown value `choise`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `choice`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/zeta/other.yaml:3:54: error: `show_if` names `nope`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/zeta/other.yaml:5:19: error: the last result must have `min: 0`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.lines().last(),
        Some("3 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_in_checklist_text_work_like_links_in_articles() {
    let yaml = FIT
        .replace(
            "body: \"Let's **talk**.\"",
            "body: \"Read [why](a-first.md#why) first.\"",
        )
        .replace(
            "intro: We only take on clients we can *really* help.",
            "intro: \"See [our values](../alpha-section/tricky.md) and [a lost page](gone.md).\"",
        );
    let site = TestSite::fixture("basic")
        .file("content/zeta/are-we-a-fit.yaml", &yaml)
        .file(
            "content/zeta/link.md",
            "---\ntitle: Link\n---\nTake [the checklist](are-we-a-fit.yaml).\n",
        );
    let run = site.build().expect(1);
    assert!(run.stderr.contains("content/zeta/are-we-a-fit.yaml:6:8: error: the link `gone.md` points to `content/zeta/gone.md`, which does not exist"), "{}", run.stderr);
    // Headings are checked too: a-first.md has none called "Why" yet.
    assert!(run.stderr.contains("content/zeta/are-we-a-fit.yaml:40:59: error: the link's `#why` is not a heading of its page (`zeta/a-first/`)"), "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().last(),
        Some("2 errors"),
        "{}",
        run.stderr
    );
    site.write(
        "content/zeta/are-we-a-fit.yaml",
        yaml.replace(" and [a lost page](gone.md)", ""),
    );
    let first = std::fs::read_to_string(site.path().join("content/zeta/a-first.md")).unwrap();
    site.write("content/zeta/a-first.md", first + "\n## Why\n\nBecause.\n");
    site.build().expect(0);
    let html = site.output("zeta/are-we-a-fit/index.html");
    assert!(
        html.contains(r#"href="../../alpha-section/tricky/index.html""#),
        "intro link not rewritten"
    );
    assert!(
        html.contains(r#"href="../../zeta/a-first/index.html#why""#),
        "result link not rewritten"
    );
    assert!(site
        .output("zeta/link/index.html")
        .contains(r#"href="../../zeta/are-we-a-fit/index.html""#));
}
