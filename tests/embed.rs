//! `{{ checklist(id="…") }}`: a checklist shown and working in an article,
//! and every way of writing it wrong reported at its place.

mod common;

use common::{assert_fit_hooks, attributes, between, TestSite};

const FIT: &str = include_str!("fixtures/checklists/fit.yaml");
const RED_FLAGS: &str = include_str!("fixtures/checklists/red-flags.yaml");

/// The basic fixture with the fit checklist and an article showing it.
fn site_with(article: &str) -> TestSite {
    TestSite::fixture("basic")
        .file("content/zeta/are-we-a-fit.yaml", FIT)
        .file("content/zeta/red-flags.yaml", RED_FLAGS)
        .file("content/zeta/show.md", article)
}

const SHOWS_FIT: &str =
    "---\ntitle: Before we start\n---\n\nA few words first.\n\n{{ checklist(id=\"are-we-a-fit\") }}\n\nAnd after.\n";

#[test]
fn an_article_shows_the_checklist_with_the_contract_hooks() {
    let site = site_with(SHOWS_FIT);
    site.build().expect(0);
    let html = site.output("zeta/show/index.html");
    let main = between(&html, "<main", "</main>");
    let prose = between(main, "A few words first.", "And after.");
    assert_fit_hooks(prose);
    for action in ["copy-link", "reset", "send"] {
        assert!(
            prose.contains(&format!(r#"data-action="{action}""#)),
            "{action}"
        );
    }
    // The checklist's title is a heading of the article; its sections one level down.
    assert!(prose.contains(">Are we a good fit? <a class=\"heading-anchor\""));
    assert!(prose.contains("<h2 id=\"Checklist-are-we-a-fit-title\">"));
    assert!(prose.contains(">Shared values</h3>"), "{prose}");
    assert!(!prose.contains("<h1"));
    // Its own page, one click away.
    assert!(prose.contains(r#"href="../../zeta/are-we-a-fit/index.html""#));
    // The data for the script, in a data block, and the script itself.
    assert!(prose.contains(
        r#"<script type="application/json" id="Checklist-are-we-a-fit-checklist-data">{"id":"are-we-a-fit""#
    ));
    assert!(html.contains(r#"<script src="../../theme/checklist.js" defer></script>"#));
    // Theme ids are prefixed, so that they stay unique in any article.
    let ids = attributes(&html, "id");
    for id in [
        "Score",
        "Score-title",
        "Section-1",
        "Share-link",
        "checklist-data",
    ] {
        assert!(!ids.iter().any(|i| i == id), "unprefixed id `{id}`");
        assert!(ids
            .iter()
            .any(|i| *i == format!("Checklist-are-we-a-fit-{id}")));
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    // The checklist's own page is as it was.
    let page = site.output("zeta/are-we-a-fit/index.html");
    assert!(page.contains(r#"<script type="application/json" id="checklist-data">"#));
    assert!(page.contains(r#"<section class="checklist-score" id="Score""#));
    // Pages without a checklist do not load the script.
    assert!(!site
        .output("zeta/a-first/index.html")
        .contains("checklist.js"));
}

#[test]
fn two_checklists_in_one_article_keep_apart() {
    let site = site_with(&format!(
        "{SHOWS_FIT}\n{{{{ checklist(id=\"red-flags\") }}}}\n"
    ));
    site.build().expect(0);
    let html = site.output("zeta/show/index.html");
    assert!(html.contains(r#"data-checklist="are-we-a-fit""#));
    assert!(html.contains(r#"data-checklist="red-flags""#));
    assert_eq!(html.matches("data-checklist-root").count(), 2);
    assert_eq!(html.matches("theme/checklist.js").count(), 1);
    let ids = attributes(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
}

#[test]
fn an_unknown_checklist_is_an_error_at_the_shortcode_and_the_output_stays() {
    let site = site_with(SHOWS_FIT);
    site.build().expect(0);
    let before = site.snapshot();
    site.write(
        "content/zeta/show.md",
        SHOWS_FIT.replace("are-we-a-fit", "are-we-a-fti"),
    );
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains(
            "content/zeta/show.md:7:1: error: there is no checklist with the id `are-we-a-fti`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `are-we-a-fit`?"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().last(), Some("1 error"), "{}", run.stderr);
    assert!(site.snapshot() == before, "the previous output changed");
}

#[test]
fn mistakes_in_the_shortcode_are_errors_at_their_lines() {
    let article = "---\ntitle: Show\n---\n\n{{ checklist() }}\n\n{% checklist(id=\"are-we-a-fit\") %}\n\n{{ checklist(id=\"are-we-a-fit\") }}\n\n{{ checklist(id=\"are-we-a-fit\") }}\n\n{{ checklist(id=\"later\") }}\n";
    let site = site_with(article)
        .file(
            "content/zeta/later.yaml",
            FIT.replace("title: Are we a good fit?", "title: Later\ndraft: true"),
        )
        .file(
            "content/zeta/red-flags.yaml",
            RED_FLAGS.replacen(
                "title:",
                "intro: \"{{ checklist(id=\\\"are-we-a-fit\\\") }}\"\ntitle:",
                1,
            ),
        );
    let run = site.build().expect(1);
    for expected in [
        "content/zeta/show.md:5:1: error: `checklist` needs `id=\"…\"`",
        "content/zeta/show.md:7:1: error: a checklist has no text of its own",
        "content/zeta/show.md:11:1: error: the checklist `are-we-a-fit` is already shown on this page (line 9)",
        "content/zeta/show.md:13:1: error: the checklist `later` is a draft, which this build leaves out",
        "content/zeta/red-flags.yaml:3:8: error: a checklist cannot show a checklist",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr.lines().last(),
        Some("5 errors"),
        "{}",
        run.stderr
    );
    // With drafts, the draft checklist is there to show.
    site.write(
        "content/zeta/show.md",
        SHOWS_FIT.replace("are-we-a-fit", "later"),
    );
    site.write("content/zeta/red-flags.yaml", RED_FLAGS);
    site.run(&["build", "--drafts"]).expect(0);
    assert!(site
        .output("zeta/show/index.html")
        .contains(r#"data-checklist="later""#));
}

const BILINGUAL: &str = "title: Handbook\nlanguage: en\nlanguages: { it: { title: Manuale } }\nauthor: { name: Giulia, email: giulia@example.com }\n";

#[test]
fn a_translation_shows_the_translated_checklist_or_else_the_original() {
    let italian = FIT
        .replace(
            "title: Are we a good fit?",
            "title: Siamo fatti per lavorare insieme?",
        )
        .replace("title: Shared values", "title: Valori comuni");
    let show_it = "---\ntitle: Prima di cominciare\n---\n\n{{ checklist(id=\"are-we-a-fit\") }}\n\n{{ checklist(id=\"red-flags\") }}\n";
    let site = TestSite::empty()
        .file("site.yaml", BILINGUAL)
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/_index.it.md", "---\ntitle: Inizio\n---\n")
        .file("content/tests/are-we-a-fit.yaml", FIT)
        .file("content/tests/are-we-a-fit.it.yaml", &italian)
        .file("content/tests/red-flags.yaml", RED_FLAGS)
        .file("content/tests/show.md", SHOWS_FIT)
        .file("content/tests/show.it.md", show_it);
    site.build().expect(0);
    let english = site.output("tests/show/index.html");
    assert!(english.contains(">Are we a good fit? <"));
    let html = site.output("it/tests/show/index.html");
    let fit = between(
        &html,
        r#"data-checklist="are-we-a-fit""#,
        "data-checklist-root",
    );
    assert!(
        html.contains(">Siamo fatti per lavorare insieme? <"),
        "not the Italian checklist"
    );
    assert!(fit.contains(">Valori comuni</h3>"));
    assert!(html.contains(r#"href="../../../it/tests/are-we-a-fit/index.html""#));
    // red-flags has no Italian translation: the original, marked as English.
    assert!(html.contains(
        r#"<section class="checklist-embed" data-checklist-root aria-labelledby="Checklist-red-flags-title" lang="en">"#
    ));
    assert!(html.contains(r#"href="../../../tests/red-flags/index.html""#));
}

#[test]
fn the_print_page_holds_the_questionnaire_with_unique_ids() {
    let site = site_with(SHOWS_FIT);
    site.build().expect(0);
    let html = site.output("print/index.html");
    assert!(html.contains(r#"data-checklist="are-we-a-fit""#));
    assert!(!html.contains("checklist.js"), "the print page is not live");
    let ids = attributes(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    // Every label and aria-labelledby names an id of the page.
    for attr in ["for", "aria-labelledby"] {
        for target in attributes(&html, attr) {
            assert!(ids.contains(&target), "{attr}=\"{target}\" names no id");
        }
    }
}

#[test]
fn a_link_to_answers_in_an_article_is_no_broken_heading_link() {
    let site = site_with(SHOWS_FIT).file(
        "content/zeta/link.md",
        "---\ntitle: Link\n---\n\nSee [an example](show.md#are-we-a-fit:long-term=yes) and [a typo](show.md#are-we-a-fi:long-term=yes).\n",
    );
    let run = site.build().expect(1);
    // The shared answers of the checklist the article shows are not a heading…
    assert!(
        !run.stderr.contains("`#are-we-a-fit:long-term=yes`"),
        "{}",
        run.stderr
    );
    // …but a fragment for no checklist of that article still is checked.
    assert!(
        run.stderr.contains("content/zeta/link.md:5:58: error: the link's `#are-we-a-fi:long-term=yes` is not a heading of its page (`zeta/show/`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.trim_end().ends_with("1 error"), "{}", run.stderr);
}

#[test]
fn the_checklist_takes_its_place_in_the_table_of_contents() {
    let site = site_with(
        "---\ntitle: Before we start\n---\n\n## One\n\nA.\n\n## Two\n\nB.\n\n{{ checklist(id=\"are-we-a-fit\") }}\n\n## Three\n\nC.\n",
    );
    site.build().expect(0);
    let html = site.output("zeta/show/index.html");
    let toc = between(&html, "class=\"toc\"", "</nav>");
    let links: Vec<String> = attributes(toc, "href");
    assert_eq!(
        links,
        ["#one", "#two", "#Checklist-are-we-a-fit-title", "#three"],
        "{toc}"
    );
    assert!(html.contains("id=\"Checklist-are-we-a-fit-title\""));
}
