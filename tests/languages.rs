//! Multilingual sites: translations by file suffix, the language switcher and
//! `hreflang`, pages that are not translated yet, checklist translations, and
//! the repository's own bilingual example playbook.

mod common;

use common::{attributes, between, TestSite};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

const SITE: &str = "title: Handbook\nlanguage: en\nlanguages:\n  it:\n    title: Manuale\n    author: { bio: Scrive il manuale. }\nauthor: { name: Ada, email: ada@example.com, bio: Writes the handbook. }\n";

/// A small bilingual site: `guide/second.md` has no Italian translation.
fn bilingual() -> TestSite {
    TestSite::empty()
        .file("site.yaml", SITE)
        .file("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n")
        .file("content/_index.it.md", "---\ntitle: Inizio\n---\n\nBenvenuti.\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\nslug: the-guide\n---\n")
        .file("content/guide/_index.it.md", "---\ntitle: Guida\n---\n")
        .file(
            "content/guide/first.md",
            "---\ntitle: First steps\nslug: start-here\ndate: 2026-04-01\n---\n\nSee [the second](second.md).\n",
        )
        .file(
            "content/guide/first.it.md",
            "---\ntitle: Primi passi\ndate: 2026-04-01\n---\n\nVedi [il secondo](second.md) e [questa pagina](first.md).\n",
        )
        .file(
            "content/guide/second.md",
            "---\ntitle: Second steps\n---\n\nBack to [the first](first.md).\n",
        )
}

/// `href` as seen from the output file `from`, as a path under the output.
fn resolve(from: &str, href: &str) -> String {
    let mut path = PathBuf::new();
    let joined = Path::new(from)
        .parent()
        .unwrap()
        .join(href.split('#').next().unwrap());
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(p) => path.push(p),
            _ => {}
        }
    }
    path.to_string_lossy().replace('\\', "/")
}

/// The `(hreflang, href)` pairs of a page's `<link rel="alternate">` tags.
fn alternates(html: &str) -> Vec<(String, String)> {
    html.match_indices("<link rel=\"alternate\" hreflang=\"")
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let lang = between(tag, "hreflang=\"", "\"").to_string();
            let href = between(tag, "href=\"", "\"").to_string();
            (lang, href)
        })
        .collect()
}

