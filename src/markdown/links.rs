//! Link and image destinations: a link to a page's Markdown file becomes
//! the page's URL relative to the linking page (or its translation's, in the
//! page's language); a link to a file in `content/` or `static/` is checked
//! and made relative; a link to nothing is an error at its place. Links to a
//! heading (`page.md#id`, `#id`) are gathered to be checked once every page's
//! ids are known. Also the one check of an image itself: its alt text.

use super::step::{Out, Step};
use super::{options, AnchorLink, LinkTargets, PlaceLinks, Places};
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::shortcode::{self, Shortcode};
use pulldown_cmark::{html, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Resolves the links written in one page's source.
pub(super) struct Resolver<'p> {
    page: &'p Page,
    targets: &'p LinkTargets,
    source_dir: &'p str,
    root: String,
}

/// What resolving links of a page found: problems and links to headings.
#[derive(Default)]
pub(super) struct Found {
    pub diagnostics: Vec<Diagnostic>,
    pub anchors: Vec<AnchorLink>,
}

impl<'p> Resolver<'p> {
    pub fn new(page: &'p Page, targets: &'p LinkTargets, content_rel: &'p str) -> Self {
        Resolver {
            page,
            targets,
            source_dir: content_rel.rsplit_once('/').map_or("", |(dir, _)| dir),
            root: page.root_prefix(),
        }
    }

    /// The destination as the page must write it; what is wrong with it, or
    /// the heading it names, goes into `found`.
    pub fn rewrite<'a>(
        &self,
        dest: CowStr<'a>,
        offset: usize,
        places: &Places,
        found: &mut Found,
    ) -> CowStr<'a> {
        let page = self.page;
        match resolve(&dest, self.source_dir, &self.root, &page.lang, self.targets) {
            Ok((url, target)) => {
                // `#id` here or `page.md#id`: the id is checked once every
                // page's headings are known.
                let own = dest.starts_with('#').then(|| page.url_path.clone());
                if let (Some(target), Some((_, id))) = (target.or(own), dest.split_once('#')) {
                    if !id.is_empty() {
                        let (line, column) = places.position(offset);
                        found.anchors.push(AnchorLink {
                            source: page.source.clone(),
                            line,
                            column,
                            target,
                            id: percent_decode(id),
                        });
                    }
                }
                url
            }
            Err(message) => {
                found.diagnostics.push(places.error(offset, message));
                dest
            }
        }
    }
}

/// The step that rewrites the destinations of links and images, and checks
/// that every image has alt text.
pub(super) struct Links<'r> {
    places: &'r Places<'r>,
    resolver: &'r Resolver<'r>,
    pub found: Found,
    /// An image being read: where it starts, and its alt text so far.
    image: Option<(usize, String)>,
}

impl<'r> Links<'r> {
    pub fn new(places: &'r Places<'r>, resolver: &'r Resolver<'r>) -> Self {
        Links {
            places,
            resolver,
            found: Found::default(),
            image: None,
        }
    }
}

impl<'a> Step<'a> for Links<'_> {
    fn take<O: Out<'a>>(&mut self, event: Event<'a>, range: Range<usize>, out: &mut O) {
        if matches!(event, Event::Start(Tag::Image { .. })) {
            self.image = Some((range.start, String::new()));
        }
        let event = with_destination(event, |dest| {
            self.resolver
                .rewrite(dest, range.start, self.places, &mut self.found)
        });
        match (&event, self.image.as_mut()) {
            (Event::Text(t) | Event::Code(t), Some((_, alt))) => alt.push_str(t),
            (Event::End(TagEnd::Image), Some((start, alt))) => {
                if alt.trim().is_empty() {
                    self.found.diagnostics.push(
                        self.places
                            .warning(*start, "this image has no alt text".into())
                            .with_hint(
                                "describe it between the brackets: ![what the image shows](file.png)",
                            ),
                    );
                }
                self.image = None;
            }
            _ => {}
        }
        out.push_back((event, range));
    }
}

