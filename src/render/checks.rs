//! Site-wide checks made before any page renders: rapport's own pages
//! giving way to the site's, one tag spelt two ways, branding files that are
//! not in `static/`.

use super::pages::LanguageView;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTargets;
use crate::yaml::clip;

/// Tag pages live under `tags/` and the print page under `print/` (`it/…` in
/// other languages): where a page of the site has that address, it keeps it
/// and rapport leaves out its own pages, saying so.
pub(super) fn check_tag_pages_room(languages: &[LanguageView], diagnostics: &mut Diagnostics) {
    for view in languages {
        for (room, what) in [
            (view.tags_path(), "tag pages"),
            (view.print_path(), "page to print the whole handbook"),
        ] {
            if let Some(page) = view
                .language
                .pages()
                .find(|p| p.url_path.starts_with(&room))
            {
                diagnostics.push(Diagnostic::warning(
                    &page.source,
                    1,
                    1,
                    format!("this page's address `{}` is where rapport puts its {what}, which are left out", page.url_path),
                ));
            }
        }
    }
}

/// Tags written two ways (`Client care`, `client-care`) share one page under
/// the first spelling met: say so where the other spelling is, so the site
/// can settle on one.
pub(super) fn check_tag_spellings(languages: &[LanguageView], diagnostics: &mut Diagnostics) {
    for tag in languages.iter().flat_map(|view| &view.tags) {
        for page in &tag.pages {
            let Some(other) = page
                .front
                .tags
                .iter()
                .find(|t| **t != tag.name && crate::slug::slugify(t) == tag.slug)
            else {
                continue;
            };
            let (line, column) = page.position_of("tags");
            diagnostics.push(
                Diagnostic::warning(
                    &page.source,
                    line,
                    column,
                    format!(
                        "the tag `{}` shares its page `tags/{}/` with `{}`, as other pages write it",
                        clip(other, 60),
                        clip(&tag.slug, 60),
                        clip(&tag.name, 60)
                    ),
                )
                .with_hint(format!("write it `{}` everywhere", clip(&tag.name, 60))),
            );
        }
    }
}

/// `logo` and `extra_css` name files under `static/`: a typo would only show as
/// a broken image or a missing style.
pub(super) fn check_branding_files(
    site: &Site,
    targets: &LinkTargets,
    diagnostics: &mut Diagnostics,
) {
    let config = &site.config;
    for (key, value) in [("logo", &config.logo), ("extra_css", &config.extra_css)] {
        let Some(path) = value else { continue };
        if !targets.root_paths.contains(path.trim_start_matches('/')) {
            let position = crate::config::SiteConfig::position_of(&site.root, key);
            diagnostics.push(
                Diagnostic::at(
                    &site.root.join("site.yaml"),
                    position,
                    format!("{key}: `{path}` is not a file in static/"),
                )
                .with_hint(
                    "give the file's path inside static/, e.g. `logo.svg` for static/logo.svg",
                ),
            );
        }
    }
}