/// The language switcher's `(hreflang, href)` links.
fn switcher(html: &str) -> Vec<(String, String)> {
    html.match_indices("<a href=\"")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            tag.contains(" hreflang=\"").then(|| {
                (
                    between(tag, "hreflang=\"", "\"").to_string(),
                    between(tag, "href=\"", "\"").to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn a_translation_lives_at_its_originals_address_under_its_language() {
    let site = bilingual();
    let run = site.build().expect(0);
    assert!(site.output_exists("the-guide/start-here/index.html"));
    assert!(site.output_exists("it/the-guide/start-here/index.html"));
    assert!(site.output_exists("it/the-guide/index.html"));
    assert!(site.output_exists("it/index.html"));
    let page = site.output("it/the-guide/start-here/index.html");
    assert!(page.contains("<html lang=\"it\""));
    assert!(page.contains("<h1>Primi passi</h1>"));
    assert!(
        page.contains("1º aprile 2026"),
        "dates in the page's language"
    );
    assert!(
        page.contains("Scrive il manuale."),
        "the author's Italian bio"
    );
    // A link to a file that has a translation leads to it; to one without,
    // to the original.
    assert!(page.contains("href=\"../../../the-guide/second/index.html\""));
    assert!(page.contains("href=\"../../../it/the-guide/start-here/index.html\""));
    // The untranslated page is named, once, as a warning.
    assert!(run.stderr.contains(
        "content/guide/second.md:1:1: warning: not translated into `it`: there is no second.it.md"
    ), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
}

#[test]
fn every_page_declares_its_translations_both_ways() {
    let site = bilingual();
    site.build().expect(0);
    let mut pairs = BTreeSet::new();
    for file in site.html_files() {
        let html = site.output(&file);
        for (lang, href) in alternates(&html) {
            let target = resolve(&file, &href);
            assert!(site.output_exists(&target), "{file}: {href}");
            let target_html = site.output(&target);
            assert!(
                target_html.contains(&format!("<html lang=\"{lang}\"")),
                "{file} says {target} is in {lang}"
            );
            pairs.insert((file.clone(), target));
        }
    }
    for (from, to) in &pairs {
        assert!(
            pairs.contains(&(to.clone(), from.clone())),
            "{from} names {to} as a translation, but not the other way round"
        );
    }
    // Home, section, first article and the print page in both languages, each
    // naming itself and the other (16), and the untranslated page itself (1).
    assert!(pairs.contains(&(
        "the-guide/start-here/index.html".into(),
        "it/the-guide/start-here/index.html".into()
    )));
    assert_eq!(pairs.len(), 17, "{pairs:#?}");
}

#[test]
fn the_language_switcher_lands_on_the_same_page() {
    let site = bilingual();
    site.build().expect(0);
    let english = site.output("the-guide/start-here/index.html");
    let links = switcher(&english);
    assert_eq!(
        links,
        [
            (
                "en".to_string(),
                "../../the-guide/start-here/index.html".to_string()
            ),
            (
                "it".to_string(),
                "../../it/the-guide/start-here/index.html".to_string()
            ),
        ]
    );
    assert!(english.contains("hreflang=\"en\" lang=\"en\" aria-current=\"true\"><span class=\"language-name\">English</span>"));
    assert!(english
        .contains("hreflang=\"it\" lang=\"it\"><span class=\"language-name\">Italiano</span>"));

    // Without a translation the switcher goes to that language's home page,
    // and says so; no alternate is declared.
    let untranslated = site.output("the-guide/second/index.html");
    let italian = switcher(&untranslated)
        .into_iter()
        .find(|(lang, _)| lang == "it")
        .unwrap();
    assert_eq!(italian.1, "../../it/index.html");
    assert!(untranslated.contains("class=\"is-missing\" title=\"This page is not translated yet"));
    assert!(!alternates(&untranslated)
        .iter()
        .any(|(lang, _)| lang == "it"));
}

#[test]
fn untranslated_pages_stand_in_marked_in_the_other_languages_sidebar() {
    let site = bilingual();
    site.build().expect(0);
    let italian = site.output("it/the-guide/start-here/index.html");
    let sidebar = between(&italian, "<nav class=\"site-nav\"", "</nav>");
    assert!(sidebar.contains(
        "<a href=\"../../../the-guide/second/index.html\" lang=\"en\">Second steps <span class=\"nav-lang\">(English)</span></a>"
    ), "{sidebar}");
    // Its own pages come first, without a mark.
    assert!(sidebar.find("Primi passi").unwrap() < sidebar.find("Second steps").unwrap());
    assert!(!sidebar.contains("First steps"));
    // Previous/next stay within the language.
    assert!(!italian.contains("rel=\"next\""));
}

#[test]
fn a_site_in_one_language_has_no_switcher() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    for file in site.html_files() {
        let html = site.output(&file);
        assert!(!html.contains("hreflang"), "{file}");
        assert!(!html.contains("class=\"languages\""), "{file}");
    }
}

#[test]
fn check_names_what_is_not_translated_and_strict_fails_on_it() {
    let site = bilingual();
    let run = site.run(&["check"]).expect(0);
    assert!(run
        .stderr
        .contains("content/guide/second.md:1:1: warning: not translated into `it`"));
    assert!(run
        .stderr
        .contains("hint: until there is, the `it` pages link to this one"));
    assert!(
        run.stderr.trim_end().ends_with("1 warning"),
        "{}",
        run.stderr
    );
    site.run(&["check", "--strict"]).expect(1);
    site.write(
        "content/guide/second.it.md",
        "---\ntitle: Secondi passi\n---\n\nTorna ai [primi](first.md).\n",
    );
    let run = site.run(&["check", "--strict"]).expect(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_translations_own_slug_is_ignored_with_a_warning() {
    let site = bilingual().file(
        "content/guide/first.it.md",
        "---\ntitle: Primi passi\nslug: primi-passi\n---\n\nCiao.\n",
    );
    let run = site.build().expect(0);
    assert!(
        run.stderr.contains("content/guide/first.it.md:3:7: warning: a translation keeps its original's address (`the-guide/start-here/`)"),
        "{}",
        run.stderr
    );
    assert!(site.output_exists("it/the-guide/start-here/index.html"));
}

#[test]
fn a_checklist_translation_that_changes_more_than_words_is_an_error() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists");
    let original = std::fs::read_to_string(fixtures.join("fit.yaml")).unwrap();
    let site = bilingual()
        .file(
            "content/guide/second.it.md",
            "---\ntitle: Secondi passi\n---\n",
        )
        .file("content/fit.yaml", &original)
        .file(
            "content/fit.it.yaml",
            original
                .replacen("title: Are we a good fit?", "title: Siamo adatti?", 1)
                .replacen("weight: 2", "weight: 3", 1),
        );
    // The same structure with other words builds.
    let good = original.replacen("title: Are we a good fit?", "title: Siamo adatti?", 1);
    let run = site.build().expect(1);
    assert!(
        run.stderr.contains("content/fit.it.yaml:15:17: error: the weight of question `long-term` is 3 here but 2 in the original"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("must be those of content/fit.yaml"));
    site.write("content/fit.it.yaml", good);
    site.build().expect(0);
    let page = site.output("it/fit/index.html");
    assert!(page.contains("Siamo adatti?"));
    // The switcher of a checklist is the one its script extends with the answers.
    assert!(switcher(&page)
        .iter()
        .any(|(lang, href)| lang == "en" && href == "../../fit/index.html"));
}

#[test]
fn the_example_playbook_is_bilingual_and_builds_without_a_warning() {
    let site = TestSite::example();
    let run = site.build().expect(0);
    assert!(
        !run.stderr.contains("warning"),
        "the example has warnings:\n{}",
        run.stderr
    );
    let files = site.html_files();
    let english: Vec<&String> = files
        .iter()
        // Tag pages are each language's own: tags are words, not pages.
        .filter(|f| !f.starts_with("it/") && !f.starts_with("tags/") && !f.ends_with("404.html"))
        .collect();
    assert!(english.len() >= 15, "{english:?}");
    for file in english {
        let html = site.output(file);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias's redirect page
        }
        let italian = format!("it/{file}");
        assert!(site.output_exists(&italian), "{italian} is missing");
        let links = switcher(&html);
        let to_italian = links.iter().find(|(lang, _)| lang == "it").unwrap();
        assert_eq!(resolve(file, &to_italian.1), italian, "{file}");
        let back = switcher(&site.output(&italian));
        let to_english = back.iter().find(|(lang, _)| lang == "en").unwrap();
        assert_eq!(resolve(&italian, &to_english.1), *file, "{italian}");
        assert!(site.output(&italian).contains("<html lang=\"it\""));
    }
    // The Italian text keeps its typography through titles and summaries.
    let home = site.output("it/index.html");
    assert!(home.contains("’"), "typographic apostrophes");
    assert!(!attributes(&home, "href").iter().any(|h| h.contains(".md")));
}

#[test]
fn an_unlisted_translation_is_linked_but_not_declared_to_search_engines() {
    let site = bilingual().file(
        "content/guide/first.it.md",
        "---\ntitle: Primi passi\nunlisted: true\n---\n\nCiao.\n",
    );
    site.build().expect(0);
    let english = site.output("the-guide/start-here/index.html");
    assert!(!alternates(&english).iter().any(|(lang, _)| lang == "it"));
    assert!(switcher(&english).iter().any(|(lang, _)| lang == "it"));
}

#[test]
fn every_shipped_language_has_every_key_of_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let keys = |lang: &str| -> BTreeSet<String> {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
        let map: serde_yaml::Mapping = serde_yaml::from_str(&text).unwrap();
        map.keys()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    let english = keys("en");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let lang = name.trim_end_matches(".yaml");
        let own = keys(lang);
        let missing: Vec<_> = english.difference(&own).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
    }
}

#[test]
fn a_language_the_theme_lacks_falls_back_to_english_with_one_warning_naming_the_keys() {
    let site = TestSite::empty()
        .file("site.yaml", "title: Handboek\nlanguage: nl\n")
        .file("content/_index.md", "---\ntitle: Start\n---\n\nWelkom.\n")
        .file("content/first.md", "---\ntitle: Eerste\ndate: 2026-03-01\n---\n\nTekst.\n")
        .file(
            "i18n/nl.yaml",
            "months: [januari, februari, maart, april, mei, juni, juli, augustus, september, oktober, november, december]\ndate_format: \"{day} {month} {year}\"\ndate_day_one: \"1\"\nhome: Start\n",
        );
    let run = site.build().expect(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("i18n/nl.yaml:1:1: warning: `nl` lacks"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("min_read") && warnings[0].contains("search_label"),
        "{}",
        warnings[0]
    );
    assert!(
        !warnings[0].contains("months,") && !warnings[0].contains(" home,"),
        "{}",
        warnings[0]
    );
    let page = site.output("first/index.html");
    assert!(page.contains("1 maart 2026"), "the site's months are used");
    assert!(page.contains("min read"), "the missing words are English");
}

/// A blank playbook (`rapport init --minimal`) written in `lang`, its article
/// dated the first of April 2026.
fn minimal_in(lang: &str) -> TestSite {
    let site = TestSite::empty();
    site.run(&["init", ".", "--minimal"]).expect(0);
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(config.contains("\nlanguage: en "), "{config}");
    site.write(
        "site.yaml",
        config.replace("\nlanguage: en ", &format!("\nlanguage: {lang} ")),
    );
    site.write(
        "content/working-with-us/the-first-meeting.md",
        "---\ntitle: Meeting\ndate: 2026-04-01\n---\n\nSee [the questions](are-we-a-fit.yaml).\n",
    );
    site
}

/// Interface words of the theme's English that a page in another language
/// must not show.
const ENGLISH_WORDS: [&str; 12] = [
    "Skip to content",
    "On this page",
    "min read",
    "Published",
    "Search the handbook",
    "Print the whole handbook",
    "Made with",
    "Your score",
    "What your score means",
    "Why we ask",
    "Start over",
    "Copy link",
];

#[test]
fn a_site_written_in_a_shipped_language_builds_wholly_in_it() {
    // (language, the article's date, a word of the article page, words of
    // the checklist page)
    let cases = [
        (
            "fr",
            "1er avril 2026",
            "min de lecture",
            ["Votre score", "Recommencer"],
        ),
        (
            "de",
            "1. April 2026",
            "Min. Lesezeit",
            ["Ihre Punktzahl", "Von vorn beginnen"],
        ),
        (
            "es",
            "1 de abril de 2026",
            "min de lectura",
            ["Tu puntuación", "Empezar de nuevo"],
        ),
        (
            "pt",
            "1 de abril de 2026",
            "min de leitura",
            ["A sua pontuação", "Recomeçar"],
        ),
    ];
    for (lang, date, article_word, checklist_words) in cases {
        let site = minimal_in(lang);
        let run = site.build().expect(0);
        assert!(!run.stderr.contains("warning:"), "{lang}: {}", run.stderr);
        let article = site.output("working-with-us/the-first-meeting/index.html");
        let checklist = site.output("working-with-us/are-we-a-fit/index.html");
        for page in [&article, &checklist] {
            assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        }
        assert!(article.contains(date), "{lang}: the date as {date}");
        assert!(article.contains(article_word), "{lang}: {article_word}");
        for word in checklist_words {
            assert!(checklist.contains(word), "{lang}: {word}");
        }
        for file in site.html_files() {
            let html = site.output(&file);
            for english in ENGLISH_WORDS {
                assert!(!html.contains(english), "{lang}: {file} shows “{english}”");
            }
        }
    }
}