/// Renders Markdown written in a YAML field of `page` (a checklist's intro,
/// help or result text), rewriting its links as in an article's body. The
/// problems come back as messages: the caller knows which field they are in.
pub fn render_field(
    text: &str,
    page: &Page,
    targets: &LinkTargets,
    content_rel: &str,
) -> (String, Vec<String>, Vec<(String, String)>) {
    let (html, problems, anchors) =
        render_field_at(text, &page.root_prefix(), &page.lang, targets, content_rel);
    // `#id` alone is a place on the page itself.
    let anchors = anchors
        .into_iter()
        .map(|(target, id)| (target.unwrap_or_else(|| page.url_path.clone()), id))
        .collect();
    (html, problems, anchors)
}

/// [`render_field`] for the field written in `content_rel` shown on a page at
/// `root` in `lang`: a checklist embedded in an article.
pub fn render_field_at(
    text: &str,
    root: &str,
    lang: &str,
    targets: &LinkTargets,
    content_rel: &str,
) -> (String, Vec<String>, PlaceLinks) {
    let source_dir = content_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut problems = Vec::new();
    let mut anchors = Vec::new();
    let embeds = |line: &str| matches!(shortcode::parse(line), Some(Ok(Shortcode::Single(call))) if call.name == "checklist");
    if text.lines().any(embeds) {
        problems.push(
            "a checklist cannot show a checklist: link to it instead, `[the other checklist](other.yaml)`"
                .to_string(),
        );
    }
    let mut rewrite = |dest: CowStr<'_>| -> String {
        match resolve(&dest, source_dir, root, lang, targets) {
            Ok((url, target)) => {
                // A link to a place in a page: checked once all ids are known.
                let own = dest.starts_with('#');
                if let Some((_, id)) = dest.split_once('#').filter(|_| own || target.is_some()) {
                    if !id.is_empty() {
                        anchors.push((target, percent_decode(id)));
                    }
                }
                url.to_string()
            }
            Err(message) => {
                problems.push(message);
                dest.to_string()
            }
        }
    };
    let events: Vec<Event> = Parser::new_ext(text, options())
        .map(|event| with_destination(event, |dest| rewrite(dest).into()))
        .collect();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    (out, problems, anchors)
}

/// The event with the destination of its link or image passed through
/// `rewrite`; `<hello@example.com>` is an address, not a path, and stays.
fn with_destination<'a>(
    event: Event<'a>,
    rewrite: impl FnOnce(CowStr<'a>) -> CowStr<'a>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if link_type != LinkType::Email => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// Rewrites a link written in Markdown into a URL relative to the page, or
/// explains why it leads nowhere.
/// A link's destination as the page at `root` (`../../`) in language `lang`
/// must write it. A link to a page's file (`keeping-in-touch.md`) leads to its
/// translation in the linking page's language when there is one, so that a
/// translation can keep the original's links.
fn resolve<'a>(
    dest: &CowStr<'a>,
    source_dir: &str,
    root: &str,
    lang: &str,
    targets: &LinkTargets,
) -> Result<(CowStr<'a>, Option<String>), String> {
    let dest_str: &str = dest;
    if dest_str.is_empty() || dest_str.starts_with('#') || is_external(dest_str) {
        return Ok((dest.clone(), None));
    }
    let (path, fragment) = match dest_str.find(['#', '?']) {
        Some(i) => dest_str.split_at(i),
        None => (dest_str, ""),
    };
    let decoded = percent_decode(path);
    let (from_root, joined) = match decoded.strip_prefix('/') {
        Some(rooted) => (true, normalize(rooted)),
        None => (false, normalize(&format!("{source_dir}/{decoded}"))),
    };
    let Some(joined) = joined else {
        return Err(format!("the link `{dest_str}` leads outside the site"));
    };
    if joined.ends_with(".md") || joined.ends_with(".yaml") || joined.ends_with(".yml") {
        let translated = joined
            .rsplit_once('.')
            .map(|(stem, extension)| format!("{stem}.{lang}.{extension}"));
        let page = translated
            .and_then(|t| targets.pages.get(&t))
            .or_else(|| targets.pages.get(&joined));
        if let Some(url_path) = page {
            let url = format!("{root}{url_path}index.html{fragment}");
            return Ok((url.into(), Some(url_path.clone())));
        }
        if targets.failed.contains(&joined) {
            return Ok((dest.clone(), None));
        }
        if targets.drafts.contains(&joined) {
            return Err(format!(
                "the link `{dest_str}` points to a draft, which this build leaves out"
            ));
        }
        return Err(format!(
            "the link `{dest_str}` points to `content/{joined}`, which does not exist"
        ));
    }
    if let Some(output) = targets.assets.get(&joined) {
        return Ok((format!("{root}{output}{fragment}").into(), None));
    }
    if from_root {
        let bare = joined.trim_end_matches('/');
        let page_dir = format!("{bare}/");
        let bare_page = bare.strip_suffix("/index.html").map(|p| format!("{p}/"));
        if targets.root_paths.contains(&page_dir) || bare.is_empty() {
            let dir = if bare.is_empty() {
                String::new()
            } else {
                page_dir
            };
            let url = format!("{root}{dir}index.html{fragment}");
            // A page's folder: its headings are known, so `#id` is checked.
            return Ok((url.into(), Some(dir)));
        }
        if let Some(page) = bare_page.filter(|p| targets.root_paths.contains(p)) {
            return Ok((format!("{root}{bare}{fragment}").into(), Some(page)));
        }
        if targets.root_paths.contains(bare) {
            return Ok((format!("{root}{bare}{fragment}").into(), None));
        }
        return Err(format!(
            "the link `{dest_str}` points to nothing in static/ or among the pages"
        ));
    }
    Err(format!(
        "the link `{dest_str}` points to `content/{joined}`, which does not exist"
    ))
}

