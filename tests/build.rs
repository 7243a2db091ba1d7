//! `rapport build` on good sites: what the produced HTML holds.

mod common;

use common::{attributes, between, TestSite};
use std::path::Path;

#[test]
fn every_relative_link_and_asset_resolves_to_a_built_file() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html_files = site.html_files();
    assert!(html_files.len() >= 10, "{html_files:?}");
    for file in &html_files {
        let html = site.output(file);
        let dir = Path::new(file).parent().unwrap();
        for url in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if url.starts_with('#') || url.contains(':') {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap();
            let target = site.path().join("public").join(dir).join(path);
            assert!(
                target.is_file(),
                "{file} links to {url}, which is not a built file"
            );
        }
    }
}

#[test]
fn pages_land_at_the_contract_urls() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    for path in [
        "index.html",
        "404.html",
        "zeta/index.html",
        "zeta/a-first/index.html",
        "alpha-section/index.html",
        "alpha-section/perche-parlo/index.html",
        "theme/style.css",
        "logo.svg",
    ] {
        assert!(site.output_exists(path), "{path} missing");
    }
}

#[test]
fn sidebar_orders_sections_and_articles_by_weight_then_title() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html = site.output("zeta/heavy/index.html");
    let nav = between(&html, "<ol class=\"nav-list\">", "</nav>");
    let order: Vec<&str> = [
        "Weighted one",
        "A by title",
        "B by title",
        "AAA without weight",
        "Alpha &amp; &lt;Beta&gt;",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = order
        .iter()
        .map(|t| {
            nav.find(t)
                .unwrap_or_else(|| panic!("{t} not in the sidebar: {nav}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sidebar order wrong: {nav}"
    );
    assert!(
        nav.contains(r#"href="../../zeta/heavy/index.html" aria-current="page""#),
        "{nav}"
    );
    assert_eq!(html.matches("aria-current=\"page\"").count(), 1);
}

#[test]
fn titles_are_escaped_everywhere() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html = site.output("alpha-section/tricky/index.html");
    assert!(
        html.contains("<h1>Fish &amp; &lt;Chips&gt; &quot;quoted&quot; &#39;single&#39;</h1>")
            || html.contains("<h1>Fish &amp; &lt;Chips&gt; &quot;quoted&quot; 'single'</h1>"),
        "{}",
        between(&html, "<main", "</main>")
    );
    assert!(!html.contains("<Chips>"));
    assert!(!html.contains("<Beta>"));
    assert!(!html.contains("<Test>"));
    assert!(html.contains("Studio &lt;Test&gt; &amp; “Co”"));
}

#[test]
fn italian_text_survives_in_slugs_titles_and_body() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html = site.output("alpha-section/perche-parlo/index.html");
    assert!(html.contains("Perché parlare dei clienti? «Sempre»"));
    assert!(html.contains(
        "C’è sempre qualcuno che parla dei costi — e «il cliente»? Qualità, città, perché."
    ));
    assert!(html.contains(r#"<h2 id="perche-ne-parliamo">"#));
    assert!(html.contains(r#"<h2 id="perche-ne-parliamo-2">"#));
    assert!(html.contains("1 March 2026"));
    // The link from another article, with its anchor, points here.
    let other = site.output("zeta/a-first/index.html");
    assert!(
        other.contains(r#"href="../../alpha-section/perche-parlo/index.html#perche-ne-parliamo""#)
    );
}

#[test]
fn drafts_only_with_the_drafts_flag() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    assert!(!site.output_exists("alpha-section/secret-plan/index.html"));
    assert!(!site.output("index.html").contains("A draft"));
    site.run(&["build", "--drafts"]).expect(0);
    assert!(site.output_exists("alpha-section/secret-plan/index.html"));
    assert!(site.output("zeta/index.html").contains("A draft"));
}

#[test]
fn a_draft_section_is_left_out_whole() {
    let site = TestSite::fixture("basic")
        .file(
            "content/hidden/_index.md",
            "---\ntitle: Hidden\ndraft: true\n---\n",
        )
        .file("content/hidden/inside.md", "---\ntitle: Inside\n---\n");
    site.build().expect(0);
    assert!(!site.output_exists("hidden/index.html"));
    assert!(!site.output_exists("hidden/inside/index.html"));
    assert!(!site.output("index.html").contains("Hidden"));
    site.run(&["build", "--drafts"]).expect(0);
    assert!(site.output_exists("hidden/inside/index.html"));
}

#[test]
fn unlisted_pages_are_built_but_not_listed_and_aliases_redirect() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let page = site.output("alpha-section/internal/index.html");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(!page.contains("rel=\"next\""));
    for listing in [
        "index.html",
        "alpha-section/index.html",
        "zeta/a-first/index.html",
    ] {
        assert!(
            !site.output(listing).contains("Internal notes"),
            "{listing} lists the unlisted page"
        );
    }
    for alias in ["old/internal-notes/index.html", "old-notes/index.html"] {
        let redirect = site.output(alias);
        assert!(
            redirect.contains("alpha-section/internal/index.html"),
            "{redirect}"
        );
        assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    }
    assert!(site
        .output("old/internal-notes/index.html")
        .contains("../../alpha-section/internal/index.html"));
}

#[test]
fn prev_and_next_follow_the_reading_order() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html = site.output("zeta/a-first/index.html");
    let prev = between(&html, "rel=\"prev\"", "</a>");
    let next = between(&html, "rel=\"next\"", "</a>");
    assert!(prev.contains("Weighted one"), "{prev}");
    assert!(next.contains("B by title"), "{next}");
    // The last article of a section leads into the next section.
    let last = site.output("zeta/unweighted/index.html");
    assert!(between(&last, "rel=\"next\"", "</a>").contains("Alpha &amp; &lt;Beta&gt;"));
}

#[test]
fn branding_comes_from_site_yaml() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let html = site.output("zeta/a-first/index.html");
    assert!(
        html.contains(r#"href="../../theme/accent.css""#),
        "accent stylesheet not linked"
    );
    assert!(
        site.output("theme/accent.css")
            .contains("--accent: #aa3300"),
        "accent colour missing"
    );
    assert!(html.contains(r#"src="../../logo.svg""#), "logo missing");
    assert!(
        html.contains(r#"href="../../extra.css""#),
        "extra stylesheet missing"
    );
    let theme_css = html.find("theme/style.css").unwrap();
    assert!(
        html.find("extra.css").unwrap() > theme_css,
        "the extra stylesheet must come after the theme's"
    );
}

#[test]
fn a_site_template_overrides_the_theme_one_file_at_a_time() {
    let site = TestSite::fixture("basic").file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p class=\"mine\">custom</p>{% endblock %}",
    );
    site.build().expect(0);
    assert!(site
        .output("zeta/a-first/index.html")
        .contains("<p class=\"mine\">custom</p>"));
    assert!(!site.output("zeta/index.html").contains("class=\"mine\""));
}

#[test]
fn long_articles_get_a_table_of_contents_and_reading_time() {
    let body = (1..=4)
        .map(|i| format!("## Part {i}\n\n{}\n", "word ".repeat(250)))
        .collect::<String>();
    let site = TestSite::fixture("basic").file(
        "content/zeta/long.md",
        format!("---\ntitle: Long\n---\n{body}"),
    );
    site.build().expect(0);
    let html = site.output("zeta/long/index.html");
    assert!(html.contains("href=\"#part-4\""), "no table of contents");
    assert!(
        html.contains("5 min read"),
        "{}",
        between(&html, "<main", "</main>")
    );
    assert!(
        !site
            .output("zeta/a-first/index.html")
            .contains("class=\"toc\""),
        "a short article got a table of contents"
    );
}

#[test]
fn a_big_handbook_keeps_every_page_small_and_shares_one_navigation_script() {
    let mut site = TestSite::empty();
    for s in 0..12 {
        for a in 0..80 {
            let text = format!("---\ntitle: Article {s}-{a}\n---\nText.\n");
            site = site.file(&format!("content/s{s:02}/a{a:03}.md"), text);
        }
    }
    site.build().expect(0);
    let page = site.output("s06/a040/index.html");
    let nav = between(&page, "<ol class=\"nav-list\" data-nav-partial>", "</nav>");
    let links = nav.matches("<a ").count();
    assert!(
        links < 20,
        "the inline sidebar is not bounded: {links} links"
    );
    assert!(
        nav.contains(r#"href="../../s06/a040/index.html" aria-current="page""#),
        "{nav}"
    );
    // A window around the current article, and the sections around the current one.
    assert!(
        nav.contains("Article 6-37") && nav.contains("Article 6-43"),
        "{nav}"
    );
    assert!(
        !nav.contains("Article 6-36") && !nav.contains("Article 6-44"),
        "{nav}"
    );
    assert!(
        nav.contains("s04/index.html") && nav.contains("s08/index.html"),
        "{nav}"
    );
    assert!(
        !nav.contains("s03/index.html") && !nav.contains("s09/index.html"),
        "{nav}"
    );
    assert!(nav.contains("All 80 articles"), "{nav}");
    // The whole tree is written once, for the theme's script.
    assert!(page.contains(r#"src="../../navigation.js""#));
    let script = site.output("navigation.js");
    assert!(
        script.contains(r#"["Article 11-79","s11/a079/index.html"]"#),
        "{script}"
    );
    // The section page still lists every article, for readers without JavaScript.
    let listing = site.output("s06/index.html");
    let main = between(&listing, "<main", "</main>");
    for a in 0..80 {
        let href = format!("href=\"../s06/a{a:03}/index.html\"");
        assert!(
            main.contains(&href),
            "article {a} missing from the section page"
        );
    }
    // And the home page lists every section.
    let home = site.output("index.html");
    for s in 0..12 {
        assert!(
            home.contains(&format!("href=\"s{s:02}/index.html\"")),
            "section {s} missing from the home page"
        );
    }
}

#[test]
fn a_small_handbook_inlines_its_whole_navigation() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    assert!(!site.output_exists("navigation.js"));
    let html = site.output("alpha-section/tricky/index.html");
    assert!(
        html.contains("Weighted one"),
        "other sections' articles are missing from the sidebar"
    );
}

#[test]
fn base_url_makes_canonical_urls_absolute() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://example.com/handbook"])
        .expect(0);
    let html = site.output("zeta/a-first/index.html");
    assert!(html
        .contains(r#"<link rel="canonical" href="https://example.com/handbook/zeta/a-first/">"#));
}

#[test]
fn an_output_folder_holding_only_a_git_repository_is_accepted_and_kept() {
    let site = TestSite::fixture("basic").file("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.build().expect(0);
    assert_eq!(site.output(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert!(site.output_exists("index.html"));
}

#[test]
fn a_home_page_without_a_title_takes_the_site_title() {
    let site = TestSite::fixture("basic").file("content/_index.md", "Just an introduction.\n");
    site.build().expect(0);
    assert!(site
        .output("index.html")
        .contains("<h1>Studio &lt;Test&gt; &amp; “Co”</h1>"));
}

#[test]
fn files_beside_articles_follow_their_section_and_never_leave_the_output() {
    let site = TestSite::fixture("basic")
        .file(
            "content/zeta/_index.md",
            "---\ntitle: Zeta\nslug: renamed\n---\n",
        )
        .file("content/zeta/photo.txt", "beside the article")
        .file(
            "content/???/_index.md",
            "---\ntitle: Questions\nslug: questions\n---\n",
        )
        .file(
            "content/???/note.txt",
            "in a folder without a slug of its own",
        );
    site.build().expect(0);
    assert_eq!(site.output("renamed/photo.txt"), "beside the article");
    assert_eq!(
        site.output("questions/note.txt"),
        "in a folder without a slug of its own"
    );
    assert!(!site.output_exists("zeta/photo.txt"));
}

#[test]
fn unlisted_sections_leave_the_navigation_with_their_articles() {
    let site = TestSite::fixture("basic").file(
        "content/alpha-section/_index.md",
        "---\ntitle: Backstage\nunlisted: true\n---\n",
    );
    site.build().expect(0);
    assert!(site.output_exists("alpha-section/tricky/index.html"));
    for page in ["index.html", "zeta/a-first/index.html"] {
        let html = site.output(page);
        assert!(
            !html.contains("Backstage") && !html.contains("Fish &amp;"),
            "{page} lists the unlisted section"
        );
    }
}

#[test]
fn email_autolinks_and_dot_folders_from_static_are_fine() {
    let site = TestSite::fixture("basic")
        .file(
            "content/zeta/mail.md",
            "---\ntitle: Mail\n---\nWrite to <hello@example.com>.\n",
        )
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:hello@example.com\n",
        );
    site.build().expect(0);
    site.write("public/.well-known/old.txt", "from a previous build");
    site.build().expect(0);
    assert!(site
        .output("zeta/mail/index.html")
        .contains(r#"href="mailto:hello@example.com""#));
    assert!(site.output_exists(".well-known/security.txt"));
}

#[test]
fn a_big_handbook_of_top_level_articles_still_marks_the_current_page() {
    let mut site = TestSite::empty();
    for a in 0..300 {
        site = site.file(
            &format!("content/l{a:03}.md"),
            format!("---\ntitle: Loose {a}\n---\n"),
        );
    }
    site.build().expect(0);
    let html = site.output("l150/index.html");
    let nav = between(&html, "data-nav-partial>", "</nav>");
    assert!(
        nav.contains(r#"href="../l150/index.html" aria-current="page""#),
        "{nav}"
    );
    assert!(nav.matches("<a ").count() < 20, "{nav}");
}

#[test]
fn shortcodes_make_asides_and_calls_to_action() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/a-first.md",
        "---\ntitle: A by title\n---\n\n{% aside(title=\"In short\", kind=\"tip\") %}\n\nSay *no* early.\n\n{% end %}\n\n{{ cta(url=\"b-second.md\", label=\"Read the next one\") }}\n\n{% cta(url=\"mailto:giulia@example.com?subject=Hello\", label=\"Write to us\") %}\n\nTell us about your project.\n\n{% end %}\n",
    );
    site.build().expect(0);
    let page = site.output("zeta/a-first/index.html");
    assert!(page.contains("<div class=\"aside aside-tip\" role=\"note\">\n<p class=\"aside-title\">In short</p>\n<p>Say <em>no</em> early.</p>\n</div>"), "{page}");
    assert!(page.contains("<p class=\"cta-line\"><a class=\"cta\" href=\"../../zeta/b-second/index.html\">Read the next one</a></p>"));
    assert!(page.contains("<div class=\"cta-box\">\n<p>Tell us about your project.</p>\n<p class=\"cta-line\"><a class=\"cta\" href=\"mailto:giulia@example.com?subject=Hello\">Write to us</a></p>\n</div>"));
    assert!(!page.contains("{%"));
}
