//! Redirect pages left at the old addresses in pages' `aliases`, so that links
//! already sent keep working after a rename.

use super::theme::{self, Theme};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Redirect pages for every page's `aliases`.
pub fn render_aliases(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let taken: HashSet<&str> = site.pages().map(|p| p.url_path.as_str()).collect();
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let mut strings: HashMap<&str, theme::Strings> = HashMap::new();
    let mut out = Vec::new();
    for page in site.pages() {
        for (n, alias) in page.front.aliases.iter().enumerate() {
            let at = || page.position_of(&format!("aliases[{n}]"));
            let Some(dir) = alias_dir(alias) else {
                diagnostics.push(
                    Diagnostic::at(
                        &page.source,
                        at(),
                        format!("the alias `{alias}` is not a path inside the site"),
                    )
                    .with_hint("write it as the old path, e.g. `old-section/old-name/`"),
                );
                continue;
            };
            let generated = site.languages.iter().any(|l| {
                ["tags/", "print/"]
                    .iter()
                    .any(|room| dir.starts_with(&format!("{}{room}", l.home.url_path)))
            });
            if generated {
                diagnostics.push(Diagnostic::at(
                    &page.source,
                    at(),
                    format!("the alias `{alias}` is where rapport puts its tag pages or the page to print"),
                ));
                continue;
            }
            if taken.contains(dir.as_str()) {
                diagnostics.push(Diagnostic::at(
                    &page.source,
                    at(),
                    format!("the alias `{alias}` is the URL of an existing page"),
                ));
                continue;
            }
            if let Some(other) = seen.insert(dir.clone(), &page.source) {
                diagnostics.push(Diagnostic::at(
                    &page.source,
                    at(),
                    format!(
                        "the alias `{alias}` is also an alias of {}",
                        crate::diagnostics::display_path(other).display()
                    ),
                ));
                continue;
            }
            let root = "../".repeat(dir.matches('/').count());
            let mut context = tera::Context::new();
            context.insert("title", &page.title);
            context.insert("target", &format!("{root}{}index.html", page.url_path));
            context.insert("lang", &page.lang);
            context.insert("root", &root);
            // Without a base_url the page the alias points to is the canonical one.
            let canonical_url = match &site.config.base_url {
                Some(base) => format!("{}{}", base.0, page.url_path),
                None => format!("{root}{}index.html", page.url_path),
            };
            context.insert("canonical", &canonical_url);
            context.insert("theme_root", &format!("{root}theme/"));
            let t = strings
                .entry(&page.lang)
                .or_insert_with(|| theme.strings(&page.lang));
            context.insert("t", t);
            match theme.tera.render("alias.html", &context) {
                Ok(html) => out.push((format!("{dir}index.html"), html.into_bytes())),
                Err(e) => diagnostics.push(theme.render_error(&e, "alias.html")),
            }
        }
    }
    out
}

/// `/old/path`, `old/path/`, `old/path/index.html` → `old/path/`.
fn alias_dir(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let trimmed = trimmed
        .strip_suffix("index.html")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    let valid = !trimmed.is_empty()
        && trimmed
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !trimmed.contains(['\\', '?', '#', ':']);
    valid.then(|| format!("{trimmed}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_folders() {
        assert_eq!(alias_dir("/old/path").as_deref(), Some("old/path/"));
        assert_eq!(
            alias_dir("old/path/index.html").as_deref(),
            Some("old/path/")
        );
        assert_eq!(alias_dir("../etc"), None);
        assert_eq!(alias_dir("/"), None);
    }
}
