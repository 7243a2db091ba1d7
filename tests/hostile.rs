//! Hostile input: whatever bytes a user's files hold, `rapport check` ends with
//! exit code 0 or 1, in bounded time, and never panics.
//!
//! Each loader (site.yaml, front matter, checklists, i18n files) gets a few
//! hundred mutations of the example playbook's own files, made by a seeded
//! generator so a failure replays exactly; then each problem found when
//! rapport was first attacked this way has a fixed test of its own.

mod common;

use common::TestSite;
use std::path::Path;
use std::time::{Duration, Instant};

/// Mutated cases per loader.
const CASES: usize = 300;
/// Cases checked in one run: as many files of the loader side by side (but
/// one site.yaml), so a few hundred cases cost a few dozen runs.
const BATCH: usize = 15;
/// The longest one check of a small site may take, even in a debug build on
/// a busy machine: the hostile inputs are at most a few hundred kilobytes.
const BOUND: Duration = Duration::from_secs(10);

/// A small deterministic generator (SplitMix64): no crate needed for this.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that have broken YAML readers: signs, control bytes, invalid
/// UTF-8, a BOM, aliases, enormous numbers, deep nesting.
const PIECES: &[&[u8]] = &[
    b"[",
    b"{",
    b"]",
    b"}",
    b":",
    b": ",
    b"- ",
    b"#",
    b"&a ",
    b"*a",
    b"!",
    b"|",
    b">",
    b"'",
    b"\"",
    b"\t",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"---\n",
    b"...\n",
    b"%YAML 1.2\n",
    b"99999999999999999999999999999",
    b"-9223372036854775809",
    b"1e999999",
    b".nan",
    b"0x7fffffffffffffff",
    b"<<: *a\n",
    b"? ",
    b"\\u0000",
    b"~",
    b"\xe2\x80\xa8",
];

