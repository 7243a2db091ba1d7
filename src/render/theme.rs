//! The theme: Tera templates, static files and UI strings, in layers.
//!
//! The default theme is compiled into the binary (the repository's
//! `themes/default/` is its source). On top of it, in order, each layer
//! overriding single files of the one below:
//!
//! 1. `SITE/themes/<theme>/` when that folder exists (`templates/`, `static/`, `i18n/`);
//! 2. `SITE/templates/` for single templates;
//! 3. `SITE/i18n/<lang>.yaml` for single UI strings.

use crate::config::SiteConfig;
use crate::content::date::DateWords;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::Tera;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The files of the example playbook, for `rapport init`.
pub fn example_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::EXAMPLE
}

/// UI strings of one language, e.g. `min_read` → `min read`.
pub type Strings = BTreeMap<String, String>;

/// One i18n file: its words, its lists (`months`) and where it was read.
struct Words {
    text: Strings,
    lists: BTreeMap<String, Vec<String>>,
    path: PathBuf,
}

impl Words {
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.text.keys().chain(self.lists.keys())
    }
}

/// A value of an i18n file: a phrase, or a list such as the twelve months.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    List(Vec<String>),
}

/// A loaded theme, ready to render pages.
pub struct Theme {
    pub tera: Tera,
    /// Files for the output's `theme/` folder.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// By language code; the site's own files under `site/<code>`.
    strings: HashMap<String, Words>,
    /// Each template's file, for messages.
    template_paths: HashMap<String, PathBuf>,
}

/// Where a file of the theme came from, for messages.
struct Layered {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Theme {
    /// Loads the theme named in `config`, with the site's overrides.
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, Layered> = embedded::THEME
            .iter()
            .map(|(rel, bytes)| {
                let path = PathBuf::from("<built-in theme>/").join(rel);
                (
                    rel.to_string(),
                    Layered {
                        path,
                        bytes: bytes.to_vec(),
                    },
                )
            })
            .collect();
        let theme_dir = root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            overlay(&mut files, &theme_dir, "")?;
        } else if config.theme != "default" {
            return Err(vec![Diagnostic::file_error(
                &root.join("site.yaml"),
                format!(
                    "there is no theme `{}`: no folder {}",
                    config.theme,
                    theme_dir.display()
                ),
            )
            .with_hint(
                "use `theme: default`, or create the theme's folder under themes/",
            )]);
        }
        overlay(&mut files, &root.join("templates"), "templates/")?;
        overlay(&mut files, &root.join("i18n"), "i18n/site/")?;

