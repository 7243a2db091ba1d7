//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task
//! lists and smart punctuation, plus what a handbook needs on top:
//!
//! - every heading gets an id (the slug of its text, `-2`, `-3` for repeats)
//!   and an anchor link, and headings of level 2 and 3 feed the table of contents;
//! - a link to another page's `.md` file becomes that page's URL, relative to
//!   the page, so the output works from any sub-path and from `file://`;
//! - a link to a file that does not exist is an error at its line and column.

use crate::content::Page;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::search::Part;
use crate::shortcode::{self, Shortcode};
use crate::slug::UniqueIds;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's body, rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every heading id of the page.
    pub ids: HashSet<String>,
    /// Links to a place in a page (`#id`, `page.md#id`), to check once every
    /// page's ids are known.
    pub anchors: Vec<AnchorLink>,
    /// The text, plain, before the first heading and after each, for search.
    pub parts: Vec<Part>,
    /// Checklists to show in place (`{{ checklist(id="…") }}`): `html` holds
    /// [`embed_marker`] for each, which `render/embed.rs` replaces.
    pub embeds: Vec<Embed>,
}

/// A `{{ checklist(id="…") }}` shortcode: which checklist, and where it is written.
#[derive(Debug, Clone)]
pub struct Embed {
    pub id: String,
    pub line: usize,
    pub column: usize,
    /// How many table-of-contents entries come before it.
    pub toc_before: usize,
}

/// What stands in a page's HTML for its `n`th embedded checklist. The NUL
/// characters keep it from ever being written by an author: CommonMark turns
/// them into U+FFFD.
pub fn embed_marker(n: usize) -> String {
    format!("\0rapport-checklist-{n}\0")
}

/// Links to a place in a page written in a field: the page's folder (`None`:
/// the page showing the field) and the id after `#`.
pub type PlaceLinks = Vec<(Option<String>, String)>;

/// A link to a heading: where it is written and where it points.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub source: std::path::PathBuf,
    pub line: usize,
    pub column: usize,
    /// The target page's folder in the output (`loyalty/pit-stops/`).
    pub target: String,
    /// The id after `#`, decoded.
    pub id: String,
}

/// What links in Markdown may point at, by their path in the source tree.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Markdown sources (relative to `content/`) to their page's folder in the output.
    pub pages: HashMap<String, String>,
    /// Files under `content/` copied as they are, to their path in the output.
    pub assets: HashMap<String, String>,
    /// Paths that exist at the root of the output (static files and page folders),
    /// for links written from the site root (`/diagram.svg`).
    pub root_paths: HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: HashSet<String>,
    /// Sources that did not load: links to them are left as written, unchecked.
    pub failed: HashSet<String>,
}

/// Renders Markdown `text` (inline only, for credits and short fields) to HTML.
pub fn render_inline(text: &str) -> String {
    let mut out = String::new();
    let events = Parser::new_ext(text, options()).filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    html::push_html(&mut out, events);
    out.trim_end().to_string()
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading being read: its events are held until its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'a>>,
}

