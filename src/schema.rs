//! `rapport schema`: JSON Schemas of the files a user writes (checklists,
//! front matter, site.yaml), generated from the very serde types that load
//! them, so an editor's completion and checks never drift from the loader.
//!
//! The derives live on the types; this file holds the schemas of the few
//! types that deserialize by hand (their rules are repeated here as patterns,
//! next to no other code, so a change to one parser shows up in one place),
//! and the command that writes the files.

use crate::checklist::raw::{AnswerId, RawChecklist};
use crate::config::{BaseUrl, CssColor, LanguageCode, SiteConfig};
use crate::content::date::Date;
use crate::content::front_matter::FrontMatter;
use crate::diagnostics::display_path;
use crate::Verbosity;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;
use std::path::Path;
use std::process::ExitCode;

/// The folder, at a site's root, that `init` writes the schemas into.
pub const DIR: &str = "schemas";
/// The checklist schema's file name.
pub const CHECKLIST: &str = "checklist.schema.json";
/// The site.yaml schema's file name.
pub const SITE: &str = "site.schema.json";
/// The front matter schema's file name.
pub const FRONT_MATTER: &str = "front-matter.schema.json";

/// Every schema: its file name and its text (pretty JSON, final newline).
pub fn files() -> Vec<(&'static str, String)> {
    [
        (CHECKLIST, schemars::schema_for!(RawChecklist)),
        (FRONT_MATTER, schemars::schema_for!(FrontMatter)),
        (SITE, schemars::schema_for!(SiteConfig)),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        (name, text + "\n")
    })
    .collect()
}

/// The first line of a YAML file `depth` folders below the site root that
/// points editors (yaml-language-server) to `schema` in `schemas/`.
pub fn modeline(depth: usize, schema: &str) -> String {
    format!(
        "# yaml-language-server: $schema={}{DIR}/{schema}\n",
        "../".repeat(depth)
    )
}

/// Writes every schema into `out`, replacing earlier versions of them.
pub fn write_all(out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for (name, text) in files() {
        std::fs::write(out.join(name), text)?;
    }
    Ok(())
}

/// `rapport schema [--out DIR]`.
pub fn command(out: &Path, verbosity: Verbosity) -> ExitCode {
    if let Err(e) = write_all(out) {
        eprintln!("error: cannot write {}: {e}", display_path(out).display());
        return ExitCode::from(1);
    }
    if verbosity != Verbosity::Quiet {
        let names: Vec<&str> = files().iter().map(|(name, _)| *name).collect();
        println!(
            "Wrote {} to {}",
            names.join(", "),
            display_path(out).display()
        );
    }
    ExitCode::SUCCESS
}

/// The schema of a type read by a hand-written parser below: a string with
/// a pattern and a description.
macro_rules! string_pattern {
    ($type:ident, $pattern:expr, $description:expr) => {
        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": $pattern, "description": $description })
            }
        }
    };
}

// Date::parse: YYYY-MM-DD, optionally followed by a time it ignores.
string_pattern!(
    Date,
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$",
    "A day as YYYY-MM-DD, e.g. 2026-03-01."
);

impl JsonSchema for AnswerId {
    fn schema_name() -> Cow<'static, str> {
        "AnswerId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "integer"],
            "description": "An answer: `yes` or `no`, an option's id, or a scale's number."
        })
    }
}

string_pattern!(
    BaseUrl,
    r#"^https?://[^\s"'<>?#\\`]+$"#,
    "An absolute http(s) URL, e.g. https://example.com/handbook/."
);

string_pattern!(
    LanguageCode,
    "^[a-z]{2,3}(-[a-z0-9]{2,8})?$",
    "A lower-case language code such as `en`, `it` or `pt-br`."
);

string_pattern!(
    CssColor,
    r"^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[A-Za-z]+|(rgba?|hsla?|oklch)\([A-Za-z0-9 .,%()/-]*\))$",
    "A CSS colour: a hex colour like #2f6f5e, a name, or rgb()/hsl()/oklch()."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modeline_climbs_to_the_site_root() {
        assert_eq!(
            modeline(2, CHECKLIST),
            "# yaml-language-server: $schema=../../schemas/checklist.schema.json\n"
        );
        assert_eq!(
            modeline(0, SITE),
            "# yaml-language-server: $schema=schemas/site.schema.json\n"
        );
    }
}
