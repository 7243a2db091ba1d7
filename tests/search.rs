//! The search index: one script per language with every listed page's title,
//! headings and text, read back here the way the theme's search.js reads it.

mod common;

use common::{attributes, TestSite};
use serde_json::Value;

const SITE: &str = "title: Handbook\nlanguage: en\nlanguages:\n  it:\n    title: Manuale\n";

fn site() -> TestSite {
    TestSite::empty()
        .file("site.yaml", SITE)
        .file("content/_index.md", "---\ntitle: Home\n---\n\nWelcome in.\n")
        .file("content/_index.it.md", "---\ntitle: Inizio\n---\n\nBenvenuti.\n")
        .file("content/guide/_index.md", "---\ntitle: The guide\n---\n")
        .file("content/guide/_index.it.md", "---\ntitle: La guida\n---\n")
        .file(
            "content/guide/first.md",
            "---\ntitle: First call\n---\n\nWe **listen**ing first, then\nask [about money](second.md).\n\n\
             ## Before the call\n\nRead their `website`.\n\n- One\n- Two\n\n<div>raw html</div>\n\n\
             ## Money {#cash}\n\nLast.\n",
        )
        .file(
            "content/guide/first.it.md",
            "---\ntitle: La prima chiamata\n---\n\nPerché ascoltare prima di parlare?\n",
        )
        .file("content/guide/second.md", "---\ntitle: Money\n---\n\nPrices.\n")
        .file("content/guide/second.it.md", "---\ntitle: Soldi\n---\n\nPrezzi.\n")
        .file(
            "content/guide/hidden.md",
            "---\ntitle: Hidden\nunlisted: true\n---\n\nSecret words.\n",
        )
        .file(
            "content/guide/later.md",
            "---\ntitle: Later\ndraft: true\n---\n\nNot yet.\n",
        )
        .file(
            "content/checklists/fit.yaml",
            include_str!("fixtures/checklists/fit.yaml"),
        )
}

/// The index at `rel` read back: each page as `[url, title, group, parts]`,
/// each part `[anchor, heading, text]` with its text in words again. A small
/// site's index is one script: the manifest, then the pages.
fn read_index(site: &TestSite, rel: &str) -> Vec<Value> {
    let script = site.output(rel);
    let json = script
        .strip_prefix("rapportSearch.push(")
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{rel} is not the index script: {}", &script[..80]));
    let chunks: Value = serde_json::from_str(&format!("[{json}]")).unwrap();
    let index = &chunks[0];
    assert_eq!(index["kind"], "index");
    assert_eq!(index["version"], 2);
    assert_eq!(index["split"], false, "a small site's index is one script");
    let fragment = &chunks[1];
    assert_eq!(fragment["kind"], "docs");
    let words: Vec<&str> = index["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let last = index["last"].as_u64().unwrap() as usize;
    let digits: Vec<u8> = (32u8..127).filter(|c| *c != b'"' && *c != b'\\').collect();
    let more = digits.len() - last;
    // A page's numbers: every heading and text ends with a zero, and word
    // `n` is written as `n + 1`.
    let decode = |numbers: &str| -> Vec<String> {
        let mut fields = vec![String::new()];
        let (mut acc, mut length) = (0, 0);
        for b in numbers.bytes() {
            let d = digits.iter().position(|&x| x == b).unwrap();
            length += 1;
            if d < last {
                let (mut start, mut block) = (0, last);
                for _ in 1..length {
                    start += block;
                    block *= more;
                }
                match start + acc * last + d {
                    0 => fields.push(String::new()),
                    n => fields.last_mut().unwrap().push_str(words[n - 1]),
                }
                (acc, length) = (0, 0);
            } else {
                acc = acc * more + d - last;
            }
        }
        fields.pop();
        fields
    };
    let groups = index["groups"].clone();
    fragment["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| {
            let fields = decode(doc[3].as_str().unwrap());
            let parts: Vec<Value> = fields
                .chunks(2)
                .enumerate()
                .map(|(k, pair)| {
                    // An anchor left out is the heading's slug.
                    let given = doc
                        .get(4)
                        .and_then(|anchors| anchors.as_array().unwrap().iter().find(|a| a[0] == k));
                    let anchor = match given {
                        Some(a) => a[1].as_str().unwrap().to_string(),
                        None => slug(&pair[0]),
                    };
                    serde_json::json!([anchor, pair[0], pair[1]])
                })
                .collect();
            serde_json::json!([
                doc[0],
                doc[1],
                groups[doc[2].as_u64().unwrap() as usize],
                parts
            ])
        })
        .collect()
}