/// Renders the body of `page`, resolving its links against `targets`.
pub fn render<'a>(page: &'a Page, targets: &LinkTargets, content_rel: &str) -> Rendered {
    let body = page.body();
    let source_dir = content_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let root = page.root_prefix();
    let mut rendered = Rendered {
        html: String::with_capacity(body.len() * 3 / 2),
        ..Rendered::default()
    };
    let mut places = Places {
        page,
        lines: None,
        diagnostics: Vec::new(),
    };
    let mut anchors: Vec<AnchorLink> = Vec::new();
    let mut rewrite = |dest: CowStr<'a>, offset: usize, places: &mut Places| {
        match resolve(&dest, source_dir, &root, &page.lang, targets) {
            Ok((url, target)) => {
                // `#id` here or `page.md#id`: the id is checked once every
                // page's headings are known.
                let own = dest.starts_with('#').then(|| page.url_path.clone());
                if let (Some(target), Some((_, id))) = (target.or(own), dest.split_once('#')) {
                    if !id.is_empty() {
                        let (line, column) = places.position(offset);
                        anchors.push(AnchorLink {
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
                places.error(offset, message);
                dest
            }
        }
    };
    let mut ids = UniqueIds::default();
    let mut heading: Option<OpenHeading> = None;
    let mut parts = vec![Part::default()];
    let mut events: Vec<Event> = Vec::new();
    let mut task_label_open = false;
    // An image being read: where it starts, and its alt text so far.
    let mut image: Option<(usize, String)> = None;

    // Shortcodes: the HTML to close each open one with, where it opened, and
    // in how many lists and block quotes: it must end in the same ones.
    let mut open_shortcodes: Vec<(String, usize, usize)> = Vec::new();
    let mut in_shortcode = false;
    let mut depth = 0usize;
    // Shortcodes closed for the author at the end of their list item: their
    // own `{% end %}` comes later, and is not a second mistake.
    let mut closed_early = 0usize;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if in_shortcode {
            in_shortcode = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        match &event {
            Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
                while open_shortcodes
                    .last()
                    .is_some_and(|(_, _, inside)| *inside > depth)
                {
                    let (close, start, _) = open_shortcodes.pop().expect("seen just now");
                    places.error(
                        start,
                        "this shortcode opens inside a list item or block quote and does not end \
                         there: put its `{% end %}` in the same item or quote"
                            .into(),
                    );
                    events.push(Event::Html(close.into()));
                    closed_early += 1;
                }
            }
            _ => {}
        }
        if matches!(event, Event::Start(Tag::Paragraph)) {
            if let Some(code) = shortcode::parse(&body[range.clone()]) {
                in_shortcode = true;
                match code {
                    Err(message) => places.error(range.start, message),
                    Ok(Shortcode::Single(call)) if call.name == "checklist" => {
                        let (line, column) = places.position(range.start);
                        let id = call.arg("id").unwrap_or("").to_string();
                        events.push(Event::Html(embed_marker(rendered.embeds.len()).into()));
                        rendered.embeds.push(Embed {
                            id,
                            line,
                            column,
                            toc_before: rendered.toc.len(),
                        });
                    }
                    Ok(Shortcode::Single(call)) => {
                        let url = rewrite(
                            call.arg("url").unwrap_or("").to_string().into(),
                            range.start,
                            &mut places,
                        );
                        events.push(Event::Html(
                            cta_html(&url, call.arg("label").unwrap_or("")).into(),
                        ));
                    }
                    Ok(Shortcode::Open(call)) => {
                        let (open, close) = match call.name.as_str() {
                            "cta" => {
                                let url = rewrite(
                                    call.arg("url").unwrap_or("").to_string().into(),
                                    range.start,
                                    &mut places,
                                );
                                let button = cta_html(&url, call.arg("label").unwrap_or(""));
                                (
                                    "<div class=\"cta-box\">\n".to_string(),
                                    format!("{button}</div>\n"),
                                )
                            }
                            _ => aside_html(call.arg("kind").unwrap_or("note"), call.arg("title")),
                        };
                        events.push(Event::Html(open.into()));
                        open_shortcodes.push((close, range.start, depth));
                    }
                    Ok(Shortcode::End) => match open_shortcodes.pop() {
                        Some((close, start, inside)) => {
                            if inside < depth {
                                let (line, _) = places.position(start);
                                places.error(
                                    range.start,
                                    format!(
                                        "this `{{% end %}}` is inside a list item or block quote, \
                                         but the shortcode it closes (line {line}) opens outside it"
                                    ),
                                );
                            }
                            events.push(Event::Html(close.into()))
                        }
                        None if closed_early > 0 => closed_early -= 1,
                        None => {
                            places.error(range.start, "this `{% end %}` closes no shortcode".into())
                        }
                    },
                }
                continue;
            }
        }
        if matches!(event, Event::Start(Tag::Image { .. })) {
            image = Some((range.start, String::new()));
        }
        let event = with_destination(event, |dest| rewrite(dest, range.start, &mut places));
        match (&event, image.as_mut()) {
            (Event::Text(t) | Event::Code(t), Some((_, alt))) => alt.push_str(t),
            (Event::End(TagEnd::Image), Some((start, alt))) => {
                if alt.trim().is_empty() {
                    let (line, column) = places.position(*start);
                    places.diagnostics.push(
                        Diagnostic::warning(
                            &page.source,
                            line,
                            column,
                            "this image has no alt text",
                        )
                        .with_hint(
                            "describe it between the brackets: ![what the image shows](file.png)",
                        ),
                    );
                }
                image = None;
            }
            _ => {}
        }
        let part = parts.last_mut().expect("there is always a part");
        match &event {
            Event::Text(t) | Event::Code(t) if heading.is_none() => part.push_text(t),
            Event::SoftBreak | Event::HardBreak => part.push_text(" "),
            Event::End(end) if crate::search::ends_block(end) => part.push_break(),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                // The page title is the page's one <h1>: headings in the body start at <h2>.
                let level = level.max(HeadingLevel::H2);
                let classes = classes.iter().map(|c| c.to_string()).collect();
                if let Some(id) = &id {
                    if !ids.claim(id) {
                        let (line, column) = places.position(range.start);
                        places.diagnostics.push(Diagnostic::warning(
                            &page.source,
                            line,
                            column,
                            format!("another heading of this page already has the id `{id}`"),
                        ));
                    }
                }
                heading = Some(OpenHeading {
                    level,
                    id: id.map(|i| i.to_string()),
                    classes,
                    inner: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(OpenHeading {
                    level,
                    id,
                    classes,
                    inner,
                }) = heading.take()
                {
                    let text = plain_text(&inner);
                    let id = id.unwrap_or_else(|| ids.id_for(&text));
                    let level_number = level as u8;
                    parts.push(Part {
                        anchor: id.clone(),
                        heading: text.clone(),
                        text: String::new(),
                    });
                    if level_number <= 3 {
                        rendered.toc.push(TocEntry {
                            level: level_number,
                            id: id.clone(),
                            title: text,
                        });
                    }
                    events.push(Event::Html(
                        heading_html(level_number, &id, &classes, inner).into(),
                    ));
                }
            }
            // A task's checkbox is labelled by the task's text, so that screen
            // readers (and axe) know what it stands for.
            Event::TaskListMarker(done) => {
                let checked = if done { " checked" } else { "" };
                events.push(Event::Html(
                    format!("<label class=\"task\"><input type=\"checkbox\" disabled{checked}> ")
                        .into(),
                ));
                task_label_open = true;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
                if task_label_open =>
            {
                events.push(Event::Html("</label>".into()));
                task_label_open = false;
                events.push(event);
            }
            // A wide table scrolls in its own box, not the page; focusable, so
            // that a keyboard can scroll it too.
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(
                    "<div class=\"table-scroll\" tabindex=\"0\">".into(),
                ));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html("</div>".into()));
            }
            other => match heading.as_mut() {
                Some(open) => open.inner.push(other),
                None => events.push(other),
            },
        }
    }
    for (close, start, _) in open_shortcodes.into_iter().rev() {
        places.error(
            start,
            "this shortcode is never closed: end it with `{% end %}` on a line of its own".into(),
        );
        events.push(Event::Html(close.into()));
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered.diagnostics = places.diagnostics;
    rendered.ids = ids.into_ids();
    rendered.anchors = anchors;
    for part in &mut parts {
        part.finish();
    }
    rendered.parts = parts;
    rendered
}

/// Turns offsets in a page's body into file positions, for its diagnostics.
struct Places<'p> {
    page: &'p Page,
    /// Built on the first problem only: most pages have none.
    lines: Option<LineIndex<'p>>,
    diagnostics: Vec<Diagnostic>,
}

impl Places<'_> {
    fn position(&mut self, body_offset: usize) -> (usize, usize) {
        let page = self.page;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(&page.text));
        lines.position(page.body_start + body_offset)
    }

    fn error(&mut self, body_offset: usize, message: String) {
        let (line, column) = self.position(body_offset);
        self.diagnostics
            .push(Diagnostic::error(&self.page.source, line, column, message));
    }
}

