//! `site.yaml`: the site's settings, every one with a default.
//!
//! A site needs no `site.yaml` at all. Unknown keys are errors with a "did you
//! mean" hint, because a misspelt key silently ignored is a setting the user
//! believes they made.

use crate::diagnostics::Diagnostic;
use crate::yaml;
use schemars::JsonSchema;
use serde::{de, Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::Path;

/// The settings of a whole site.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The handbook's name, in the header of every page and in `<title>`.
    pub title: String,
    /// One or two sentences about the handbook, for search engines and previews.
    pub description: String,
    /// Where the site is published (origin and sub-path); makes canonical URLs absolute.
    pub base_url: Option<BaseUrl>,
    /// The default language, whose pages live at the root of the output.
    pub language: LanguageCode,
    /// Further languages, by code, with their own title and description.
    pub languages: BTreeMap<LanguageCode, LanguageSettings>,
    /// Who writes the playbook; articles may name another author.
    pub author: Author,
    /// The theme: `default` (built in) or a folder under `themes/`.
    pub theme: String,
    /// An image shown beside the title, a path under `static/`.
    pub logo: Option<String>,
    /// The theme's accent colour, as a CSS colour (`#2f6f5e`, `rebeccapurple`).
    pub accent: Option<CssColor>,
    /// A stylesheet under `static/` loaded after the theme's own.
    pub extra_css: Option<String>,
    /// Whether pages without their own preview image get a drawn card.
    pub social_cards: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Our playbook".to_string(),
            description: String::new(),
            base_url: None,
            language: LanguageCode("en".to_string()),
            languages: BTreeMap::new(),
            author: Author::default(),
            theme: "default".to_string(),
            logo: None,
            accent: None,
            extra_css: None,
            social_cards: true,
        }
    }
}

/// Title and description of one extra language.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageSettings {
    /// The site's title in this language.
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
    /// What changes about the site's author in this language (usually `bio`).
    pub author: Option<LanguageAuthor>,
}

/// The site author's details that a language may write differently.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageAuthor {
    /// The author's name in this language.
    pub name: Option<String>,
    /// The address to write to in this language.
    pub email: Option<String>,
    /// The author's short presentation in this language.
    pub bio: Option<String>,
}

/// A person who writes for the playbook.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Author {
    /// Their name as it appears under articles.
    pub name: String,
    /// Where readers and prospects write to.
    pub email: String,
    /// A short presentation, shown under articles.
    pub bio: String,
}

/// An absolute `http(s)` URL, always ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(pub String);

impl BaseUrl {
    /// Checks an `http(s)` URL and gives it its final `/`.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let valid = ["https://", "http://"]
            .iter()
            .any(|scheme| url.len() > scheme.len() && url.starts_with(scheme))
            // Characters that would end an attribute or start a query or fragment.
            && !url.contains(|c: char| c.is_whitespace() || "\"'<>?#\\`".contains(c));
        if !valid {
            return Err(format!(
                "base_url must be an absolute http(s) URL such as https://example.com/handbook/, not `{url}`"
            ));
        }
        Ok(BaseUrl(if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        }))
    }
}

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BaseUrl::parse(&String::deserialize(d)?).map_err(de::Error::custom)
    }
}

/// A language code such as `en`, `it` or `pt-br`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageCode(pub String);

impl LanguageCode {
    /// Whether `code` has the shape of a language code (and so of a file suffix).
    pub fn is_valid(code: &str) -> bool {
        let (primary, region) = code.split_once('-').unwrap_or((code, ""));
        (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && (region.is_empty() || (2..=8).contains(&region.len()))
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    }
}

impl<'de> Deserialize<'de> for LanguageCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        if LanguageCode::is_valid(&code) {
            Ok(LanguageCode(code))
        } else {
            Err(de::Error::custom(format!(
                "`{code}` is not a language code; use a lower-case code such as `en`, `it` or `pt-br`"
            )))
        }
    }
}

/// A CSS colour that is safe to place in a `style` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssColor(pub String);

