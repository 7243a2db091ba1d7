//! Link previews: the picture a chat or mail app shows for a shared link.
//!
//! A page's own `image` is used when previews can show it (PNG, JPEG, WebP).
//! Otherwise the page gets a card: the theme's `card.svg`, rendered with Tera
//! for that page, drawn into a 1200×630 PNG with resvg. A card's file name is
//! a hash of its SVG (what it shows and how, through the template) and of the
//! images it names, so an unchanged card keeps its name: a build takes it
//! from the previous output instead of drawing it again, and the dev server
//! draws a card only when a browser asks for it.

pub mod draw;
pub mod fit;
mod preview;

pub use preview::{label, Preview, Shown};

use super::theme::Theme;
use super::Sink;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use draw::Image;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A card's size in pixels: what Open Graph and X previews show best.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The output folder of cards.
pub const FOLDER: &str = "cards/";
/// Changes when the same SVG would be drawn differently (another font or
/// renderer), so that cards from an older rapport are drawn again.
const DRAWING: &str = "rapport card 1; resvg 0.49; Noto Sans (notosans 0.1); RGB PNG";
/// Below this many cards to draw, a build does not show its progress.
const PROGRESS_FROM: usize = 50;
/// The sizes of the app icons drawn from the logo: (file, px).
pub const ICONS: [(&str, u32); 3] = [
    ("icons/apple-touch-icon.png", 180),
    ("icons/192.png", 192),
    ("icons/512.png", 512),
];
/// A site's own PNG icon, which keeps rapport from drawing any.
pub const OWN_TOUCH_ICON: &str = "apple-touch-icon.png";

/// A card ready to draw: its file, its SVG and the images the SVG names.
#[derive(Debug)]
pub struct Card {
    /// `cards/<hash>.png`.
    pub path: String,
    svg: String,
    images: Vec<Image>,
}

impl Card {
    /// The PNG.
    pub fn draw(&self) -> Result<Vec<u8>, String> {
        draw::png(&self.svg, &self.images, 1.0)
    }
}

/// A build's cards: made while pages render, drawn afterwards.
pub struct Cards {
    /// `social_cards` in site.yaml.
    pub enabled: bool,
    /// `card.svg`'s file, for messages.
    template: PathBuf,
    /// What `href`s in a card name: the site's `static/` files and the theme's
    /// (`theme/…`), read once each.
    images: Images,
    /// The href of the logo (the theme's favicon when the site has none).
    pub logo: String,
    /// Every page's card, by the page's address in the output.
    made: Mutex<HashMap<String, Arc<Card>>>,
}

/// An image's bytes and their digest.
type Read = (Arc<Vec<u8>>, [u8; 32]);

/// Images read for cards, by href, with their digests.
struct Images {
    static_dir: PathBuf,
    theme: HashMap<String, Arc<Vec<u8>>>,
    read: Mutex<HashMap<String, Option<Read>>>,
}

impl Images {
    /// The image `href` names, if it is one of the site's or theme's files.
    fn get(&self, href: &str) -> Option<Read> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry(href.to_string())
            .or_insert_with(|| {
                let bytes = match href.strip_prefix("theme/") {
                    Some(name) => self.theme.get(name).cloned(),
                    None => plain_path(href)
                        .then(|| std::fs::read(self.static_dir.join(href)).ok())
                        .flatten()
                        .map(Arc::new),
                }?;
                let digest: [u8; 32] = Sha256::digest(bytes.as_slice()).into();
                Some((bytes, digest))
            })
            .clone()
    }
}

