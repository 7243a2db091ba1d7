//! Broken sites: every problem reported at `path:line:column`, all at once,
//! exit code 1, and the previous output left exactly as it was.

mod common;

use common::TestSite;

/// Builds the good fixture, breaks it with `rel` = `text`, builds again, and
/// checks the failure left `public/` untouched. Returns stderr.
fn break_with(rel: &str, text: &[u8]) -> String {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let before = site.snapshot();
    site.write(rel, text);
    let run = site.build().expect(1);
    assert_eq!(
        site.snapshot(),
        before,
        "a failed build changed the previous output"
    );
    assert!(
        run.stderr
            .contains("the previous output was left as it was"),
        "{}",
        run.stderr
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("rapport-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
    run.stderr
}

#[test]
fn malformed_front_matter_is_reported_at_its_line() {
    let stderr = break_with(
        "content/zeta/bad.md",
        b"---\ntitle: Fine\ntags: [unclosed\n---\nBody\n",
    );
    assert!(
        stderr.contains("content/zeta/bad.md:4:1: error:")
            || stderr.contains("content/zeta/bad.md:3:"),
        "{stderr}"
    );
    assert!(
        stderr.lines().last().unwrap().contains("1 error"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_key_is_an_error_with_a_hint() {
    let stderr = break_with(
        "content/zeta/typo.md",
        b"---\ntitle: Fine\nsumary: Oops\n---\nBody\n",
    );
    assert!(
        stderr.contains("content/zeta/typo.md:3:1: error: unknown key `sumary`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `summary`?"), "{stderr}");
}

#[test]
fn an_unknown_key_in_site_yaml_is_an_error_with_a_hint() {
    let stderr = break_with("site.yaml", b"title: X\nauthr:\n  name: Y\n");
    assert!(
        stderr.contains("site.yaml:2:1: error: unknown key `authr`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `author`?"), "{stderr}");
}

#[test]
fn a_bad_value_is_reported_where_the_value_is() {
    let stderr = break_with(
        "content/zeta/date.md",
        b"---\ntitle: Fine\ndate: 1 March 2026\n---\nBody\n",
    );
    assert!(
        stderr.contains("content/zeta/date.md:3:7: error: date: `1 March 2026` is not a date"),
        "{stderr}"
    );
}

#[test]
fn a_broken_link_is_an_error_at_its_line_and_column() {
    let stderr = break_with(
        "content/zeta/links.md",
        "---\ntitle: Links\n---\n\nSee the «[missing page](nowhere.md#top)».\n".as_bytes(),
    );
    assert!(
        stderr.contains("content/zeta/links.md:5:10: error: the link `nowhere.md#top` points to `content/zeta/nowhere.md`, which does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_draft_says_so() {
    let stderr = break_with(
        "content/zeta/to-draft.md",
        b"---\ntitle: L\n---\n[x](../alpha-section/secret-plan.md)\n",
    );
    assert!(stderr.contains("content/zeta/to-draft.md:4:1: error: the link `../alpha-section/secret-plan.md` points to a draft"), "{stderr}");
}

#[test]
fn invalid_utf8_is_located() {
    let stderr = break_with("content/zeta/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    assert!(
        stderr.contains("content/zeta/latin1.md:2:11: error: this file is not valid UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn two_pages_with_one_url_name_both_files() {
    let stderr = break_with("content/zeta/A First.md", b"---\ntitle: Clash\n---\n");
    assert!(stderr.contains("content/zeta/a-first.md:1:1: error: this page has the same URL `zeta/a-first/` as content/zeta/A First.md")
        || stderr.contains("content/zeta/A First.md:1:1: error: this page has the same URL `zeta/a-first/` as content/zeta/a-first.md"), "{stderr}");
}

#[test]
fn a_missing_title_is_an_error() {
    let stderr = break_with("content/zeta/untitled.md", b"Just text, no front matter.\n");
    assert!(
        stderr.contains("content/zeta/untitled.md:1:1: error: this article has no `title`"),
        "{stderr}"
    );
}

#[test]
fn a_language_suffix_the_site_does_not_have_is_an_error() {
    let stderr = break_with("content/zeta/a-first.de.md", b"---\ntitle: Erste\n---\n");
    assert!(
        stderr.contains(
            "content/zeta/a-first.de.md:1:1: error: `.de` names a language this site does not have"
        ),
        "{stderr}"
    );
}

#[test]
fn a_template_error_names_the_template() {
    let stderr = break_with(
        "templates/article.html",
        b"{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock %}",
    );
    assert!(stderr.contains("templates/article.html:2:"), "{stderr}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = TestSite::fixture("basic")
        .file("content/zeta/one.md", "---\ntitle: One\nwieght: 2\n---\n")
        .file(
            "content/zeta/two.md",
            "---\ntitle: Two\n---\n[a](gone.md) and [b](../also-gone.md)\n",
        )
        .file("content/zeta/three.md", "---\ntitle: [\n---\n");
    let run = site.build().expect(1);
    for expected in [
        "content/zeta/one.md:3:1: error: unknown key `wieght`",
        "content/zeta/two.md:4:1: error:",
        "content/zeta/two.md:4:18: error:",
        "content/zeta/three.md:",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.lines().last(),
        Some("4 errors"),
        "{}",
        run.stderr
    );
    assert!(
        !site.output_exists("index.html"),
        "a failed first build wrote output"
    );
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/two.md",
        "---\ntitle: Two\n---\n[a](gone.md)\n",
    );
    let run = site.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains("content/zeta/two.md:4:1: error:"),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("public").exists());
    site.remove("content/zeta/two.md");
    let run = site.run(&["check"]).expect(0);
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
    assert!(!site.path().join("public").exists());
}

#[test]
fn an_output_folder_rapport_did_not_write_is_never_replaced() {
    let site = TestSite::fixture("basic").file("docs/notes.txt", "precious");
    let run = site.run(&["build", "--out", "docs"]).expect(1);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join("docs/notes.txt")).unwrap(),
        "precious"
    );
    site.run(&["build", "--out", "."]).expect(1);
    site.run(&["build", "--out", "content"]).expect(1);
    assert!(site.path().join("content/_index.md").exists());
}

#[test]
fn dot_entries_of_the_old_output_are_kept() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    site.write("public/.git/HEAD", "ref: refs/heads/main\n");
    site.build().expect(0);
    assert_eq!(site.output(".git/HEAD"), "ref: refs/heads/main\n");
}

#[test]
fn warnings_keep_exit_code_0_unless_strict() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/pic.md",
        "---\ntitle: Pic\n---\n\nLook: ![](/logo.svg)\n",
    );
    let run = site.build().expect(0);
    assert!(
        run.stderr
            .contains("content/zeta/pic.md:5:7: warning: this image has no alt text"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().last(), Some("1 warning"));
    let before = site.snapshot();
    site.run(&["build", "--strict"]).expect(1);
    assert_eq!(site.snapshot(), before);
}

#[test]
fn a_missing_logo_is_reported_at_its_key_in_site_yaml() {
    let stderr = break_with("site.yaml", b"title: X\nlogo: logo.png\n");
    assert!(
        stderr.contains("site.yaml:2:7: error: logo: `logo.png` is not a file in static/"),
        "{stderr}"
    );
}

#[test]
fn a_bad_alias_is_reported_at_its_line() {
    let stderr = break_with(
        "content/zeta/moved.md",
        b"---\ntitle: Moved\naliases:\n  - old/fine/\n  - ../outside\n---\n",
    );
    assert!(stderr.contains("content/zeta/moved.md:5:5: error: the alias `../outside` is not a path inside the site"), "{stderr}");
}

#[test]
fn a_static_file_may_not_replace_a_page() {
    let stderr = break_with("static/zeta/index.html", b"<p>mine</p>");
    assert!(stderr.contains("static/zeta/index.html:1:1: error: this file would replace the page built from content/zeta/_index.md"), "{stderr}");
}

#[test]
fn outputs_inside_folders_rapport_reads_are_refused() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["build", "--out", "static/out"]).expect(1);
    assert!(
        run.stderr
            .contains("must not be inside the site's static/ folder"),
        "{}",
        run.stderr
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.path().join("content"), site.path().join("linked"))
            .unwrap();
        let run = site.run(&["build", "--out", "linked/out"]).expect(1);
        assert!(run.stderr.contains("content/ folder"), "{}", run.stderr);
        assert!(!site.path().join("content/out").exists());
    }
}

#[test]
fn a_syntax_error_reads_cleanly() {
    let stderr = break_with(
        "content/zeta/colon.md",
        b"---\ntitle: T\nsummary: x: y\n---\n",
    );
    assert!(
        stderr.contains(
            "content/zeta/colon.md:3:11: error: a `: ` here would start a key where none can start"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("put the whole value in quotes"), "{stderr}");
    assert!(
        !stderr.contains("mapping values are not allowed"),
        "{stderr}"
    );
}

#[test]
fn a_base_url_that_would_break_out_of_an_attribute_is_refused() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://x.org/\"><img src=x>/"])
        .expect(2);
}

#[test]
fn a_mistake_in_an_overridden_parent_template_is_reported_once_at_that_template() {
    let base = include_str!("../themes/default/templates/base.html").replacen(
        "{{ page.title }}",
        "{{ page.titel }}",
        1,
    );
    assert!(base.contains("page.titel"));
    let stderr = break_with("templates/base.html", base.as_bytes());
    assert!(stderr.contains("templates/base.html:1:1: error: template error: Variable `page.titel` not found in context"), "{stderr}");
    assert_eq!(stderr.lines().last(), Some("1 error"), "{stderr}");
}

#[test]
fn a_link_to_a_heading_that_does_not_exist_is_an_error_at_the_link() {
    let site = TestSite::empty()
        .file("content/_index.md", "---\ntitle: Home\n---\n\n[Top](#Main), [answers](guide/fit.yaml#fit:q=yes).\n")
        .file(
            "content/guide/one.md",
            "---\ntitle: One\n---\n\n## Getting started\n\nSee [two](two.md#next-steps), [here](#getting-started)\nand [nowhere](#gettin-started) and [there](two.md#later).\n",
        )
        .file("content/guide/two.md", "---\ntitle: Two\n---\n\n## Next steps\n\nText.\n")
        .file(
            "content/guide/fit.yaml",
            "title: Fit\nquestions:\n  - { id: q, text: Ready?, kind: yes_no }\nresults:\n  - { id: ok, min: 0, title: Fine }\n",
        );
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains("content/guide/one.md:8:5: error: the link's `#gettin-started` is not a heading of its page (`guide/one/`)"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("hint: did you mean `#getting-started`?"));
    assert!(run.stderr.contains("content/guide/one.md:8:36: error: the link's `#later` is not a heading of its page (`guide/two/`)"));
    assert!(
        run.stderr.trim_end().ends_with("2 errors"),
        "{}",
        run.stderr
    );
    assert!(
        !site.output_exists("index.html"),
        "a failed build writes nothing"
    );
}

#[test]
fn a_wrong_shortcode_is_an_error_at_its_place() {
    let site = TestSite::empty().file(
        "content/one.md",
        "---\ntitle: One\n---\n\nText.\n\n{{ checklst(id=\"fit\") }}\n\n{% aside() %}\n\nNever closed.\n\n{{ cta(url=\"nowhere.md\", label=\"Go\") }}\n",
    );
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains(
            "content/one.md:7:1: error: unknown shortcode `checklst`: did you mean `checklist`?"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/one.md:9:1: error: this shortcode is never closed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/one.md:13:1: error: the link `nowhere.md` points to `content/nowhere.md`, which does not exist"), "{}", run.stderr);
}

#[test]
fn links_to_headings_from_checklist_fields_and_from_the_site_root_are_checked_too() {
    let site = TestSite::empty()
        .file("content/_index.md", "---\ntitle: Home\n---\n\n[Steps](/guide/two/#next-steps) and [later](/guide/two/#later).\n")
        .file("content/guide/two.md", "---\ntitle: Two\n---\n\n## Next steps\n\nText.\n")
        .file(
            "content/guide/fit.yaml",
            "title: Fit\nintro: Read [the steps](two.md#next-step) first.\nquestions:\n  - { id: q, text: Ready?, kind: yes_no }\nresults:\n  - { id: ok, min: 0, title: Fine }\n",
        );
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains("content/_index.md:5:37: error: the link's `#later` is not a heading of its page (`guide/two/`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guide/fit.yaml:2:8: error: the link's `#next-step` is not a heading of its page (`guide/two/`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `#next-steps`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.trim_end().ends_with("2 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shortcode_must_end_in_the_list_item_or_quote_it_opens_in() {
    let site = TestSite::empty().file(
        "content/one.md",
        "---\ntitle: One\n---\n\n- An item\n\n  {% aside() %}\n\n  Inside.\n\n- Next item\n\n{% end %}\n\n\
         {% aside(kind=\"tip\") %}\n\n> Quoted.\n>\n> {% end %}\n\n{% aside() %}\n\n> Fine.\n\n{% end %}\n",
    );
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains("content/one.md:7:3: error: this shortcode opens inside a list item or block quote and does not end there"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/one.md:19:3: error: this `{% end %}` is inside a list item or block quote, but the shortcode it closes (line 15) opens outside it"),
        "{}",
        run.stderr
    );
    // The first aside's own `{% end %}` (line 13) is not a second mistake,
    // and the last aside, around a quote, is right.
    assert!(
        run.stderr.trim_end().ends_with("2 errors"),
        "{}",
        run.stderr
    );
}
