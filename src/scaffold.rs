//! `rapport init` and `rapport new`: files a user starts from. Neither ever
//! overwrites anything.

use crate::content::title_from_name;
use crate::diagnostics::display_path;
use crate::render::theme::example_files;
use crate::schema;
use crate::slug::slugify;
use crate::Verbosity;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Writes a new playbook into `dir`, which must be empty or new: the example
/// one, or with `minimal` a blank skeleton. Both come with `schemas/`, and
/// their YAML files name their schema on the first line.
pub fn init(dir: &Path, minimal: bool, verbosity: Verbosity) -> ExitCode {
    let non_empty = fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        eprintln!(
            "error: {} is not empty; rapport init only writes into an empty or new folder",
            display_path(dir).display()
        );
        eprintln!("  hint: run `rapport init my-playbook` to create a new folder");
        return ExitCode::from(1);
    }
    let files = if minimal {
        skeleton_files()
    } else {
        example_files()
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
            .collect()
    };
    let schemas = schema::files()
        .into_iter()
        .map(|(name, text)| (format!("{}/{name}", schema::DIR), text.into_bytes()));
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(rel, bytes)| {
            let bytes = with_modeline(&rel, bytes);
            (rel, bytes)
        })
        .chain(schemas)
        .collect();
    for (rel, bytes) in &files {
        if let Err(code) = write_new(&dir.join(rel), bytes) {
            return code;
        }
    }
    if verbosity != Verbosity::Quiet {
        // `rapport init` (or `init .`) writes here: name the folder in full,
        // and there is nowhere to `cd` to.
        let full = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let here = std::env::current_dir()
            .and_then(fs::canonicalize)
            .is_ok_and(|cwd| cwd == full);
        let shown = display_path(dir);
        let shown = if here || shown.as_os_str().is_empty() {
            full.clone()
        } else {
            shown
        };
        let what = if minimal {
            "blank playbook"
        } else {
            "playbook"
        };
        println!(
            "Created a {what} in {} ({} files).",
            shown.display(),
            files.len()
        );
        if here {
            println!("Next: rapport build, then open public/index.html");
        } else {
            println!(
                "Next: cd {} && rapport build, then open public/index.html",
                shown.display()
            );
        }
    }
    ExitCode::SUCCESS
}

/// The blank playbook of `init --minimal`: placeholders, no example content.
fn skeleton_files() -> Vec<(String, Vec<u8>)> {
    let checklist = CHECKLIST_STARTER
        .replace("{title}", "Are we a good fit?")
        .replace("{date}", &today())
        .replace("draft: true            # remove this line to publish\n", "");
    [
        ("site.yaml", include_str!("skeleton/site.yaml").to_string()),
        (
            "content/_index.md",
            include_str!("skeleton/index.md").to_string(),
        ),
        (
            "content/working-with-us/_index.md",
            include_str!("skeleton/section.md").to_string(),
        ),
        (
            "content/working-with-us/the-first-meeting.md",
            include_str!("skeleton/article.md").replace("{date}", &today()),
        ),
        ("content/working-with-us/are-we-a-fit.yaml", checklist),
    ]
    .into_iter()
    .map(|(rel, text)| (rel.to_string(), text.into_bytes()))
    .collect()
}

/// `bytes` of the file at `rel` (from the site root), with the line that
/// names its schema first when it is site.yaml or a checklist.
fn with_modeline(rel: &str, bytes: Vec<u8>) -> Vec<u8> {
    let schema_name = match rel {
        "site.yaml" => schema::SITE,
        _ if rel.starts_with("content/") && rel.ends_with(".yaml") => schema::CHECKLIST,
        _ => return bytes,
    };
    let depth = rel.matches('/').count();
    let mut text = schema::modeline(depth, schema_name).into_bytes();
    text.extend(bytes);
    text
}

/// Creates `path` (and its folders) with `bytes`, or says why it cannot.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ExitCode> {
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(path, bytes));
    written.map_err(|e| {
        eprintln!("error: cannot write {}: {e}", display_path(path).display());
        ExitCode::from(1)
    })
}