impl<'de> Deserialize<'de> for CssColor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let color = String::deserialize(d)?;
        let hex = color.strip_prefix('#').is_some_and(|h| {
            [3, 4, 6, 8].contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
        });
        let named = !color.is_empty() && color.bytes().all(|b| b.is_ascii_alphabetic());
        let function = ["rgb(", "rgba(", "hsl(", "hsla(", "oklch("]
            .iter()
            .any(|f| color.starts_with(f))
            && color.ends_with(')')
            && color
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b" .,%()/-".contains(&b));
        if hex || named || function {
            Ok(CssColor(color))
        } else {
            Err(de::Error::custom(format!(
                "`{color}` is not a CSS colour; use a hex colour like #2f6f5e, a name, or rgb()/hsl()"
            )))
        }
    }
}

impl SiteConfig {
    /// Reads `SITE/site.yaml`, or the defaults when the file does not exist.
    pub fn load(site_root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = site_root.join("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => crate::content::source::decode_utf8(&path, bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => return Err(Diagnostic::file_error(&path, format!("cannot read: {e}"))),
        };
        let config: SiteConfig = yaml::parse(&text, &path, 1)?;
        if config.languages.contains_key(&config.language) {
            return Err(Diagnostic::file_error(
                &path,
                format!(
                    "`{}` is the default language; list only the other ones under `languages`",
                    config.language.0
                ),
            ));
        }
        Ok(config)
    }

    /// What can be read of a `SITE/site.yaml` that [`SiteConfig::load`]
    /// rejected: its good keys, the defaults for the others. The languages it
    /// declares are what decides which files are translations, so a typo in
    /// another key must not turn every translation into an error.
    pub fn lenient(site_root: &Path) -> SiteConfig {
        let text = std::fs::read(site_root.join("site.yaml"))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let mut config: SiteConfig = yaml::parse_lenient(&text);
        let language = config.language.clone();
        config.languages.remove(&language);
        config
    }

    /// Where the value of `key` is in `SITE/site.yaml`, for messages about it.
    pub fn position_of(site_root: &Path, key: &str) -> (usize, usize) {
        std::fs::read_to_string(site_root.join("site.yaml"))
            .ok()
            .and_then(|text| crate::yaml::Positions::of(&text, 1).get(key))
            .unwrap_or((1, 1))
    }

    /// Every language of the site, the default first.
    pub fn all_languages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.0.as_str()).chain(self.languages.keys().map(|c| c.0.as_str()))
    }

    /// The site title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        self.languages
            .get(&LanguageCode(lang.to_string()))
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The site's author as pages in `lang` present them.
    pub fn author_in(&self, lang: &str) -> Author {
        let mut author = self.author.clone();
        let local = self
            .languages
            .get(&LanguageCode(lang.to_string()))
            .and_then(|l| l.author.as_ref());
        if let Some(local) = local {
            let pairs = [
                (&mut author.name, &local.name),
                (&mut author.email, &local.email),
                (&mut author.bio, &local.bio),
            ];
            for (field, value) in pairs {
                if let Some(value) = value {
                    field.clone_from(value);
                }
            }
        }
        author
    }

    /// The site description in `lang`.
    pub fn description_in(&self, lang: &str) -> &str {
        self.languages
            .get(&LanguageCode(lang.to_string()))
            .and_then(|l| l.description.as_deref())
            .unwrap_or(&self.description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        yaml::parse(text, Path::new("site.yaml"), 1)
    }

    #[test]
    fn every_key_has_a_default() {
        let c = parse("").unwrap();
        assert_eq!(c.language.0, "en");
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_hint() {
        let err = parse("title: X\naccent_colour: '#fff'\n").unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "unknown key `accent_colour`")
        );
    }

    #[test]
    fn values_are_checked_where_they_are() {
        let err = parse("title: X\naccent: 'red; background: url(x)'\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.message.contains("not a CSS colour"), "{}", err.message);
        let err = parse("base_url: example.com\n").unwrap_err();
        assert!(
            err.message.contains("absolute http(s) URL"),
            "{}",
            err.message
        );
        assert_eq!(
            parse("base_url: https://x.org/h")
                .unwrap()
                .base_url
                .unwrap()
                .0,
            "https://x.org/h/"
        );
    }
}