        let tera = compile_templates(&files)?;
        let mut strings = HashMap::new();
        let mut static_files = Vec::new();
        let mut problems = Vec::new();
        for (rel, file) in &files {
            if let Some(name) = rel.strip_prefix("static/") {
                static_files.push((name.to_string(), file.bytes.clone()));
            } else if let Some(lang) = rel
                .strip_prefix("i18n/")
                .and_then(|f| f.strip_suffix(".yaml"))
            {
                match parse_words(file) {
                    Ok(words) => {
                        strings.insert(lang.to_string(), words);
                    }
                    Err(d) => problems.push(d),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let template_paths = files
            .iter()
            .filter_map(|(rel, f)| {
                Some((rel.strip_prefix("templates/")?.to_string(), f.path.clone()))
            })
            .collect();
        Ok(Theme {
            tera,
            static_files,
            strings,
            template_paths,
        })
    }

    /// A rendering error of template `name`, placed in the right file: Tera
    /// names the child template even when the mistake is in a parent it
    /// extends, so then the message goes to the nearest parent instead.
    pub fn render_error(&self, error: &tera::Error, name: &str) -> Diagnostic {
        let mut diagnostic = template_error(error, |_| self.template_path(name));
        if diagnostic
            .message
            .contains("(error happened in a parent template)")
        {
            let parent = self
                .tera
                .get_template(name)
                .ok()
                .and_then(|t| t.parents.first().cloned());
            if let Some(parent) = parent {
                diagnostic.path = self.template_path(&parent);
                // One message for every child that meets the same mistake.
                let marker = "(error happened in a parent template): ";
                let mut message = diagnostic
                    .message
                    .split_once(marker)
                    .map_or("", |(_, rest)| rest)
                    .to_string();
                if let Some(i) = message.find(" while rendering '") {
                    message.truncate(i);
                }
                diagnostic.message = format!("template error: {message}");
            }
        }
        diagnostic
    }

    /// The file a template was read from.
    pub fn template_path(&self, name: &str) -> PathBuf {
        self.template_paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// The UI strings of `lang`: the site's, then the theme's, then English.
    pub fn strings(&self, lang: &str) -> Strings {
        let mut merged = Strings::new();
        // The theme's English underneath as the fallback, then the theme's
        // language, then the site's own words for that language (only).
        for words in self.layers(lang) {
            merged.extend(words.text.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged
    }

    /// How `lang` writes dates, with the same layers as [`Theme::strings`];
    /// digits only when no layer names the twelve months.
    pub fn date_words(&self, lang: &str) -> DateWords {
        let layers: Vec<&Words> = self.layers(lang).collect();
        let last =
            |get: &dyn Fn(&Words) -> Option<String>| layers.iter().rev().find_map(|w| get(w));
        let months = layers
            .iter()
            .rev()
            .find_map(|w| w.lists.get("months").filter(|m| m.len() == 12));
        let numeric = DateWords::numeric();
        match months {
            Some(months) => DateWords {
                months: months.clone(),
                format: last(&|w| w.text.get("date_format").cloned()).unwrap_or(numeric.format),
                day_one: last(&|w| w.text.get("date_day_one").cloned()).unwrap_or(numeric.day_one),
            },
            None => numeric,
        }
    }

    /// The i18n files that give `lang` its words, the weakest first: the
    /// theme's English, the theme's `lang`, the site's `lang`.
    fn layers<'s>(&'s self, lang: &str) -> impl Iterator<Item = &'s Words> {
        ["en".to_string(), lang.to_string(), format!("site/{lang}")]
            .into_iter()
            .filter_map(|key| self.strings.get(&key))
    }

    /// One warning per language of `langs` that lacks keys of the theme's
    /// English, naming them all: those words are shown in English.
    pub fn missing_words<'l>(
        &self,
        root: &Path,
        langs: impl Iterator<Item = &'l str>,
    ) -> Vec<Diagnostic> {
        let Some(english) = self.strings.get("en") else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        for lang in langs.filter(|l| *l != "en") {
            let own: Vec<&Words> = [lang.to_string(), format!("site/{lang}")]
                .iter()
                .filter_map(|key| self.strings.get(key))
                .collect();
            let missing: Vec<&str> = english
                .keys()
                .filter(|key| {
                    !own.iter()
                        .any(|w| w.text.contains_key(*key) || w.lists.contains_key(*key))
                })
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let path = own.last().map_or_else(
                || root.join("i18n").join(format!("{lang}.yaml")),
                |w| w.path.clone(),
            );
            let message = if own.is_empty() {
                format!("the theme has no words for the language `{lang}`: its pages show the English ones")
            } else {
                format!(
                    "`{lang}` lacks {} of the theme's words, shown in English instead: {}",
                    missing.len(),
                    missing.join(", ")
                )
            };
            warnings.push(Diagnostic::warning(&path, 1, 1, message).with_hint(format!(
                "write them in i18n/{lang}.yaml at the site's root; the theme's English file lists every key"
            )));
        }
        warnings
    }

    /// A language's name in itself (`Italiano`), from its own strings only,
    /// else its code.
    pub fn language_name(&self, lang: &str) -> String {
        [format!("site/{lang}"), lang.to_string()]
            .iter()
            .find_map(|key| self.strings.get(key)?.text.get("language_name").cloned())
            .unwrap_or_else(|| lang.to_uppercase())
    }
}

/// Adds the files under `dir` to `files`, keyed `prefix` + their relative path.
fn overlay(
    files: &mut BTreeMap<String, Layered>,
    dir: &Path,
    prefix: &str,
) -> Result<(), Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| vec![Diagnostic::file_error(dir, format!("cannot read: {e}"))])?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel =
            crate::content::rel_string(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            vec![Diagnostic::file_error(
                entry.path(),
                format!("cannot read: {e}"),
            )]
        })?;
        files.insert(
            format!("{prefix}{rel}"),
            Layered {
                path: entry.path().to_path_buf(),
                bytes,
            },
        );
    }
    Ok(())
}

fn compile_templates(files: &BTreeMap<String, Layered>) -> Result<Tera, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    for (rel, file) in files {
        let Some(name) = rel.strip_prefix("templates/") else {
            continue;
        };
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => templates.push((name.to_string(), text.to_string())),
            Err(_) => problems.push(Diagnostic::file_error(
                &file.path,
                "this template is not valid UTF-8 text",
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's own escaping also rewrites `/`, which makes every URL unreadable.
    tera.set_escape_fn(crate::markdown::escape);
    tera.add_raw_templates(templates).map_err(|e| {
        let path_of = |name: &str| {
            files
                .get(&format!("templates/{name}"))
                .map_or_else(|| PathBuf::from(name), |f| f.path.clone())
        };
        vec![template_error(&e, path_of)]
    })?;
    Ok(tera)
}

/// A Tera error placed at its template's file, line and column when Tera says them.
pub fn template_error(error: &tera::Error, path_of: impl Fn(&str) -> PathBuf) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let full = chain.join(": ");
    let name = full.split('\'').nth(1).unwrap_or("");
    let (line, column) = full
        .split_once(" --> ")
        .and_then(|(_, rest)| {
            let mut numbers = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let message = full
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::error(
        &path_of(name),
        line,
        column,
        format!("template error: {}", squeeze(&message)),
    )
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads an i18n file: phrases, and `months` as a list of twelve.
fn parse_words(file: &Layered) -> Result<Words, Diagnostic> {
    let text = crate::content::source::decode_utf8(&file.path, file.bytes.clone())?;
    let entries: BTreeMap<String, Entry> = crate::yaml::parse(&text, &file.path, 1)?;
    let mut words = Words {
        text: Strings::new(),
        lists: BTreeMap::new(),
        path: file.path.clone(),
    };
    for (key, entry) in entries {
        match entry {
            Entry::Text(value) => {
                words.text.insert(key, value);
            }
            Entry::List(items) => {
                words.lists.insert(key, items);
            }
        }
    }
    if let Some(months) = words.lists.get("months").filter(|m| m.len() != 12) {
        let line = text
            .lines()
            .position(|l| l.starts_with("months:"))
            .map_or(1, |i| i + 1);
        return Err(Diagnostic::error(
            &file.path,
            line,
            1,
            format!(
                "`months` lists {} names; write the twelve, January first",
                months.len()
            ),
        ));
    }
    Ok(words)
}