/// `https:`, `mailto:`, `tel:`, `//host`…: left alone.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..` in a `/`-separated path; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Decodes `%20` and friends, so that `my%20notes.md` finds `my notes.md`.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{page, targets};
    use super::super::{Page, Places};
    use super::*;

    /// The Links step alone over `text`, as the page at `url_path` shows it.
    fn links_of(page: &Page) -> (String, Found) {
        let places = Places::new(page);
        let targets = targets();
        let resolver = Resolver::new(page, &targets, "loyalty/pit-stops.md");
        let mut links = Links::new(&places, &resolver);
        let mut html = String::new();
        let events = Parser::new_ext(page.body(), options()).into_offset_iter();
        html::push_html(&mut html, links.over(events).map(|(event, _)| event));
        (html, links.found)
    }

    #[test]
    fn a_link_to_a_page_becomes_its_url_and_a_heading_in_it_is_kept_to_check() {
        let page = page(
            "loyalty/pit-stops/",
            "Read [why](../choosing-clients/fewer-better.md#why%20not).",
        );
        let (html, found) = links_of(&page);
        assert!(
            html.contains(r#"href="../../choosing-clients/fewer-better/index.html#why%20not""#),
            "{html}"
        );
        assert!(found.diagnostics.is_empty());
        let anchors: Vec<_> = found
            .anchors
            .iter()
            .map(|a| (a.line, a.column, a.target.as_str(), a.id.as_str()))
            .collect();
        assert_eq!(
            anchors,
            [(1, 6, "choosing-clients/fewer-better/", "why not")]
        );
    }

    #[test]
    fn a_place_on_the_page_itself_is_checked_against_the_page() {
        let page = page("loyalty/pit-stops/", "[up](#top)");
        let (html, found) = links_of(&page);
        assert!(html.contains(r##"href="#top""##), "{html}");
        assert_eq!(found.anchors[0].target, "loyalty/pit-stops/");
    }

    #[test]
    fn a_broken_image_is_an_error_and_one_without_alt_text_a_warning() {
        let page = page("a/b/", "![](gone.png)\n\n![A diagram](/diagram.svg)\n");
        let (html, found) = links_of(&page);
        assert!(html.contains(r#"src="../../diagram.svg""#), "{html}");
        let seen: Vec<_> = found
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.severity))
            .collect();
        use crate::diagnostics::Severity;
        assert_eq!(seen, [(1, 1, Severity::Error), (1, 1, Severity::Warning)]);
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x"), None);
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("notes/a:b.md"));
        assert_eq!(percent_decode("my%20notes.md"), "my notes.md");
    }
}