/// The contract's slug rule, for plain ASCII headings.
fn slug(text: &str) -> String {
    text.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn page<'i>(index: &'i [Value], url: &str) -> &'i Value {
    index
        .iter()
        .find(|d| d[0] == url)
        .unwrap_or_else(|| panic!("no {url} in {index:?}"))
}

#[test]
fn every_listed_page_is_in_its_language_index_with_headings_and_text() {
    let site = site();
    site.build().expect(0);
    let english = read_index(&site, "search-index.js");
    let urls: Vec<&str> = english.iter().map(|d| d[0].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "",
            "checklists/",
            "checklists/fit/",
            "guide/",
            "guide/first/",
            "guide/second/"
        ],
        "listed pages in the sidebar's order; no unlisted page, no draft"
    );
    let first = page(&english, "guide/first/");
    assert_eq!(first[1], "First call");
    assert_eq!(first[2], "The guide");
    assert_eq!(
        first[3],
        serde_json::json!([
            ["", "", "We listening first, then ask about money."],
            [
                "before-the-call",
                "Before the call",
                "Read their website. One Two"
            ],
            ["cash", "Money", "Last."]
        ]),
        "text as a reader sees it: no markup, no raw HTML, blocks apart"
    );

    let italian = read_index(&site, "it/search-index.js");
    let first = page(&italian, "it/guide/first/");
    assert_eq!(first[1], "La prima chiamata");
    assert_eq!(first[3][0][2], "Perché ascoltare prima di parlare?");
    assert!(
        italian
            .iter()
            .all(|d| d[0].as_str().unwrap().starts_with("it/")),
        "only Italian pages in the Italian index"
    );
}

#[test]
fn a_checklist_is_found_by_its_questions_and_answers() {
    let site = site();
    site.build().expect(0);
    let english = read_index(&site, "search-index.js");
    let fit = page(&english, "checklists/fit/");
    assert_eq!(fit[1], "Are we a good fit?");
    let text = fit[3][0][2].as_str().unwrap();
    for words in [
        "We only take on clients we can really help.",
        "Which budget do you have in mind?",
        "Under 1,000 €",
        "Shared values",
    ] {
        assert!(text.contains(words), "`{words}` not in {text}");
    }
    // A yes/no question's answers show the language's words ("Sì" on an
    // Italian page): their ids are not words of the checklist.
    assert!(!text.split(' ').any(|w| w == "yes" || w == "no"), "{text}");
}

#[test]
fn the_same_site_gives_the_same_index_byte_for_byte() {
    let site = TestSite::example();
    site.build().expect(0);
    let first = [
        site.output("search-index.js"),
        site.output("it/search-index.js"),
    ];
    for _ in 0..3 {
        site.build().expect(0);
        assert!(first[0] == site.output("search-index.js"));
        assert!(first[1] == site.output("it/search-index.js"));
    }
}

#[test]
fn every_page_has_the_search_box_pointing_at_its_language_index() {
    let site = site();
    site.build().expect(0);
    for (page, index) in [
        ("index.html", "search-index.js"),
        ("guide/first/index.html", "../../search-index.js"),
        ("it/guide/first/index.html", "../../../it/search-index.js"),
        // Relative like its stylesheet: with a base_url both are absolute.
        ("404.html", "search-index.js"),
    ] {
        let html = site.output(page);
        assert!(
            html.contains("<input type=\"search\""),
            "{page} has no search box"
        );
        assert_eq!(attributes(&html, "data-search"), [index], "{page}");
        assert!(
            html.contains("search.js\" defer>"),
            "{page} loads no search.js"
        );
        // The index loads on demand, never with the page: its one mention
        // is the box's attribute.
        assert_eq!(html.matches("search-index.js").count(), 1, "{page}");
    }
}

#[test]
fn an_unlisted_pages_words_are_nowhere_in_the_index() {
    let site = site();
    site.build().expect(0);
    let script = site.output("search-index.js");
    assert!(!script.contains("Secret"), "{script}");
    assert!(!script.contains("Hidden"), "{script}");
}
