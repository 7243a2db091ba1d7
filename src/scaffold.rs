//! `rapport init` and `rapport new`: files a user starts from. Neither ever
//! overwrites anything.

use crate::content::title_from_name;
use crate::diagnostics::display_path;
use crate::render::theme::example_files;
use crate::slug::slugify;
use crate::Verbosity;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Writes the example playbook into `dir`, which must be empty or new.
pub fn init(dir: &Path, verbosity: Verbosity) -> ExitCode {
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
    for (rel, bytes) in example_files() {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, bytes));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", display_path(&path).display());
            return ExitCode::from(1);
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
        println!(
            "Created a playbook in {} ({} files).",
            shown.display(),
            example_files().len()
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
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(&path, text));
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", display_path(&path).display());
        return ExitCode::from(1);
    }
    if verbosity != Verbosity::Quiet {
        println!(
            "Created {} (a draft: build with --drafts to see it)",
            display_path(&path).display()
        );
    }
    ExitCode::SUCCESS
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
