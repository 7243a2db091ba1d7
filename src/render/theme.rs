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

/// Where messages say the files compiled into the binary are.
const BUILT_IN: &str = "<built-in theme>/";

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
    /// Mistakes in string files, read as far as they could be: the theme
    /// works, so every page's own problems are still found, but the build
    /// fails on these.
    pub problems: Vec<Diagnostic>,
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
                let path = PathBuf::from(BUILT_IN).join(rel);
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
        let known = known_strings(&files);
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
                // The built-in files and the theme's English define the keys.
                let defines = file.path.starts_with(BUILT_IN) || lang == "en";
                let checked = (!defines).then_some(&known);
                strings.insert(
                    lang.to_string(),
                    parse_strings(file, checked, &mut problems),
                );
            }
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
            problems,
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
    // Cards are SVG: their text is escaped as in HTML.
    tera.autoescape_on(vec![".html", ".svg"]);
    tera.register_function("fit_text", super::card::fit::fit_text);
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

/// The keys a string file may set: those of the built-in English strings and
/// of the theme's own English file, when it has one.
fn known_strings(files: &BTreeMap<String, Layered>) -> Vec<String> {
    let built_in = embedded::THEME
        .iter()
        .find(|(rel, _)| *rel == "i18n/en.yaml")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
    let theme = files
        .get("i18n/en.yaml")
        .filter(|file| !file.path.starts_with(BUILT_IN))
        .map(|file| String::from_utf8_lossy(&file.bytes).into_owned());
    let mut keys: Vec<String> = [built_in, theme]
        .into_iter()
        .flatten()
        .flat_map(|text| crate::yaml::parse_lenient::<BTreeMap<String, Entry>>(&text).into_keys())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// An i18n file (phrases, and `months` as a list of twelve), as far as it
/// reads; its mistakes, and keys that are not in `known` (when given), go to
/// `problems`.
fn parse_strings(
    file: &Layered,
    known: Option<&Vec<String>>,
    problems: &mut Vec<Diagnostic>,
) -> Words {
    let mut words = Words {
        text: Strings::new(),
        lists: BTreeMap::new(),
        path: file.path.clone(),
    };
    let text = match crate::content::source::decode_utf8(&file.path, file.bytes.clone()) {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            return words;
        }
    };
    let entries: BTreeMap<String, Entry> =
        crate::yaml::parse(&text, &file.path, 1).unwrap_or_else(|d| {
            problems.push(d);
            crate::yaml::parse_lenient(&text)
        });
    if let Some(known) = known {
        unknown_keys(&text, &file.path, entries.keys(), known, problems);
    }
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
        problems.push(Diagnostic::error(
            &file.path,
            line,
            1,
            format!(
                "`months` lists {} names; write the twelve, January first",
                months.len()
            ),
        ));
        words.lists.remove("months");
    }
    words
}

/// One error for each of `keys` that is not `known`, at its line.
fn unknown_keys<'k>(
    text: &str,
    path: &Path,
    keys: impl Iterator<Item = &'k String>,
    known: &[String],
    problems: &mut Vec<Diagnostic>,
) {
    let names: Vec<&str> = known.iter().map(String::as_str).collect();
    let unknown: Vec<&String> = keys.filter(|k| known.binary_search(k).is_err()).collect();
    if unknown.is_empty() {
        return;
    }
    let positions = crate::yaml::Positions::of(text, 1);
    for key in unknown {
        let at = positions.key(key).unwrap_or((1, 1));
        let hint = match crate::diagnostics::did_you_mean(key, &names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "the keys are those of the theme's i18n/en.yaml".to_string(),
        };
        problems.push(
            Diagnostic::at(
                path,
                at,
                format!("unknown key `{}`", crate::yaml::clip(key, 60)),
            )
            .with_hint(hint),
        );
    }
}
