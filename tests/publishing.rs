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

fn tagged() -> TestSite {
    TestSite::empty()
        .file("site.yaml", "title: Handbook\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/a/one.md",
            "---\ntitle: One\nsummary: The first.\ndate: 2026-01-01\ntags: [Pricing, loyalty]\n---\n",
        )
        .file(
            "content/a/two.md",
            "---\ntitle: Two\ndate: 2026-01-02\nupdated: 2026-06-01\ntags: [pricing]\n---\n",
        )
        .file("content/a/three.md", "---\ntitle: Three\ndate: 2026-01-03\n---\n")
        .file(
            "content/b/four.md",
            "---\ntitle: Four\ndate: 2026-01-04\ntags: [loyalty, pricing]\n---\n",
        )
        .file(
            "content/b/five.md",
            "---\ntitle: Five\ntags: [loyalty]\nunlisted: true\n---\n",
        )
}

#[test]
fn each_tag_has_a_page_listing_its_pages_and_an_index_lists_the_tags() {
    let site = tagged();
    site.build().expect(0);
    let page = site.output("tags/pricing/index.html");
    let pricing = between(&page, "<main", "</main>");
    // The first spelling names the tag; pages in reading order; no unlisted page.
    assert!(pricing.contains("<h1>Pricing</h1>"));
    let order: Vec<usize> = ["One", "Two", "Four"]
        .iter()
        .map(|t| {
            pricing
                .find(&format!(">{t}</a></h2>"))
                .unwrap_or_else(|| panic!("{t}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(pricing.contains("<p>The first.</p>"));
    assert!(!pricing.contains(">Three<"));
    let loyalty = site.output("tags/loyalty/index.html");
    assert!(
        !between(&loyalty, "<main", "</main>").contains(">Five<"),
        "unlisted pages are not listed"
    );
    let index = site.output("tags/index.html");
    assert!(index.contains("<a class=\"tag\" href=\"../tags/loyalty/index.html\">loyalty <span class=\"tag-count\">2</span></a>"), "{index}");
    assert!(index.contains("Pricing <span class=\"tag-count\">3</span>"));
    // Articles link their tags.
    let one = site.output("a/one/index.html");
    assert!(one.contains("<a class=\"tag\" href=\"../../tags/pricing/index.html\">Pricing</a>"));
}

#[test]
fn articles_suggest_related_pages_and_the_home_page_the_latest() {
    let site = tagged();
    site.build().expect(0);
    let one = site.output("a/one/index.html");
    let related = between(&one, "<nav class=\"related\"", "</nav>");
    // Four shares two tags, Two one (and the section), Three only the section.
    let four = related.find(">Four<").expect("Four");
    let two = related.find(">Two<").expect("Two");
    let three = related.find(">Three<").expect("Three");
    assert!(four < two && two < three, "{related}");
    let home = site.output("index.html");
    let recent = between(&home, "id=\"Recent-title\"", "</section>");
    // Newest change first: Two was updated in June.
    assert!(
        recent.find(">Two<").unwrap() < recent.find(">Four<").unwrap(),
        "{recent}"
    );
    assert!(recent.contains("1 June 2026"));
}

#[test]
fn a_section_where_the_tag_pages_would_go_keeps_its_address() {
    let site = tagged()
        .file(
            "content/tags/_index.md",
            "---\ntitle: Our tags\n---\n\nHand-made.\n",
        )
        .file(
            "content/b/four.md",
            "---\ntitle: Four\naliases: [print/]\n---\n",
        );
    let run = site.build().expect(1);
    assert!(run.stderr.contains("content/b/four.md:3:11: error: the alias `print/` is where rapport puts its tag pages or the page to print"), "{}", run.stderr);
    site.write("content/b/four.md", "---\ntitle: Four\n---\n");
    let run = site.build().expect(0);
    assert!(run.stderr.contains("content/tags/_index.md:1:1: warning: this page's address `tags/` is where rapport puts its tag pages, which are left out"), "{}", run.stderr);
    assert!(site.output("tags/index.html").contains("Hand-made."));
    assert!(!site.output_exists("tags/pricing/index.html"));
}

#[test]
fn pages_carry_link_preview_meta_an_icon_and_a_manifest() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/a-first.md",
        "---\ntitle: A by title\nimage: logo.svg\nimage_alt: The logo\n---\n\nText.\n",
    );
    site.run(&["build", "--base-url", "https://example.com/hb/"])
        .expect(0);
    let page = site.output("zeta/a-first/index.html");
    // Previews do not show SVG: a page whose image is one gets a card.
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://example.com/hb/cards/"),
        "{page}"
    );
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(page.contains("<meta property=\"og:locale\" content=\"en\">"));
    assert!(page.contains("<link rel=\"icon\" href=\"../../logo.svg\">"));
    assert!(
        page.contains("<link rel=\"apple-touch-icon\" href=\"../../icons/apple-touch-icon.png\">")
    );
    assert!(page.contains("<link rel=\"manifest\" href=\"../../manifest.webmanifest\">"));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.output("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["icons"][0]["src"], "logo.svg");
    assert_eq!(manifest["icons"][1]["src"], "icons/192.png");
    assert_eq!(manifest["icons"][2]["sizes"], "512x512");
    assert_eq!(manifest["start_url"], "./index.html");

    // A site's own robots.txt and manifest are kept.
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.write("static/manifest.webmanifest", "{}\n");
    site.run(&["build", "--base-url", "https://example.com/hb/"])
        .expect(0);
    assert_eq!(site.output("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(site.output("manifest.webmanifest"), "{}\n");
}

#[test]
fn the_print_page_holds_every_article_in_order_after_a_table_of_contents() {
    let site = TestSite::example();
    site.build().expect(0);
    let print = site.output("print/index.html");
    let main = between(&print, "<main", "</main>");
    // Every listed article, in reading order, each once.
    let home = site.output("index.html");
    let order: Vec<String> =
        common::attributes(between(&home, "<nav class=\"site-nav\"", "</nav>"), "href")
            .into_iter()
            .filter(|h| h.matches('/').count() == 2 && !h.starts_with("checklists/"))
            .collect();
    assert_eq!(order.len(), 9, "{order:?}");
    let mut last = 0;
    for href in &order {
        let article = site.output(href);
        let title = between(&article, "<h1>", "</h1>");
        let at = main[last..]
            .find(&format!("\">{title}</h3>"))
            .unwrap_or_else(|| panic!("{title} missing or out of order"));
        last += at;
    }
    // The table of contents leads to ids of the page; ids are unique.
    let ids: Vec<String> = common::attributes(main, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    for href in common::attributes(between(main, "<nav class=\"print-toc\"", "</nav>"), "href") {
        let id = href.trim_start_matches('#');
        assert!(ids.iter().any(|i| i == id), "{href}");
    }
    // Links inside the articles work from the print page's folder.
    assert!(main.contains("href=\"../loyalty/keeping-in-touch/index.html"));
    // Every page links to it; so does the Italian one, to its own.
    assert!(home.contains("<a href=\"print/index.html\">Print the whole handbook</a>"));
    assert!(site
        .output("it/print/index.html")
        .contains("<h1>Tutto il manuale</h1>"));
}

#[test]
fn a_tag_written_two_ways_shares_one_page_and_the_second_spelling_is_a_warning() {
    let site = TestSite::empty()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/g/a.md",
            "---\ntitle: A\ntags: [Client care]\n---\n",
        )
        .file(
            "content/g/b.md",
            "---\ntitle: B\ntags: [client-care]\n---\n",
        );
    let run = site.build().expect(0);
    assert!(run.stderr.contains("content/g/b.md:3:7: warning: the tag `client-care` shares its page `tags/client-care/` with `Client care`"), "{}", run.stderr);
    let page = site.output("tags/client-care/index.html");
    assert!(page.contains("g/a/index.html") && page.contains("g/b/index.html"));
}
