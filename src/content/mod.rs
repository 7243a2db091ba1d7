//! The site model, loaded from `content/`: languages, sections and pages.
//!
//! Folders directly under `content/` are sections; `_index.md` gives a section
//! (or, at the top, the home page) its title, intro and weight; every other
//! `.md` file is an article. A language suffix (`fewer-better.it.md`) makes a
//! file a translation. Loading reads and checks everything, renders nothing,
//! and reports every problem it finds.

mod cache;
mod checks;
pub mod date;
pub mod front_matter;
mod load;
mod order;
mod parse;
mod scan;
pub mod source;
mod tree;

pub use cache::{reload_page, Reloaded, SourceCache};
pub use load::load;

use crate::config::SiteConfig;
use front_matter::FrontMatter;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Editors' swap files, backups and temporary files, and desktop litter:
/// never part of a site, wherever they are.
pub fn is_editor_litter(name: &str) -> bool {
    let vim_swap = name.starts_with('.')
        && [".swp", ".swo", ".swn", ".swx"]
            .iter()
            .any(|end| name.ends_with(end));
    vim_swap
        || name == "4913" // vim checks it may write in the folder
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name.starts_with(".#") // emacs lock
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.starts_with(".goutputstream-")
        || name == ".DS_Store"
        || name == "Thumbs.db"
}

/// What the build was asked to include.
#[derive(Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Parsed files kept from an earlier load of the same site.
    pub cache: Option<&'a SourceCache>,
}

/// The three kinds of Markdown page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Section,
    Article,
    /// A fit checklist (`.yaml`), compiled to a self-assessment page.
    Checklist,
}

/// One page of the site, as written by its author.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub lang: String,
    /// The file on disk (the folder, for a section without `_index.md`).
    pub source: PathBuf,
    /// What the page's translations share: its path under `content/` without
    /// language suffix and extension (`loyalty/keeping-in-touch`,
    /// `loyalty/_index`, `_index`).
    pub key: String,
    /// Path of the page's folder in the output: `""`, `loyalty/`, `it/loyalty/pit-stops/`.
    pub url_path: String,
    pub title: String,
    pub front: FrontMatter,
    /// The whole file, so that positions in the body map back to the file.
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_start: usize,
    /// Words in the body, for reading time.
    pub word_count: usize,
    /// The questions and results of a checklist page.
    pub checklist: Option<Box<crate::checklist::Checklist>>,
}

impl Page {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// `../` once per folder level: the way from this page back to the site root.
    pub fn root_prefix(&self) -> String {
        "../".repeat(self.url_path.matches('/').count())
    }

    /// Where the value of front-matter key `path` (`image`, `aliases[1]`) is in
    /// the file, for messages about it; the front matter's first line otherwise.
    pub fn position_of(&self, path: &str) -> (usize, usize) {
        source::split_front_matter(&self.source, &self.text)
            .ok()
            .and_then(|split| split.front_matter)
            .and_then(|yaml| crate::yaml::Positions::of(yaml, 2).get(path))
            .unwrap_or((2, 1))
    }

    /// Whether the page appears in navigation and listings.
    pub fn listed(&self) -> bool {
        !self.front.unlisted
    }

    /// Minutes an unhurried reader needs (about 200 words a minute, rounded), at least one.
    pub fn reading_minutes(&self) -> usize {
        ((self.word_count + 100) / 200).max(1)
    }
}

/// A folder under `content/`, with its pages in reading order.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder's name under `content/`.
    pub folder: String,
    pub index: Page,
    pub pages: Vec<Page>,
}

/// Everything in one language: home page, top-level articles, sections.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub home: Page,
    /// Articles directly under `content/`.
    pub loose: Vec<Page>,
    pub sections: Vec<Section>,
}

impl Language {
    /// Every page of the language: home, top-level articles, then each section and its pages.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        std::iter::once(&self.home).chain(&self.loose).chain(
            self.sections
                .iter()
                .flat_map(|s| std::iter::once(&s.index).chain(&s.pages)),
        )
    }
}

/// A file under `content/` that is copied as it is (an image beside its article).
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Its path in the output.
    pub output: String,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// The default language first.
    pub languages: Vec<Language>,
    pub assets: Vec<Asset>,
    /// Markdown sources, relative to `content/` with `/`, to their page's `url_path`.
    pub sources: HashMap<String, String>,
    /// Sources of drafts left out of this build, to explain links to them.
    pub drafts: HashSet<String>,
    /// Sources that did not load (relative to `content/`): links to them are
    /// not reported as broken, their own errors say what is wrong.
    pub failed: HashSet<String>,
}

impl Site {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Every page of every language.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        self.languages.iter().flat_map(Language::pages)
    }

    /// The page made from the file at `source`.
    pub fn page_mut(&mut self, source: &Path) -> Option<&mut Page> {
        self.languages.iter_mut().find_map(|language| {
            std::iter::once(&mut language.home)
                .chain(language.loose.iter_mut())
                .chain(
                    language
                        .sections
                        .iter_mut()
                        .flat_map(|s| std::iter::once(&mut s.index).chain(s.pages.iter_mut())),
                )
                .find(|page| page.source == source)
        })
    }
}

/// A relative path written with `/`, as in links.
pub fn rel_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `choosing-clients` → `Choosing clients`.
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_name("choosing-clients"), "Choosing clients");
        assert_eq!(title_from_name("città_e_uffici"), "Città e uffici");
    }
}