/// A call-to-action button.
fn cta_html(url: &str, label: &str) -> String {
    let mut html = String::from("<p class=\"cta-line\"><a class=\"cta\" href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, url);
    html.push_str("\">");
    let _ = pulldown_cmark_escape::escape_html(&mut html, label);
    html.push_str("</a></p>\n");
    html
}

/// The opening and closing HTML of an aside: a note set apart from the text.
fn aside_html(kind: &str, title: Option<&str>) -> (String, String) {
    let mut open = format!("<div class=\"aside aside-{kind}\" role=\"note\">\n");
    if let Some(title) = title {
        open.push_str("<p class=\"aside-title\">");
        let _ = pulldown_cmark_escape::escape_html(&mut open, title);
        open.push_str("</p>\n");
    }
    (open, "</div>\n".to_string())
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

/// The text of a heading, for its id and the table of contents.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn heading_html(level: u8, id: &str, classes: &[String], inner: Vec<Event>) -> String {
    let mut html = String::new();
    let id = escape(id);
    html.push_str(&format!("<h{level} id=\"{id}\""));
    if !classes.is_empty() {
        html.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    html.push('>');
    html::push_html(&mut html, inner.into_iter());
    html.push_str(&format!(
        " <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
    ));
    html
}

/// `text` with `& < > "` escaped, for HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
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
    use super::*;
    use crate::content::{front_matter::FrontMatter, PageKind};
    use std::path::PathBuf;

    fn page(url_path: &str, text: &str) -> Page {
        Page {
            kind: PageKind::Article,
            key: "loyalty/pit-stops".into(),
            lang: "en".into(),
            source: PathBuf::from("content/loyalty/pit-stops.md"),
            url_path: url_path.into(),
            title: "T".into(),
            front: FrontMatter::default(),
            text: text.into(),
            body_start: 0,
            word_count: 0,
            checklist: None,
        }
    }

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.pages
            .insert("loyalty/pit-stops.md".into(), "loyalty/pit-stops/".into());
        t.pages.insert(
            "choosing-clients/fewer-better.md".into(),
            "choosing-clients/fewer-better/".into(),
        );
        t.pages.insert(
            "choosing-clients/_index.md".into(),
            "choosing-clients/".into(),
        );
        t.root_paths.insert("diagram.svg".into());
        t
    }

    fn render_at(url_path: &str, text: &str) -> Rendered {
        render(&page(url_path, text), &targets(), "loyalty/pit-stops.md")
    }

    #[test]
    fn links_to_markdown_files_become_relative_page_urls() {
        let r = render_at(
            "loyalty/pit-stops/",
            "[a](../choosing-clients/fewer-better.md#why) [b](../choosing-clients/_index.md) [c](/diagram.svg) [d](https://x.org)",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html
                .contains(r#"href="../../choosing-clients/fewer-better/index.html#why""#),
            "{}",
            r.html
        );
        assert!(r
            .html
            .contains(r#"href="../../choosing-clients/index.html""#));
        assert!(r.html.contains(r#"href="../../diagram.svg""#));
        assert!(r.html.contains(r#"href="https://x.org""#));
    }

    #[test]
    fn broken_links_are_errors_at_their_position() {
        let r = render_at(
            "loyalty/pit-stops/",
            "Intro.\n\nSee [the list](missing.md) and [x](../nope.png).\n",
        );
        let found: Vec<_> = r.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, vec![(3, 5), (3, 32)]);
        assert!(r.diagnostics[0]
            .message
            .contains("content/loyalty/missing.md"));
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r = render_at(
            "a/b/",
            "# Top\n\n## Why it matters\n\n### Why it matters\n\n#### Deep\n",
        );
        assert!(
            r.html
                .contains(r##"<h2 id="top">Top <a class="heading-anchor" href="#top""##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h3 id="why-it-matters-2">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["top", "why-it-matters", "why-it-matters-2"]);
    }

    #[test]
    fn extensions_and_smart_punctuation_are_on() {
        let r = render_at("a/b/", "\"Ciao\" -- it's ~~old~~\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n\nNote[^1].\n\n[^1]: Here.\n");
        for needle in [
            "“Ciao”",
            "–",
            "it’s",
            "<del>old</del>",
            "<label class=\"task\"><input type=\"checkbox\" disabled checked> done</label>",
            "<table>",
            "footnote",
        ] {
            assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
        }
    }

    #[test]
    fn ids_given_by_hand_are_kept_unique_and_email_autolinks_are_left_alone() {
        let r = render_at(
            "a/b/",
            "## Why\n\n## Why {#why}\n\n## Why\n\nWrite to <hello@example.com>.\n",
        );
        assert!(r.html.contains(r#"<h2 id="why">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="why-2">"#), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0]
            .message
            .contains("already has the id `why`"));
        assert!(
            r.html.contains(r#"href="mailto:hello@example.com""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_without_alt_text_are_warnings() {
        let r = render_at(
            "a/b/",
            "![](/diagram.svg) and ![The four steps](/diagram.svg)\n",
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(
            r.diagnostics[0].severity,
            crate::diagnostics::Severity::Warning
        );
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (1, 1));
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