/// A relative path that stays inside its folder.
fn plain_path(href: &str) -> bool {
    !href.is_empty()
        && !href.contains("://")
        && !href.starts_with('/')
        && std::path::Path::new(href)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

impl Cards {
    pub fn new(site: &Site, theme: &Theme) -> Cards {
        let logo = site
            .config
            .logo
            .as_deref()
            .map_or("theme/favicon.svg", |l| l.trim_start_matches('/'))
            .to_string();
        Cards {
            enabled: site.config.social_cards,
            template: theme.template_path("card.svg"),
            images: Images {
                static_dir: site.root.join("static"),
                theme: theme
                    .static_files
                    .iter()
                    .map(|(name, bytes)| (name.clone(), Arc::new(bytes.clone())))
                    .collect(),
                read: Mutex::default(),
            },
            logo,
            made: Mutex::default(),
        }
    }

    /// Renders `card.svg` for the page at `key` (its folder in the output)
    /// and keeps the card; returns its file's path.
    pub fn make(
        &self,
        theme: &Theme,
        key: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, Diagnostic> {
        let svg = super::render_template(theme, "card.svg", context)?;
        let svg = String::from_utf8(svg)
            .map_err(|_| Diagnostic::file_error(&self.template, "the card is not UTF-8 text"))?;
        let mut hash = Sha256::new();
        hash.update(DRAWING);
        hash.update(svg.as_bytes());
        let mut images = Vec::new();
        for href in hrefs(&svg) {
            if let Some((bytes, digest)) = self.images.get(href) {
                hash.update(digest);
                images.push((href.to_string(), bytes));
            }
        }
        let digest = hash.finalize();
        let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let path = format!("{FOLDER}{name}.png");
        let card = Arc::new(Card {
            path: path.clone(),
            svg,
            images,
        });
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), card);
        Ok(path)
    }

    /// The cards made so far, by page, leaving none.
    pub fn take(&self) -> HashMap<String, Arc<Card>> {
        std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The logo as an image, for the app icons.
    fn logo_image(&self) -> Option<Image> {
        self.images
            .get(&self.logo)
            .map(|(bytes, _)| (self.logo.clone(), bytes))
    }

    /// The app icons drawn from the logo: (path, PNG).
    pub fn icons(&self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let Some(logo) = self.logo_image() else {
            return Ok(Vec::new());
        };
        ICONS
            .par_iter()
            .map(|(path, size)| {
                draw::icon(&logo, *size)
                    .map(|png| (path.to_string(), png))
                    .map_err(|e| {
                        Diagnostic::file_error(
                            &self.images.static_dir.join(&self.logo),
                            format!("cannot draw the app icons from the logo: {e}"),
                        )
                    })
            })
            .collect()
    }

    /// Writes `cards` into `sink`: each one the previous output has is
    /// taken from there, the others are drawn in parallel, with a progress
    /// line on a terminal when there are many. Returns how many were drawn.
    pub fn write<'c>(
        &self,
        cards: impl Iterator<Item = &'c Arc<Card>>,
        sink: &dyn Sink,
        progress: bool,
        problems: &mut Vec<Diagnostic>,
    ) -> (usize, usize) {
        let mut unique: Vec<&Arc<Card>> = cards.collect();
        unique.sort_by(|a, b| a.path.cmp(&b.path));
        unique.dedup_by(|a, b| a.path == b.path);
        let total = unique.len();
        let to_draw: Vec<&Arc<Card>> = unique
            .into_par_iter()
            .filter(|card| !sink.reuse(&card.path))
            .collect();
        let drawn = AtomicUsize::new(0);
        let show = progress && to_draw.len() >= PROGRESS_FROM && std::io::stderr().is_terminal();
        let done = std::sync::atomic::AtomicBool::new(false);
        let failures: Vec<Diagnostic> = std::thread::scope(|scope| {
            if show {
                scope.spawn(|| show_progress(&drawn, to_draw.len(), &done));
            }
            let failures = to_draw
                .par_iter()
                .filter_map(|card| {
                    let result = card
                        .draw()
                        .map_err(|e| format!("cannot draw a card from this template: {e}"))
                        .and_then(|png| {
                            sink.write(&card.path, &png)
                                .map_err(|e| format!("cannot write {}: {e}", card.path))
                        });
                    drawn.fetch_add(1, Ordering::Relaxed);
                    result
                        .err()
                        .map(|message| Diagnostic::file_error(&self.template, message))
                })
                .collect();
            done.store(true, Ordering::Relaxed);
            failures
        });
        // One broken template breaks every card: say it once.
        problems.extend(failures.into_iter().take(1));
        (total, drawn.into_inner())
    }
}

/// `Drawing link preview cards: 120 of 10000`, rewritten in place.
fn show_progress(drawn: &AtomicUsize, total: usize, done: &std::sync::atomic::AtomicBool) {
    use std::io::Write;
    let mut stderr = std::io::stderr();
    while !done.load(Ordering::Relaxed) {
        let _ = write!(
            stderr,
            "\rDrawing link preview cards: {} of {total}",
            drawn.load(Ordering::Relaxed)
        );
        let _ = stderr.flush();
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let _ = write!(stderr, "\r\x1b[2K");
    let _ = stderr.flush();
}

/// The values of the `href` attributes in `svg` (data: URLs left out).
fn hrefs(svg: &str) -> impl Iterator<Item = &str> {
    svg.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| !href.starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_found_but_data_urls_are_not() {
        let svg = r#"<image href="logo.svg"/><image xlink:href="theme/x.png"/><image href="data:image/png;base64,AAA"/>"#;
        assert_eq!(hrefs(svg).collect::<Vec<_>>(), ["logo.svg", "theme/x.png"]);
    }

    #[test]
    fn only_plain_relative_paths_name_files() {
        assert!(plain_path("logo.svg") && plain_path("img/logo.png"));
        for bad in [
            "",
            "../secret",
            "/etc/passwd",
            "https://x.org/a.png",
            "a/../../b",
        ] {
            assert!(!plain_path(bad), "{bad}");
        }
    }
}
