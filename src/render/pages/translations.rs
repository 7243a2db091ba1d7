//! The language switcher and the `hreflang` alternates of a page: the same
//! page in every language of the site.

use super::LanguageView;
use crate::content::{Page, Site};
use crate::render::context::TranslationLink;

impl LanguageView<'_> {
    /// A page rapport makes in every language (the print page, the tag index):
    /// `path` gives each language's address of it, `None` where it has none.
    pub(super) fn generated_translations(
        &self,
        site: &Site,
        root: &str,
        languages: &[LanguageView],
        path: impl Fn(&LanguageView) -> Option<String>,
    ) -> Vec<TranslationLink> {
        translation_links(site, &self.language.code, root, languages, |view| {
            path(view).map(|p| (p, true))
        })
    }
}

/// The page in every language of the site, for the language switcher and the
/// `hreflang` alternates: the translation where there is one, else that
/// language's home page (marked `missing`). Empty for a one-language site.
pub(super) fn translations(
    site: &Site,
    page: &Page,
    root: &str,
    languages: &[LanguageView],
) -> Vec<TranslationLink> {
    translation_links(site, &page.lang, root, languages, |view| {
        let found = view.by_key.get(page.key.as_str())?;
        Some((found.url_path.clone(), found.listed()))
    })
}

/// The switcher's links: `find` gives each language's folder of the page and
/// whether search engines hear of it (an unlisted translation is no alternate).
fn translation_links(
    site: &Site,
    lang: &str,
    root: &str,
    languages: &[LanguageView],
    find: impl Fn(&LanguageView) -> Option<(String, bool)>,
) -> Vec<TranslationLink> {
    if languages.len() < 2 {
        return Vec::new();
    }
    languages
        .iter()
        .map(|view| {
            let found = find(view);
            let target = found
                .as_ref()
                .map_or(&view.language.home.url_path, |(path, _)| path);
            TranslationLink {
                lang: view.language.code.clone(),
                name: view.name.clone(),
                url: format!("{root}{target}index.html"),
                alternate: match (&site.config.base_url, &found) {
                    (_, None | Some((_, false))) => String::new(),
                    (Some(base), Some(_)) => format!("{}{target}", base.0),
                    (None, Some(_)) => format!("{root}{target}index.html"),
                },
                current: view.language.code == lang,
                missing: found.is_none(),
            }
        })
        .collect()
}
