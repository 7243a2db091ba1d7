//! Link previews: every page's `og:image` and its card, a 1200×630 PNG that
//! rapport draws, names by what it shows, and reuses while that stays the same.

mod common;

use common::TestSite;
use std::collections::BTreeMap;

const BASE: &str = "https://example.com/hb/";

/// The `content` of `<meta property|name="key" content="…">` in `html`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let start = format!("<meta {attr}=\"{key}\" content=\"");
        let at = html.find(&start)? + start.len();
        html[at..].split('"').next()
    })
}

/// Width and height from a PNG's header (its IHDR chunk).
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

/// The output file a preview's absolute address names.
fn card_file(site: &TestSite, url: &str) -> Vec<u8> {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    std::fs::read(site.path().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every HTML page of the output that is not the 404 page or a redirect, by
/// path, with its `og:image`.
fn previews(site: &TestSite) -> BTreeMap<String, Option<String>> {
    site.html_files()
        .into_iter()
        .map(|path| (site.output(&path), path))
        .filter(|(html, path)| {
            !path.ends_with("404.html") && !html.contains("http-equiv=\"refresh\"")
        })
        .map(|(html, path)| (path, meta(&html, "og:image").map(str::to_string)))
        .collect()
}

#[test]
fn every_kind_of_page_carries_a_1200_by_630_card_with_its_five_tags() {
    let site = TestSite::example();
    site.run(&["build", "--base-url", BASE]).expect(0);
    let pages = previews(&site);
    for kind in [
        "index.html",
        "choosing-clients/index.html",
        "choosing-clients/fewer-better/index.html",
        "checklists/are-we-a-fit/index.html",
        "tags/index.html",
        "it/index.html",
        "it/checklists/are-we-a-fit/index.html",
        "print/index.html",
    ] {
        assert!(
            pages.contains_key(kind),
            "no page {kind}: {:?}",
            pages.keys()
        );
    }
    assert!(pages
        .keys()
        .any(|p| p.starts_with("tags/") && p != "tags/index.html"));
    for path in pages.keys() {
        let html = site.output(path);
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{path}: no og:image"));
        assert!(
            image.starts_with(&format!("{BASE}cards/")),
            "{path}: {image}"
        );
        assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{path}");
        assert_eq!(meta(&html, "og:image:height"), Some("630"), "{path}");
        assert!(
            !meta(&html, "og:image:alt").unwrap_or("").is_empty(),
            "{path}: no alt"
        );
        assert_eq!(
            meta(&html, "twitter:card"),
            Some("summary_large_image"),
            "{path}"
        );
        assert_eq!(png_size(&card_file(&site, image)), (1200, 630), "{path}");
    }
    // Each page has a card of its own, in its own language.
    let mut cards: Vec<&String> = pages.values().flatten().collect();
    let count = cards.len();
    cards.sort();
    cards.dedup();
    assert_eq!(cards.len(), count, "two pages share a card");
    assert_ne!(
        pages["checklists/are-we-a-fit/index.html"],
        pages["it/checklists/are-we-a-fit/index.html"]
    );
    let alt = |path: &str| {
        meta(&site.output(path), "og:image:alt")
            .unwrap()
            .to_string()
    };
    assert!(alt("checklists/are-we-a-fit/index.html").contains("10 questions · about 3 minutes"));
    assert!(alt("it/checklists/are-we-a-fit/index.html").contains("10 domande · circa 3 minuti"));
    // Not on the 404 page, nor on a redirect.
    assert_eq!(meta(&site.output("404.html"), "og:image"), None);
    // Icons for phones' home screens, drawn from the logo.
    assert!(site
        .output("index.html")
        .contains("<link rel=\"apple-touch-icon\" href=\"icons/apple-touch-icon.png\">"));
    for (icon, size) in [
        ("apple-touch-icon.png", 180),
        ("192.png", 192),
        ("512.png", 512),
    ] {
        let bytes = std::fs::read(site.path().join("public/icons").join(icon)).unwrap();
        assert_eq!(png_size(&bytes), (size, size), "{icon}");
    }
}

#[test]
fn redirects_carry_no_preview_and_cards_work_without_a_base_url() {
    let site = TestSite::fixture("basic");
    site.build().expect(0);
    let redirect = site.output("old/internal-notes/index.html");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    assert_eq!(meta(&redirect, "og:image"), None);
    let page = site.output("zeta/a-first/index.html");
    let image = meta(&page, "og:image").unwrap();
    assert!(image.starts_with("../../cards/"), "{image}");
    let bytes = std::fs::read(site.path().join("public/zeta/a-first").join(image)).unwrap();
    assert_eq!(png_size(&bytes), (1200, 630));
}

/// The smallest JPEG header that says 200×100 (enough for previews' readers).
fn jpeg_200_by_100() -> Vec<u8> {
    let mut bytes = vec![
        0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 100, 0x00, 200, 0x03,
    ];
    bytes.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    bytes.extend([0xff, 0xd9]);
    bytes
}

#[test]
fn a_pages_own_jpeg_image_wins_over_its_card() {
    let site = TestSite::fixture("basic")
        .file("static/photo.jpg", jpeg_200_by_100())
        .file(
            "content/zeta/a-first.md",
            "---\ntitle: A by title\nimage: photo.jpg\nimage_alt: Two hands shaking\n---\n\nText.\n",
        );
    site.run(&["build", "--base-url", BASE]).expect(0);
    let page = site.output("zeta/a-first/index.html");
    assert_eq!(
        meta(&page, "og:image"),
        Some("https://example.com/hb/photo.jpg")
    );
    assert_eq!(meta(&page, "og:image:width"), Some("200"));
    assert_eq!(meta(&page, "og:image:height"), Some("100"));
    assert_eq!(meta(&page, "og:image:alt"), Some("Two hands shaking"));
    assert_eq!(meta(&page, "twitter:card"), Some("summary_large_image"));
    // The others still get cards.
    let other = site.output("zeta/b-second/index.html");
    assert!(meta(&other, "og:image").unwrap().contains("/cards/"));
}

#[test]
fn social_cards_false_draws_none() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}social_cards: false\n"));
    let run = site.run(&["build", "--base-url", BASE]).expect(0);
    assert!(!run.stdout.contains("drawn"), "{}", run.stdout);
    assert!(!site.output_exists("cards"));
    // The logo is an SVG, which previews do not show: no picture at all.
    let page = site.output("zeta/a-first/index.html");
    assert_eq!(meta(&page, "og:image"), None);
    assert_eq!(meta(&page, "twitter:card"), Some("summary"));
    // A raster logo stands in.
    site.write("static/logo.jpg", jpeg_200_by_100());
    site.write(
        "site.yaml",
        format!(
            "{}social_cards: false\n",
            config.replace("logo.svg", "logo.jpg")
        ),
    );
    site.run(&["build", "--base-url", BASE]).expect(0);
    let page = site.output("zeta/a-first/index.html");
    assert_eq!(
        meta(&page, "og:image"),
        Some("https://example.com/hb/logo.jpg")
    );
    assert!(!site.output_exists("cards"));
}

