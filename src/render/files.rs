//! Everything a build writes besides the pages: 404 pages, navigation
//! scripts, alias redirects, tag pages, feeds, the web app manifest and icons,
//! the theme's files and copies of `static/` and of articles' assets (none
//! replacing a page); the site's icon inlined for live checklist pages.

use super::alias::render_aliases;
use super::{card, feeds, write_error, Renderer, Sink};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

impl Renderer<'_> {
    /// Everything but the pages: 404 pages, navigation scripts, alias
    /// redirects, the theme's files and copies of static files and assets.
    /// Returns how many files.
    pub fn render_files(&self, sink: &dyn Sink, diagnostics: &mut Diagnostics) -> usize {
        let (site, theme) = (self.site, self.theme);
        let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
        for view in &self.languages {
            match view.render_not_found(site, theme) {
                Ok(html) => extra.push((format!("{}404.html", view.language.home.url_path), html)),
                Err(d) => diagnostics.push(d),
            }
            if view.nav.is_big() {
                let prefix = &view.language.home.url_path;
                extra.push((
                    format!("{prefix}navigation.js"),
                    view.nav.data_script().into_bytes(),
                ));
            }
        }
        extra.extend(render_aliases(site, theme, diagnostics));
        extra.extend(self.render_tags(diagnostics));
        // A site's own robots.txt or manifest in static/ wins over rapport's.
        let own = |path: &str| self.static_files.iter().any(|(rel, _)| rel == path);
        extra.extend(
            feeds::files(site)
                .into_iter()
                .filter(|(path, _)| !own(path)),
        );
        let own_icon = own(card::OWN_TOUCH_ICON);
        if !own("manifest.webmanifest") {
            extra.push(("manifest.webmanifest".into(), manifest(site, own_icon)));
        }
        if !own_icon && sink.keeps_files() {
            match self.cards.icons() {
                Ok(icons) => extra.extend(icons),
                Err(d) => diagnostics.push(d),
            }
        }
        extra.extend(
            theme
                .static_files
                .iter()
                .map(|(name, bytes)| (format!("theme/{name}"), bytes.clone())),
        );
        if let Some(accent) = &site.config.accent {
            // A stylesheet rather than a style attribute, which a strict CSP forbids.
            extra.push((
                "theme/accent.css".into(),
                format!(":root {{ --accent: {}; }}\n", accent.0).into_bytes(),
            ));
        }
        let copies: Vec<(String, PathBuf)> = self
            .static_files
            .iter()
            .cloned()
            .chain(
                site.assets
                    .iter()
                    .map(|a| (a.output.clone(), a.source.clone())),
            )
            .collect();
        let copies = without_clashes(site, &extra, copies, diagnostics);
        let copy_problems: Vec<Diagnostic> = copies
            .par_iter()
            .filter_map(|(rel, source)| copy(sink, rel, source).err())
            .collect();
        diagnostics.extend(copy_problems);
        for (path, bytes) in &extra {
            if let Err(e) = sink.write(path, bytes) {
                diagnostics.push(write_error(path, &e));
            }
        }
        extra.len() + copies.len()
    }
}

/// The largest icon a page carries inline (see `inline_icon`).
const INLINE_ICON_MAX: usize = 4096;

