//! The YAML front matter of articles and section pages.

use super::date::Date;
use crate::config::Author;
use schemars::JsonSchema;
use serde::Deserialize;

/// Everything an article (or a section's `_index.md`) may say about itself.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    /// The page's title, in its `<h1>`, the navigation and listings. Required for articles.
    pub title: Option<String>,
    /// One sentence for listings and link previews.
    pub summary: Option<String>,
    /// When the article was first published.
    pub date: Option<Date>,
    /// When it was last revised.
    pub updated: Option<Date>,
    /// Order inside the section: lower first; pages without a weight come after, by title.
    pub weight: Option<i64>,
    /// Topics of the page.
    pub tags: Vec<String>,
    /// A draft is left out unless the build runs with `--drafts`.
    pub draft: bool,
    /// The last part of the URL, instead of one made from the file name.
    pub slug: Option<String>,
    /// Old paths of this page that keep working as redirects.
    pub aliases: Vec<String>,
    /// Reachable by its link only: left out of navigation and listings, marked `noindex`.
    pub unlisted: bool,
    /// Who wrote it, when not the site's author: a name, or `{ name, email, bio }`.
    pub author: Option<AuthorField>,
    /// An image shown at the top of the article: a path under `static/` or a URL.
    pub image: Option<String>,
    /// The image's text alternative.
    pub image_alt: Option<String>,
    /// Who made the image (inline Markdown), shown under it.
    pub image_credit: Option<String>,
    /// Anything else, for the site's own templates.
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: serde_yaml::Mapping,
}

/// An article's author: just a name, or a full entry.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AuthorField {
    Name(String),
    Full(Author),
}

impl AuthorField {
    /// The author, completed from the site's author when it is the same person.
    pub fn resolve(&self, site_author: &Author) -> Author {
        match self {
            AuthorField::Name(name) if *name == site_author.name => site_author.clone(),
            AuthorField::Name(name) => Author {
                name: name.clone(),
                ..Author::default()
            },
            AuthorField::Full(author) => author.clone(),
        }
    }
}
