//! An index read back, for tests: its pages with their text in words again
//! and every term's places, the same for two indexes of the same pages
//! however their words were numbered and their scripts cut.

use super::digits::read_numbers;
use super::postings::{read_pages, read_parts};
use serde_json::{json, Map, Value};

/// The chunks of one script.
pub fn chunks(script: &[u8]) -> Vec<Value> {
    let script = std::str::from_utf8(script).expect("UTF-8");
    let inner = script
        .strip_prefix("rapportSearch.push(")
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("not an index script: {}", &script[..script.len().min(80)]));
    serde_json::from_str(&format!("[{inner}]")).expect("JSON")
}

/// The shards and fragments a manifest names (none when it holds them).
pub fn named(manifest: &Value) -> (Vec<String>, Vec<String>) {
    if manifest["split"] != true {
        return (Vec::new(), Vec::new());
    }
    let shards = manifest["starts"].as_array().expect("starts").len() + 1;
    let fragments = read_numbers(manifest["fragments"].as_str().expect("fragments"), 64).len();
    (
        (0..shards).map(|i| format!("t{i}.js")).collect(),
        (0..fragments).map(|i| format!("f{i}.js")).collect(),
    )
}

/// A language's scripts (the manifest and any others) read back as
/// `{"docs": [[url, title, group, [[anchor, heading, text], …]], …],
/// "terms": {term: [title, heading, text, both]}}`.
pub fn read_back<'a>(scripts: impl IntoIterator<Item = &'a [u8]>) -> Value {
    let all: Vec<Value> = scripts.into_iter().flat_map(chunks).collect();
    let manifest = all
        .iter()
        .find(|c| c["kind"] == "index")
        .expect("a manifest");
    let last = manifest["last"].as_u64().expect("last") as u32;
    let shared: Vec<String> = serde_json::from_value(manifest["words"].clone()).expect("words");
    let groups = manifest["groups"].clone();
    let mut fragments: Vec<&Value> = all.iter().filter(|c| c["kind"] == "docs").collect();
    fragments.sort_by_key(|c| c["first"].as_u64());
    let mut docs = Vec::new();
    for fragment in fragments {
        let local: Vec<String> = match fragment.get("words") {
            Some(words) => serde_json::from_value(words.clone()).expect("local words"),
            None => Vec::new(),
        };
        let word = |n: u32| -> &str {
            let n = n as usize;
            if n < shared.len() {
                &shared[n]
            } else {
                &local[n - shared.len()]
            }
        };
        for doc in fragment["docs"].as_array().expect("docs") {
            let numbers = read_numbers(doc[3].as_str().expect("numbers"), last);
            let fields: Vec<String> = numbers
                .split(|&n| n == 0)
                .map(|field| field.iter().map(|&n| word(n - 1)).collect())
                .collect();
            let anchors: Vec<(u64, String)> = doc
                .get(4)
                .map(|a| serde_json::from_value(a.clone()).expect("anchors"))
                .unwrap_or_default();
            // Each heading and text ends with a zero: one field more.
            let parts: Vec<Value> = fields[..fields.len() - 1]
                .chunks(2)
                .enumerate()
                .map(|(k, pair)| {
                    let anchor = anchors
                        .iter()
                        .find(|(p, _)| *p == k as u64)
                        .map_or("", |(_, a)| a.as_str());
                    json!([anchor, pair[0], pair[1]])
                })
                .collect();
            let group = groups[doc[2].as_u64().expect("group") as usize].clone();
            docs.push(json!([doc[0], doc[1], group, parts]));
        }
    }
    assert_eq!(
        Some(docs.len() as u64),
        manifest["docs"].as_u64(),
        "every page in a fragment"
    );
    let mut terms = Map::new();
    for shard in all.iter().filter(|c| c["kind"] == "terms") {
        for (term, lists) in shard["terms"].as_object().expect("terms") {
            let field = |i: usize| lists.get(i).cloned().unwrap_or_else(|| "".into());
            let back = json!([
                read_pages(&field(0)),
                read_parts(&field(1)),
                read_pages(&field(2)),
                read_parts(&field(3)),
            ]);
            assert!(terms.insert(term.clone(), back).is_none(), "{term} twice");
        }
    }
    json!({"docs": docs, "terms": terms})
}
