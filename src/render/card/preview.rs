//! Which picture a page's link preview shows, and what its card says.

use super::{Cards, HEIGHT, WIDTH};
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::render::theme::{Strings, Theme};
use serde::Serialize;

/// The picture of a page's link preview (`og:image` and its size and text).
#[derive(Default)]
pub struct Preview {
    /// Absolute with a `base_url`, else relative to the page; empty: none.
    pub url: String,
    /// 0 when not known (an image elsewhere on the web).
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// What a page's card shows, in the page's language.
pub struct Shown<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: &'a str,
    /// The section an article or checklist is in, or `""`.
    pub section: &'a str,
    /// What the page is: "10 questions · about 3 minutes", "4 min read".
    pub label: String,
}

/// The context of `card.svg` (documented in THEME.md).
#[derive(Serialize)]
struct CardContext<'a> {
    lang: &'a str,
    kind: &'a str,
    width: u32,
    height: u32,
    title: &'a str,
    summary: &'a str,
    section: &'a str,
    label: &'a str,
    site_title: &'a str,
    accent: &'a str,
    logo: &'a str,
    font: &'static str,
}

/// The accent colour cards use when the site sets none (the theme's own).
const DEFAULT_ACCENT: &str = "#0f766e";

impl Cards {
    /// The preview picture of the page at `key` in `lang`: its own `image`
    /// when previews can show it, else a card (kept for drawing), else the
    /// site's raster logo, else none.
    pub fn preview(
        &self,
        site: &Site,
        theme: &Theme,
        (lang, key, root): (&str, &str, &str),
        image: Option<(&str, &str)>,
        shown: &Shown,
    ) -> Result<Preview, Diagnostic> {
        let site_title = site.config.title_in(lang);
        if let Some((image, alt)) = image.filter(|(image, _)| is_raster(image)) {
            let alt = if alt.is_empty() { shown.title } else { alt };
            return Ok(own_image(site, root, image, alt));
        }
        if !self.enabled {
            return Ok(match site.config.logo.as_deref().filter(|l| is_raster(l)) {
                Some(logo) => own_image(site, root, logo, site_title),
                None => Preview::default(),
            });
        }
        let accent = site
            .config
            .accent
            .as_ref()
            .map(|c| c.0.as_str())
            // resvg reads hex, names, rgb() and hsl(), not the newer functions.
            .filter(|c| !c.starts_with("oklch("))
            .unwrap_or(DEFAULT_ACCENT);
        let context = CardContext {
            lang,
            kind: shown.kind,
            width: WIDTH,
            height: HEIGHT,
            title: shown.title,
            summary: shown.summary,
            section: shown.section,
            label: &shown.label,
            site_title,
            accent,
            logo: &self.logo,
            font: super::draw::FAMILY,
        };
        let path = self.make(theme, key, &context)?;
        let parts = [shown.title, &shown.label, site_title];
        // The home page's title is often the site's title, or part of it.
        let alt = parts
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                !s.is_empty() && !parts[i + 1..].iter().any(|later| later.contains(**s))
            })
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(" — ");
        Ok(Preview {
            url: address(site, root, &path),
            width: WIDTH,
            height: HEIGHT,
            alt,
        })
    }
}

/// A site's file at `path` (or an image elsewhere on the web) as the preview.
fn own_image(site: &Site, root: &str, path: &str, alt: &str) -> Preview {
    if path.starts_with("https://") || path.starts_with("http://") {
        return Preview {
            url: path.to_string(),
            alt: alt.to_string(),
            ..Preview::default()
        };
    }
    let path = path.trim_start_matches('/');
    let file = site
        .assets
        .iter()
        .find(|a| a.output == path)
        .map_or_else(|| site.root.join("static").join(path), |a| a.source.clone());
    let (width, height) = imagesize::size(&file)
        .map(|s| (s.width as u32, s.height as u32))
        .unwrap_or((0, 0));
    Preview {
        url: address(site, root, path),
        width,
        height,
        alt: alt.to_string(),
    }
}

/// A file of the output as a preview names it: absolute with a `base_url`.
fn address(site: &Site, root: &str, path: &str) -> String {
    match &site.config.base_url {
        Some(base) => format!("{}{path}", base.0),
        None => format!("{root}{path}"),
    }
}

/// Whether previews show this picture: PNG, JPEG or WebP (not SVG).
pub fn is_raster(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("png" | "jpg" | "jpeg" | "webp"))
}

/// What a page is, for its card: a checklist's questions and time, an
/// article's reading time, a section's number of pages (`pages`).
pub fn label(page: &Page, strings: &Strings, pages: usize) -> String {
    let word = |key: &str, fallback: &str, count: usize| {
        strings
            .get(key)
            .map_or(fallback, String::as_str)
            .replace("{count}", &count.to_string())
    };
    match (page.kind, &page.checklist) {
        (_, Some(checklist)) => {
            let questions = checklist.questions().count();
            // About twenty seconds a question, as people answer on a phone.
            let minutes = ((questions * 20 + 30) / 60).max(1);
            let questions = match questions {
                1 => word("card_question", "1 question", 1),
                n => word("card_questions", "{count} questions", n),
            };
            let minutes = match minutes {
                1 => word("card_minute", "about 1 minute", 1),
                n => word("card_minutes", "about {count} minutes", n),
            };
            format!("{questions} · {minutes}")
        }
        (PageKind::Article, None) => {
            let min_read = strings.get("min_read").map_or("min read", String::as_str);
            format!("{} {min_read}", page.reading_minutes())
        }
        (PageKind::Section, None) => match pages {
            0 => String::new(),
            1 => word("card_page", "1 page", 1),
            n => word("card_pages", "{count} pages", n),
        },
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_show_png_jpeg_and_webp_but_not_svg_or_gif() {
        for yes in [
            "a.png",
            "b/c.JPG",
            "d.jpeg",
            "e.webp",
            "https://x.org/f.png?v=2",
        ] {
            assert!(is_raster(yes), "{yes}");
        }
        for no in ["logo.svg", "anim.gif", "noext", "https://x.org/page"] {
            assert!(!is_raster(no), "{no}");
        }
    }
}