#[test]
fn an_edited_title_gives_a_new_card_and_the_old_one_is_gone() {
    let site = TestSite::fixture("basic");
    let first = site.run(&["build", "--base-url", BASE]).expect(0);
    assert!(first.stdout.contains("cards drawn"), "{}", first.stdout);
    let before = previews(&site);
    let card = |pages: &BTreeMap<String, Option<String>>, path: &str| {
        pages[path]
            .clone()
            .unwrap()
            .trim_start_matches(BASE)
            .to_string()
    };
    let old = card(&before, "zeta/a-first/index.html");
    // Nothing changed: every card comes from the previous output.
    let again = site.run(&["build", "--base-url", BASE]).expect(0);
    assert!(!again.stdout.contains("drawn"), "{}", again.stdout);
    assert_eq!(previews(&site), before);
    site.write(
        "content/zeta/a-first.md",
        "---\ntitle: A title put better\n---\n\nText.\n",
    );
    let edited = site.run(&["build", "--base-url", BASE]).expect(0);
    assert!(
        edited.stdout.contains("(") && edited.stdout.contains(", 1 card drawn)"),
        "{}",
        edited.stdout
    );
    let after = previews(&site);
    let new = card(&after, "zeta/a-first/index.html");
    assert_ne!(old, new);
    assert!(site.output_exists(&new));
    assert!(!site.output_exists(&old), "{old} is still there");
    assert_eq!(
        card(&after, "zeta/b-second/index.html"),
        card(&before, "zeta/b-second/index.html")
    );
}

