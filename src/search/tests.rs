use super::read::{chunks, named, read_back};
use super::*;
use crate::slug::slugify;
use std::collections::HashMap;

fn doc(url_path: &str, order: usize, heading: &str, text: &str) -> Arc<Doc> {
    Arc::new(Doc {
        language_root: String::new(),
        order,
        url_path: url_path.into(),
        title: format!("Title {url_path}"),
        group: format!("Group {}", order % 3),
        parts: vec![
            Part {
                text: format!("Opening of {url_path}."),
                ..Part::default()
            },
            Part {
                anchor: slugify(heading),
                heading: heading.into(),
                text: text.into(),
            },
        ],
    })
}

/// Enough pages, each with words of its own, for an index cut in pieces.
fn many(count: usize) -> Vec<Arc<Doc>> {
    (0..count)
        .map(|i| {
            let text: String = (0..120)
                .map(|k| format!("word{} common{} ", (i * 7 + k * 13) % 5000, k % 40))
                .collect();
            doc(
                &format!("p{i}/"),
                i,
                &format!("Heading {}", i % 50),
                text.trim(),
            )
        })
        .collect()
}

/// Each language's scripts read back, as `read_back` gives them.
fn read(files: &[(String, Bytes)]) -> serde_json::Value {
    let by_path: HashMap<&str, &[u8]> = files.iter().map(|(p, b)| (p.as_str(), &b[..])).collect();
    let manifest = by_path["search-index.js"];
    let (shards, fragments) = named(&chunks(manifest)[0]);
    let mut scripts = vec![manifest];
    for name in shards.iter().chain(&fragments) {
        scripts.push(by_path[format!("search-index/{name}").as_str()]);
    }
    read_back(scripts)
}

#[test]
fn tokens_keep_the_marks_and_space_after_them() {
    let all: Vec<&str> = tokens("Perché no? L’incontro, «sì».").collect();
    assert_eq!(all, ["Perché ", "no? ", "L’incontro, ", "«sì»."]);
    assert_eq!(all.concat(), "Perché no? L’incontro, «sì».");
}

#[test]
fn a_small_index_is_one_script_with_the_text() {
    let docs = [
        doc("a/", 0, "Money talk", "The client pays, the client stays."),
        doc("b/", 1, "Perché", "Il cliente? Sì, «sempre»."),
    ];
    let files = Indexes::build(docs.iter()).files();
    assert_eq!(
        files.len(),
        1,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let back = read(&files);
    assert_eq!(
        back["docs"][0][3][1],
        serde_json::json!(["", "Money talk", "The client pays, the client stays."])
    );
    assert_eq!(back["docs"][1][3][1][2], "Il cliente? Sì, «sempre».");
    // search.js finds the terms of so few pages itself.
    assert_eq!(back["terms"], serde_json::json!({}));
}

#[test]
fn a_split_index_says_where_each_term_is() {
    let mut docs = many(3000);
    docs.push(doc(
        "a/",
        3000,
        "Money talk",
        "The client pays, the client stays. Talking helps.",
    ));
    docs.push(doc("b/", 3001, "Perché", "Il cliente? Sì, «sempre»."));
    let back = read(&Indexes::build(docs.iter()).files());
    let terms = &back["terms"];
    // [title pages, heading parts, text pages, parts with both]
    assert_eq!(terms["client"], serde_json::json!([[], [], [3000], []]));
    assert_eq!(terms["money"], serde_json::json!([[], [[3000, 1]], [], []]));
    assert_eq!(
        terms["perche"],
        serde_json::json!([[], [[3001, 1]], [], []])
    );
    assert_eq!(terms["si"], serde_json::json!([[], [], [3001], []]));
    assert_eq!(terms["stays"], serde_json::json!([[], [], [3000], []]));
    // "talking" starts as "talk" does: the part is found by both for "ta…";
    // "the" starts otherwise.
    assert_eq!(terms["talking"][3], serde_json::json!([[3000, 1]]));
    assert_eq!(terms["the"][3], serde_json::json!([]));
    assert_eq!(terms["title"][0].as_array().unwrap().len(), 3002);
}

#[test]
fn a_big_index_is_cut_in_shards_and_fragments_that_read_back_whole() {
    let docs = many(3000);
    let files = Indexes::build(docs.iter()).files();
    let shards = files.iter().filter(|f| f.0.contains("/t")).count();
    let fragments = files.iter().filter(|f| f.0.contains("/f")).count();
    assert!(
        shards > 5 && fragments > 100,
        "{shards} shards, {fragments} fragments"
    );
    for (path, bytes) in &files {
        assert!(bytes.len() < 60_000, "{path}: {} bytes", bytes.len());
    }
    let back = read(&files);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(back["docs"][i][0], d.url_path.as_str());
        assert_eq!(back["docs"][i][3][1][2], d.parts[1].text.as_str());
    }
    // word17 is in the pages whose numbers make it, and nowhere else.
    let expected: Vec<usize> = (0..3000)
        .filter(|i| (0..120).any(|k| (i * 7 + k * 13) % 5000 == 17))
        .collect();
    assert_eq!(back["terms"]["word17"][2], serde_json::json!(expected));
}

#[test]
fn the_same_pages_in_any_order_give_the_same_index() {
    let mut docs = many(400);
    let first = Indexes::build(docs.iter()).files();
    docs.reverse();
    assert_eq!(Indexes::build(docs.iter()).files(), first);
}

#[test]
fn an_edit_writes_only_what_it_touches_and_reads_back_as_a_clean_build() {
    let mut docs = many(3000);
    let mut indexes = Indexes::build(docs.iter());
    let before = indexes.files();
    // One page gains a new word and a word of the others.
    let old = &docs[1234];
    let text = format!("{} zebra common3", old.parts[1].text);
    let edited = doc(&old.url_path, old.order, &old.parts[1].heading, &text);
    docs[1234] = edited.clone();
    let changed: HashMap<String, Option<Arc<Doc>>> =
        [(edited.url_path.clone(), Some(edited))].into();
    indexes.update(changed.iter());
    let written = indexes.changed_files();
    let names: Vec<&str> = written.iter().map(|f| f.0.as_str()).collect();
    assert!(names.len() <= 4, "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("search-index/f")),
        "{names:?}"
    );
    let clean = Indexes::build(docs.iter()).files();
    let mut after: HashMap<String, Bytes> = before.into_iter().collect();
    after.extend(written);
    let after: Vec<(String, Bytes)> = after.into_iter().collect();
    assert_eq!(read(&after), read(&clean));

    // A page taken out makes the language's index again.
    let gone: HashMap<String, Option<Arc<Doc>>> = [("p7/".to_string(), None)].into();
    indexes.update(gone.iter());
    docs.remove(7);
    assert_eq!(indexes.changed_files(), Indexes::build(docs.iter()).files());
}
