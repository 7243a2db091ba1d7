//! What a published handbook offers besides its pages: Atom feeds, the
//! sitemap and robots.txt.

mod common;

use atom_syndication::Feed;
use common::{between, TestSite};
use std::collections::BTreeSet;

const SITE: &str = "title: Handbook\ndescription: How we work.\nlanguage: en\nlanguages:\n  it:\n    title: Manuale\nauthor: { name: Ada, email: ada@example.com }\n";

fn site() -> TestSite {
    TestSite::empty()
        .file("site.yaml", SITE)
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/_index.it.md", "---\ntitle: Inizio\n---\n")
        .file(
            "content/guide/first.md",
            "---\ntitle: First & foremost\nsummary: Where <we> start.\ndate: 2026-04-01\nupdated: 2026-05-02\ntags: [start, basics]\n---\n\nText.\n",
        )
        .file(
            "content/guide/first.it.md",
            "---\ntitle: Per prima cosa\nsummary: Da dove si comincia.\ndate: 2026-04-01\n---\n\nTesto.\n",
        )
        .file(
            "content/guide/second.md",
            "---\ntitle: Second\ndate: 2026-04-10\nauthor: Bea\n---\n\nText.\n",
        )
        .file(
            "content/guide/second.it.md",
            "---\ntitle: Secondo\ndate: 2026-04-10\n---\n\nTesto.\n",
        )
        .file(
            "content/guide/hidden.md",
            "---\ntitle: Hidden\ndate: 2026-04-20\nunlisted: true\n---\n",
        )
        .file(
            "content/guide/hidden.it.md",
            "---\ntitle: Nascosta\ndate: 2026-04-20\nunlisted: true\n---\n",
        )
        .file("content/guide/undated.md", "---\ntitle: Undated\n---\n")
        .file("content/guide/undated.it.md", "---\ntitle: Senza data\n---\n")
}

#[test]
fn without_a_base_url_feeds_and_sitemap_are_skipped_with_one_line() {
    let site = site();
    let run = site.build().expect(0);
    assert!(
        run.stdout
            .contains("Feeds and sitemap skipped: they need the site's address"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(!site.output_exists("atom.xml"));
    assert!(!site.output_exists("sitemap.xml"));
    assert_eq!(site.output("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!site.output("index.html").contains("application/atom+xml"));
}

#[test]
fn each_language_has_an_atom_feed_of_its_dated_listed_pages() {
    let site = site();
    let run = site
        .run(&["build", "--base-url", "https://example.com/hb"])
        .expect(0);
    assert!(!run.stdout.contains("skipped"), "{}", run.stdout);

    let feed: Feed = site.output("atom.xml").parse().expect("valid Atom");
    assert_eq!(feed.title().as_str(), "Handbook");
    assert_eq!(feed.id(), "https://example.com/hb/");
    assert_eq!(feed.updated().to_rfc3339(), "2026-05-02T00:00:00+00:00");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    // Newest change first; neither the unlisted nor the undated page.
    assert_eq!(titles, ["First & foremost", "Second"]);
    let first = &feed.entries()[0];
    assert_eq!(first.id(), "https://example.com/hb/guide/first/");
    assert_eq!(
        first.links()[0].href(),
        "https://example.com/hb/guide/first/"
    );
    assert_eq!(first.summary().unwrap().as_str(), "Where <we> start.");
    assert_eq!(
        first.published().unwrap().to_rfc3339(),
        "2026-04-01T00:00:00+00:00"
    );
    let terms: Vec<&str> = first.categories().iter().map(|c| c.term()).collect();
    assert_eq!(terms, ["start", "basics"]);
    assert_eq!(feed.entries()[1].authors()[0].name(), "Bea");

    let italian: Feed = site.output("it/atom.xml").parse().expect("valid Atom");
    assert_eq!(italian.title().as_str(), "Manuale");
    assert_eq!(italian.lang(), Some("it"));
    assert_eq!(
        italian.entries()[0].id(),
        "https://example.com/hb/it/guide/second/"
    );

    // Pages point feed readers at their language's feed.
    assert!(site.output("it/guide/first/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Manuale\" href=\"../../../it/atom.xml\">"
    ));
}

#[test]
fn the_sitemap_lists_listed_pages_with_symmetric_alternates() {
    let site = site();
    site.run(&["build", "--base-url", "https://example.com/hb/"])
        .expect(0);
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset"));
    let mut locations = BTreeSet::new();
    let mut pairs = BTreeSet::new();
    for url in sitemap.split("<url>").skip(1) {
        let loc = between(url, "<loc>", "</loc>").to_string();
        for alternate in url.split("<xhtml:link ").skip(1) {
            pairs.insert((loc.clone(), between(alternate, "href=\"", "\"").to_string()));
        }
        locations.insert(loc);
    }
    assert!(locations.contains("https://example.com/hb/guide/first/"));
    assert!(locations.contains("https://example.com/hb/it/guide/undated/"));
    assert!(
        !locations.iter().any(|l| l.contains("hidden")),
        "{locations:?}"
    );
    assert_eq!(locations.len(), 10, "{locations:?}");
    for (from, to) in &pairs {
        assert!(pairs.contains(&(to.clone(), from.clone())), "{from} → {to}");
        assert!(locations.contains(to));
    }
    assert!(sitemap.contains(
        "<loc>https://example.com/hb/guide/first/</loc>\n    <lastmod>2026-05-02</lastmod>"
    ));
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.com/hb/sitemap.xml\n"
    );
}