/// The site's icon (its logo, else the theme's `favicon.svg`) as a `data:`
/// URL, when it is small. Pages with a live checklist link it so: Chromium
/// fetches a page's icon again on every change of its address, and the
/// checklist changes the address on every answer.
pub(super) fn inline_icon(
    site: &Site,
    theme: &Theme,
    static_files: &[(String, PathBuf)],
) -> Option<String> {
    let (name, bytes) = match &site.config.logo {
        Some(logo) => {
            let rel = logo.trim_start_matches('/');
            let (_, path) = static_files.iter().find(|(r, _)| r == rel)?;
            (rel, std::fs::read(path).ok()?)
        }
        None => {
            let (name, bytes) = theme
                .static_files
                .iter()
                .find(|(n, _)| n == "favicon.svg")?;
            (name.as_str(), bytes.clone())
        }
    };
    if bytes.len() > INLINE_ICON_MAX {
        return None;
    }
    let kind = match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "webp" => "image/webp",
        Some(e) if e == "gif" => "image/gif",
        Some(e) if e == "ico" => "image/x-icon",
        _ => "image/svg+xml",
    };
    Some(format!("data:{kind};base64,{}", base64(&bytes)))
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(DIGITS[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

/// The web app manifest: the handbook's name and icons for a phone's home
/// screen (the logo, and the PNG icons drawn from it or the site's own).
fn manifest(site: &Site, own_icon: bool) -> Vec<u8> {
    let config = &site.config;
    let icon = config
        .logo
        .as_deref()
        .map_or("theme/favicon.svg", |l| l.trim_start_matches('/'));
    let kind = match icon.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "png" => "image/png",
        Some(e) if e == "jpg" || e == "jpeg" => "image/jpeg",
        Some(e) if e == "webp" => "image/webp",
        _ => "image/svg+xml",
    };
    let mut icons = vec![serde_json::json!({ "src": icon, "sizes": "any", "type": kind })];
    let png = |src: &str, size: u32| serde_json::json!({ "src": src, "sizes": format!("{size}x{size}"), "type": "image/png" });
    if own_icon {
        icons.push(png(card::OWN_TOUCH_ICON, 180));
    } else {
        icons.extend(
            card::ICONS
                .iter()
                .skip(1)
                .map(|(src, size)| png(src, *size)),
        );
    }
    let manifest = serde_json::json!({
        "name": config.title,
        "description": config.description,
        "lang": config.language.0,
        "start_url": "./index.html",
        "display": "browser",
        "icons": icons,
    });
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Copies the file at `source` to `rel` in the output.
pub fn copy(sink: &dyn Sink, rel: &str, source: &Path) -> Result<(), Diagnostic> {
    let bytes = std::fs::read(source)
        .map_err(|e| Diagnostic::file_error(source, format!("cannot read: {e}")))?;
    sink.write(rel, &bytes).map_err(|e| write_error(rel, &e))
}

/// A copied file must not replace a page or a file rapport generates (a
/// `static/loyalty/index.html` would silently replace the section's page).
fn without_clashes(
    site: &Site,
    generated: &[(String, Vec<u8>)],
    copies: Vec<(String, PathBuf)>,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut owners: HashMap<String, String> = site
        .pages()
        .map(|p| {
            let source = crate::diagnostics::display_path(&p.source);
            (
                format!("{}index.html", p.url_path),
                format!("the page built from {}", source.display()),
            )
        })
        .collect();
    for (path, _) in generated {
        owners
            .entry(path.clone())
            .or_insert_with(|| "a file rapport writes".to_string());
    }
    copies
        .into_iter()
        .filter(|(rel, source)| match owners.get(rel) {
            Some(owner) => {
                diagnostics.push(
                    Diagnostic::file_error(
                        source,
                        format!("this file would replace {owner} (`{rel}`)"),
                    )
                    .with_hint("rename or move the file"),
                );
                false
            }
            None => {
                owners.insert(
                    rel.clone(),
                    format!("{}", crate::diagnostics::display_path(source).display()),
                );
                true
            }
        })
        .collect()
}

/// Files under `SITE/static/`, relative, with their paths on disk.
pub(super) fn list_static(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // A repository or a desktop's litter kept in static/ is not part of the site.
    let litter = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        name != ".git" && !crate::content::is_editor_litter(&name)
    };
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(litter)
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel =
                    crate::content::rel_string(e.path().strip_prefix(dir).unwrap_or(e.path()));
                files.push((rel, e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::file_error(dir, format!("cannot read: {e}"))),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"<svg>\xff"), "PHN2Zz7/");
    }
}