/// What `rapport new` creates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NewFile {
    Article,
    Checklist,
}

impl NewFile {
    fn word(self) -> &'static str {
        match self {
            NewFile::Article => "article",
            NewFile::Checklist => "checklist",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            NewFile::Article => "md",
            NewFile::Checklist => "yaml",
        }
    }

    /// The starter text, as a draft with today's date.
    fn starter(self, title: &str) -> String {
        match self {
            NewFile::Article => format!(
                "---\ntitle: {title}\nsummary: One sentence on what this article is for.\ndate: {}\ntags: []\n\
                 draft: true  # remove this line to publish\n---\n\nWrite the article here, in Markdown.\n",
                today()
            ),
            NewFile::Checklist => CHECKLIST_STARTER
                .replace("{title}", title)
                .replace("{date}", &today()),
        }
    }
}

/// A checklist that builds as it is and shows every part of the format.
const CHECKLIST_STARTER: &str = include_str!("checklist/starter.yaml");

/// Creates `content/NAME.md` (or `.yaml`) as a draft with today's date.
pub fn new_file(site: &Path, kind: NewFile, name: &str, verbosity: Verbosity) -> ExitCode {
    let content = site.join("content");
    if !content.is_dir() {
        eprintln!(
            "error: {} has no content/ folder",
            display_path(site).display()
        );
        eprintln!(
            "  hint: run this inside a playbook, or pass --site, or start one with `rapport init`"
        );
        return ExitCode::from(1);
    }
    let word = kind.word();
    let name = name
        .trim_matches('/')
        .trim_end_matches(&format!(".{}", kind.extension()));
    let parts: Vec<&str> = name.split('/').collect();
    let valid =
        matches!(parts.len(), 1 | 2) && parts.iter().all(|p| !slugify(p).is_empty() && *p != "..");
    if !valid {
        eprintln!("error: `{name}` is not a valid {word} name");
        eprintln!("  hint: write NAME or SECTION/NAME, e.g. loyalty/thank-you-notes");
        return ExitCode::from(2);
    }
    if content.join(name).is_dir() {
        eprintln!("error: content/{name}/ is a section folder; a {word} needs a name inside it");
        eprintln!("  hint: rapport new {word} {name}/NAME");
        return ExitCode::from(2);
    }
    let path = content.join(format!("{name}.{}", kind.extension()));
    if path.exists() {
        eprintln!(
            "error: {} already exists; rapport never overwrites a file",
            display_path(&path).display()
        );
        return ExitCode::from(1);
    }
    let text = kind.starter(&yaml_text(&title_from_name(parts[parts.len() - 1])));
    let rel = format!("content/{name}.{}", kind.extension());
    if let Err(code) = write_new(&path, &with_modeline(&rel, text.into_bytes())) {
        return code;
    }
    if kind == NewFile::Checklist {
        if let Err(code) = write_missing_schemas(site) {
            return code;
        }
    }
    if verbosity != Verbosity::Quiet {
        println!(
            "Created {} (a draft: build with --drafts to see it)",
            display_path(&path).display()
        );
    }
    ExitCode::SUCCESS
}

/// Writes the schemas the new checklist's first line points to, unless
/// `SITE/schemas/` already holds them (never overwriting one).
fn write_missing_schemas(site: &Path) -> Result<(), ExitCode> {
    for (name, text) in schema::files() {
        let path = site.join(schema::DIR).join(name);
        if !path.exists() {
            write_new(&path, text.as_bytes())?;
        }
    }
    Ok(())
}

/// `text` as a YAML value: plain when it can be, else quoted (a JSON string is
/// a valid YAML one), so that a name holding `:` or `#` stays a title.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(|c: char| ":#\"'{}[],&*!|>%@`".contains(c))
        && !text.starts_with(['-', '?', ' ']);
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a (year, month, day) of the Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_780), (2026, 11, 23));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