/// One mutation of `bytes`.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = rng.below(out.len() + 1);
    match rng.below(12) {
        0 => out.truncate(at),
        1 => {
            let end = (at + rng.below(40)).min(out.len());
            out.drain(at..end);
        }
        2 | 3 => {
            let piece = PIECES[rng.below(PIECES.len())];
            out.splice(at..at, piece.iter().copied());
        }
        4 => {
            // A line one to three spaces off.
            let start = out[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            if rng.below(2) == 0 {
                let n = 1 + rng.below(3);
                out.splice(start..start, std::iter::repeat_n(b' ', n));
            } else if out.get(start) == Some(&b' ') {
                out.remove(start);
            }
        }
        5 => {
            // A line repeated: keys given twice.
            let start = out[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = out[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(out.len(), |i| at + i + 1);
            let line = out[start..end].to_vec();
            out.splice(end..end, line);
        }
        6 => {
            let depth = 1 + rng.below(3000);
            let open = if rng.below(2) == 0 {
                b"["
            } else {
                b"{a: " as &[u8]
            };
            let nested: Vec<u8> = open.repeat(depth);
            out.splice(at..at, nested);
        }
        7 => {
            let dashes = b"- ".repeat(1 + rng.below(3000));
            out.splice(at..at, dashes);
        }
        8 => {
            // An alias bomb: each anchor repeats the one before ten times.
            let mut bomb = String::from("\nbomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..=(1 + rng.below(9)) {
                let refs = vec![format!("*b{}", i - 1); 10].join(", ");
                bomb.push_str(&format!("bomb{i}: &b{i} [{refs}]\n"));
            }
            out.extend_from_slice(bomb.as_bytes());
        }
        9 => {
            let mut crlf = Vec::with_capacity(out.len() * 2);
            for &b in &out {
                if b == b'\n' {
                    crlf.push(b'\r');
                }
                crlf.push(b);
            }
            out = crlf;
        }
        10 => {
            let a = rng.below(out.len() + 1);
            let b = rng.below(out.len() + 1);
            let (a, b) = (a.min(b), a.max(b));
            out[a..b].reverse();
        }
        _ => out
            .splice(0..0, b"\xef\xbb\xbf".iter().copied())
            .for_each(drop),
    }
    out
}

fn repo_file(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A small site in two languages with one article, one checklist and the
/// Italian strings, the example playbook's, with their links to the rest of
/// the example made external: each loader's file, ready to be swapped for a
/// mutation.
fn small_site() -> TestSite {
    let article = String::from_utf8(repo_file("content/choosing-clients/fewer-better.md")).unwrap();
    let front = article.split("\n---\n").next().unwrap();
    let checklist = String::from_utf8(repo_file("content/checklists/are-we-a-fit.yaml")).unwrap();
    TestSite::empty()
        .file("site.yaml", repo_file("site.yaml"))
        .file("static/logo.svg", repo_file("static/logo.svg"))
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\n[fit](fit.yaml)\n",
        )
        .file(
            "content/fewer.md",
            format!("{front}\n---\n## Why\n\nText.\n"),
        )
        .file(
            "content/fit.yaml",
            checklist.replace("](../", "](https://example.com/"),
        )
        .file("i18n/it.yaml", repo_file("themes/default/i18n/it.yaml"))
}

/// Runs `rapport check` on `site` and insists on 0 or 1, in time.
fn check_survives(site: &TestSite, what: &str) {
    let started = Instant::now();
    let run = site.run(&["check"]);
    let took = started.elapsed();
    assert!(
        run.code == 0 || run.code == 1,
        "{what}: exit code {}\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    assert!(took < BOUND, "{what}: took {took:?}");
    // Messages stay readable: no line of them runs on for pages.
    for line in run.stderr.lines() {
        let start: String = line.chars().take(300).collect();
        assert!(
            line.chars().count() < 600,
            "{what}: a line of {} characters: {start}",
            line.len()
        );
    }
}

/// `cases` mutations of the small site's file `original`, from `seed`, written
/// `per_run` at a time as the files `name(0)`, `name(1)`… and checked.
fn mutations_of(
    original: &str,
    name: impl Fn(usize) -> String,
    cases: usize,
    per_run: usize,
    seed: u64,
) {
    let site = small_site();
    let original = std::fs::read(site.path().join(original)).unwrap();
    let mut rng = Rng(seed);
    for run in 0..cases / per_run {
        for slot in 0..per_run {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(3) {
                bytes = mutate(&mut rng, &bytes);
            }
            site.write(&name(slot), &bytes);
        }
        check_survives(&site, &format!("{}, seed {seed}, run {run}", name(0)));
    }
}

#[test]
fn mutated_site_yaml_never_crashes_or_hangs() {
    mutations_of("site.yaml", |_| "site.yaml".into(), CASES / 5, 1, 1);
}

#[test]
fn mutated_front_matter_never_crashes_or_hangs() {
    mutations_of(
        "content/fewer.md",
        |i| format!("content/m{i}.md"),
        CASES,
        BATCH,
        2,
    );
}

#[test]
fn mutated_checklists_never_crash_or_hang() {
    mutations_of(
        "content/fit.yaml",
        |i| format!("content/m{i}.yaml"),
        CASES,
        BATCH,
        3,
    );
}

#[test]
fn mutated_i18n_files_never_crash_or_hang() {
    mutations_of(
        "i18n/it.yaml",
        |i| format!("i18n/x{i}.yaml"),
        CASES,
        BATCH,
        4,
    );
}

#[test]
fn nesting_100_000_levels_deep_is_an_error_at_its_line_in_short_order() {
    let site = small_site();
    let deep = format!("---\ntitle: Deep\nsummary: {}\n---\n", "[".repeat(100_000));
    site.write("content/deep.md", deep);
    let started = Instant::now();
    let run = site.run(&["check"]).expect(1);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(run.stderr.contains("content/deep.md:3:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("nested more than 64 levels deep"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 2_000, "{}", run.stderr);
}

#[test]
fn a_megabyte_of_yaml_is_read_in_linear_time() {
    let site = small_site();
    let mut extra = String::from("---\ntitle: Big\nextra:\n");
    let mut i = 0;
    while extra.len() < 1_000_000 {
        extra.push_str(&format!(
            "  key{i}: [a, {{ b: c, d: [1, 2, 3] }}, \"text\"]\n"
        ));
        i += 1;
    }
    extra.push_str("---\nBody.\n");
    site.write("content/big.md", extra);
    let started = Instant::now();
    site.run(&["check"]).expect(0);
    // About 0.3 s in a release build; a debug build is ten times slower, and
    // anything quadratic would take minutes.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn sixteen_thousand_headings_of_one_text_render_quickly_with_numbered_ids() {
    let site = small_site();
    let mut text = String::from("---\ntitle: Same\n---\n## Same-2\n\n");
    for _ in 0..16_000 {
        text.push_str("## Same\n\n");
    }
    site.write("content/same.md", text);
    let started = Instant::now();
    site.build().expect(0);
    // Under a second in a debug build; counting ids from `-2` took 38.6 s in
    // a release build. The margin is for a busy machine.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let html = site.output("same/index.html");
    // The hand-written `Same-2` keeps its id; the repeats step over it.
    assert!(html.contains("id=\"same-2\""), "same-2");
    assert!(html.contains("id=\"same\""));
    assert!(html.contains("id=\"same-3\""));
    assert!(html.contains("id=\"same-16001\""));
    assert!(!html.contains("id=\"same-16002\""));
    assert!(!html.contains("id=\"same-2-2\""));
}

#[test]
fn folders_left_by_killed_builds_are_removed_only_when_theirs() {
    let site = small_site();
    site.build().expect(0);
    // A process id no process has: the kernel's are far below i32::MAX.
    let gone = i32::MAX;
    let marker = "written by rapport\n";
    for name in [
        format!(".public.rapport-staging-{gone}"),
        format!(".public.rapport-old-{}", gone - 1),
    ] {
        site.write(&format!("{name}/.rapport-output"), marker);
        site.write(&format!("{name}/index.html"), "old");
    }
    // Not ours to remove: no marker, another name, a living process (this one).
    site.write(
        &format!(".public.rapport-staging-{}/keep.txt", gone - 2),
        "mine",
    );
    site.write(
        &format!(".public.rapport-staging-{gone}x/.rapport-output"),
        marker,
    );
    site.write(&format!(".docs.rapport-old-{gone}/.rapport-output"), marker);
    let living = format!(".public.rapport-old-{}", std::process::id());
    site.write(&format!("{living}/.rapport-output"), marker);

    let run = site.run(&["build", "--verbose"]).expect(0);
    let mut left: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rapport-"))
        .collect();
    left.sort();
    let mut expected = vec![
        format!(".docs.rapport-old-{gone}"),
        living,
        format!(".public.rapport-staging-{}", gone - 2),
        format!(".public.rapport-staging-{gone}x"),
    ];
    expected.sort();
    assert_eq!(left, expected);
    assert!(
        run.stderr.contains(&format!(
            "removed .public.rapport-staging-{gone}, left behind by a build that was stopped"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!(".public.rapport-old-{}", gone - 1)),
        "{}",
        run.stderr
    );
    // Without --verbose the build says nothing about them.
    site.write(
        &format!(".public.rapport-old-{gone}/.rapport-output"),
        marker,
    );
    let quiet = site.build().expect(0);
    assert!(!quiet.stderr.contains("removed"), "{}", quiet.stderr);
    assert!(!site
        .path()
        .join(format!(".public.rapport-old-{gone}"))
        .exists());
}

#[test]
fn i18n_typos_and_keys_given_twice_are_errors_at_their_line() {
    let site = small_site().file(
        "i18n/en.yaml",
        "# Our words\ncontents: On this page\nmin_raed: minutes\n",
    );
    let run = site.run(&["check"]).expect(1);
    assert!(
        run.stderr
            .contains("i18n/en.yaml:3:1: error: unknown key `min_raed`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `min_read`?"),
        "{}",
        run.stderr
    );
    // The first pass stops at the key given twice; fixing it shows the typo.
    let site = small_site().file("i18n/en.yaml", "contents: A\nhome: B\ncontents: C\n");
    let run = site.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains(
            "i18n/en.yaml:3:1: error: `contents` is given twice in this mapping (first on line 1)"
        ),
        "{}",
        run.stderr
    );
}

/// The example playbook with line `line` of its "Are we a fit?" checklist
/// replaced by `text`; the errors of `rapport check`.
fn misindented_fit(line: usize, text: &str) -> String {
    let site = TestSite::example();
    let rel = "content/checklists/are-we-a-fit.yaml";
    let original = std::fs::read_to_string(site.path().join(rel)).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    lines[line - 1] = text;
    site.write(rel, lines.join("\n") + "\n");
    let run = site.run(&["check"]).expect(1);
    assert!(!run.stderr.contains("missing field"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("did not find expected"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("mapping values are not allowed"),
        "{}",
        run.stderr
    );
    // One mistake, one error: the article showing the checklist is not blamed.
    assert!(run.stderr.contains("\n1 error\n"), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_key_one_space_short_is_reported_at_its_line() {
    let stderr = misindented_fit(62, "       text: When do you need the finished work?");
    assert!(
        stderr.contains("are-we-a-fit.yaml:62:8: error: `text:` is indented by 7 spaces"),
        "{stderr}"
    );
    assert!(
        stderr.contains("indent it by 8 spaces, like `id:` on line 61"),
        "{stderr}"
    );
}

#[test]
fn an_over_indented_key_is_reported_at_its_line() {
    let stderr = misindented_fit(63, "          kind: choice");
    assert!(
        stderr.contains(
            "are-we-a-fit.yaml:63:11: error: `kind:` is indented more than `text:` on line 62"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("indent it by 8 spaces"), "{stderr}");
}

#[test]
fn a_misindented_cta_is_reported_at_its_line() {
    let stderr = misindented_fit(
        147,
        "   cta: { label: Write to us, url: \"mailto:hello@studioferri.example\" }",
    );
    assert!(
        stderr.contains("are-we-a-fit.yaml:147:4: error: `cta:` is indented by 3 spaces"),
        "{stderr}"
    );
    assert!(stderr.contains("indent it by 4 spaces"), "{stderr}");
}

#[test]
fn a_key_short_of_its_neighbours_is_blamed_not_the_next_one() {
    let stderr = misindented_fit(62, "    text: When do you need the finished work?");
    assert!(
        stderr.contains(
            "are-we-a-fit.yaml:62:5: error: `text:` is indented by 4 spaces, less than the keys"
        ),
        "{stderr}"
    );
}

#[test]
fn a_duplicate_slug_is_reported_at_the_slug_line_naming_both_files() {
    let site = small_site()
        .file("content/one.md", "---\ntitle: One\n---\nText.\n")
        .file(
            "content/two.md",
            "---\ntitle: Two\nweight: 2\nslug: one\n---\nText.\n",
        );
    let run = site.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains(
            "content/two.md:4:7: error: this page has the same URL `one/` as content/one.md"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn one_bad_file_hides_no_other_problem_and_invents_none() {
    let site = small_site()
        // An unknown key, and a broken link in the same file.
        .file(
            "content/steps.md",
            "---\ntitle: Steps\nsumary: x\n---\n## Calm the fears\n\nSee [nowhere](nowhere.md).\n",
        )
        // Valid links to its headings from two other files.
        .file(
            "content/one.md",
            "---\ntitle: One\n---\n[calm](steps.md#calm-the-fears)\n",
        )
        .file(
            "content/two.md",
            "---\ntitle: Two\n---\n[calm](steps.md#calm-the-fears)\n",
        )
        // A typo in the strings, and a mistake in the checklist an article shows.
        .file("i18n/it.yaml", "min_raed: min\n")
        .file(
            "content/shows.md",
            "---\ntitle: Shows\n---\n{{ checklist(id=\"fit\") }}\n",
        );
    let fit = String::from_utf8(repo_file("content/checklists/are-we-a-fit.yaml")).unwrap();
    site.write(
        "content/fit.yaml",
        fit.replace(
            "\n        kind: choice\n        options:\n          - { id: two-weeks",
            "\n          kind: choice\n        options:\n          - { id: two-weeks",
        ),
    );
    let run = site.run(&["check"]).expect(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let expect = [
        "content/steps.md:3:1: error: unknown key `sumary`",
        "content/steps.md:7:5: error: the link `nowhere.md`",
        "i18n/it.yaml:1:1: error: unknown key `min_raed`",
        "content/fit.yaml:63:11: error: `kind:` is indented more than `text:`",
    ];
    for e in expect {
        assert!(
            errors.iter().any(|l| l.contains(e)),
            "missing {e}:\n{}",
            run.stderr
        );
    }
    assert_eq!(errors.len(), expect.len(), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/fit.yaml did not load: links into it are checked once it does"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_site_yaml_key_keeps_the_languages_it_declares() {
    let site = small_site();
    let text = String::from_utf8(repo_file("site.yaml")).unwrap();
    site.write("site.yaml", text.replace("accent:", "acent:"));
    site.write("content/fewer.it.md", "---\ntitle: Meno\n---\nTesto.\n");
    let run = site.run(&["check"]).expect(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("site.yaml:8:1: error: unknown key `acent`"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_without_a_folder_names_the_folder_it_used() {
    let site = TestSite::empty();
    let run = site.run(&["init"]).expect(0);
    let full = std::fs::canonicalize(site.path()).unwrap();
    assert!(
        run.stdout
            .contains(&format!("Created a playbook in {} (", full.display())),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Next: rapport build"), "{}", run.stdout);
    assert!(!run.stdout.contains("cd "), "{}", run.stdout);
}