#[test]
fn rapport_check_draws_nothing() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["check"]).expect(0);
    assert!(!run.stdout.contains("drawn"), "{}", run.stdout);
    assert!(!site.output_exists(""));
}

/// A card's picture, decoded.
fn pixels(site: &TestSite, page: &str) -> resvg::tiny_skia::Pixmap {
    let url = meta(&site.output(page), "og:image").unwrap().to_string();
    resvg::tiny_skia::Pixmap::decode_png(&card_file(site, &url)).unwrap()
}

/// Rows above the footer's rule (y 520) holding pixels of the title's
/// colour (#1d232a) between columns `from` and `to`.
fn title_rows(card: &resvg::tiny_skia::Pixmap, (from, to): (u32, u32)) -> Vec<u32> {
    (0..520)
        .filter(|&y| {
            (from..to).any(|x| {
                let p = card.pixel(x, y).unwrap();
                p.red() < 60 && p.green() < 60 && p.blue() < 70
            })
        })
        .collect()
}

/// How many runs of consecutive rows: lines of text.
fn bands(rows: &[u32]) -> usize {
    rows.windows(2).filter(|w| w[1] > w[0] + 1).count() + usize::from(!rows.is_empty())
}

#[test]
fn the_title_is_drawn_inside_the_card_short_long_and_on_a_checklist() {
    let long = "Perché i clienti “che rubano” non esistono — e che cosa fare quando un cliente se ne va da un concorrente che costa meno, senza rincorrerlo né abbassare i prezzi a tutti gli altri";
    let site = TestSite::fixture("basic")
        .file("content/zeta/a-first.md", "---\ntitle: Hi\n---\n\nText.\n")
        .file(
            "content/zeta/b-second.md",
            format!("---\ntitle: \"{long}\"\n---\n\nTesto.\n"),
        );
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists/fit.yaml"),
        site.path().join("content/zeta/fit.yaml"),
    )
    .unwrap();
    site.run(&["build", "--base-url", BASE]).expect(0);
    let checklist = site
        .html_files()
        .into_iter()
        .find(|p| p.starts_with("zeta/fit"))
        .expect("the checklist's page");
    for (page, lines) in [
        ("zeta/a-first/index.html", 1..=1),
        ("zeta/b-second/index.html", 3..=4),
        (checklist.as_str(), 1..=4),
    ] {
        let card = pixels(&site, page);
        assert_eq!((card.width(), card.height()), (1200, 630), "{page}");
        let rows = title_rows(&card, (0, 1200));
        assert!(
            rows.len() > 30,
            "{page}: the title is not drawn ({} rows)",
            rows.len()
        );
        assert!(
            lines.contains(&bands(&rows)),
            "{page}: {} lines",
            bands(&rows)
        );
        // Inside the margins: nothing near an edge, nothing over the footer.
        assert!(
            rows.iter().all(|&y| (90..505).contains(&y)),
            "{page}: rows {rows:?}"
        );
        assert!(
            title_rows(&card, (0, 60)).is_empty(),
            "{page}: ink at the left edge"
        );
        assert!(
            title_rows(&card, (1140, 1200)).is_empty(),
            "{page}: ink at the right edge"
        );
    }
    // The checklist's card has its label in a box of the site's accent (#aa3300).
    let card = pixels(&site, &checklist);
    let accent = (560..1120)
        .flat_map(|x| (548..596).map(move |y| (x, y)))
        .filter(|&(x, y)| {
            let p = card.pixel(x, y).unwrap();
            (p.red(), p.green(), p.blue()) == (0xaa, 0x33, 0x00)
        })
        .count();
    assert!(accent > 2000, "no label box ({accent} pixels)");
}
