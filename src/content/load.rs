//! Reading `content/` into the site model: scan the folder, read and parse every
//! file in parallel, then place each page in its language, section and reading
//! order, and check the site as a whole. Every problem found is collected, none
//! stops the others.

use super::checks::{check_translations, check_unique_checklist_ids, check_unique_urls};
use super::parse::{read_source, SourceFile};
use super::scan::{scan, Scan};
use super::tree::{assemble, leave_out_drafts, Place};
use super::{rel_string, Asset, Language, LoadOptions, Site};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Loads the site at `root`. Returns the site (as complete as the errors allow)
/// and every problem found.
pub fn load(root: &Path, options: LoadOptions) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let config = SiteConfig::load(root).unwrap_or_else(|d| {
        diagnostics.push(d);
        SiteConfig::lenient(root)
    });
    let content = root.join("content");
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        languages: Vec::new(),
        assets: Vec::new(),
        sources: HashMap::new(),
        drafts: HashSet::new(),
        failed: HashSet::new(),
    };
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::file_error(&content, "there is no content/ folder here")
                .with_hint("run `rapport init` to start a playbook, or pass the site's folder: `rapport build path/to/site`"),
        );
        return (site, diagnostics);
    }

    let scan = scan(&content, &mut diagnostics);
    if let Some(cache) = options.cache {
        cache.check_languages(&site.config);
        cache.keep_only(&scan.pages);
    }
    let mut files = read_all(&mut site, &content, &scan, options, &mut diagnostics);
    if !options.drafts {
        files = leave_out_drafts(files, &mut site.drafts);
    }
    site.languages = assemble_languages(&site, &content, &scan, files, &mut diagnostics);
    site.assets = place_assets(site.languages.first(), scan.assets);
    check_unique_urls(&site, &mut diagnostics);
    check_unique_checklist_ids(&site, &mut diagnostics);
    check_translations(&site, &mut diagnostics);
    let sources: Vec<(String, String)> = site
        .pages()
        .filter(|page| page.source.is_file())
        .filter_map(|page| {
            let rel = page.source.strip_prefix(&content).ok()?;
            Some((rel_string(rel), page.url_path.clone()))
        })
        .collect();
    site.sources.extend(sources);
    (site, diagnostics)
}

/// Reads and parses every page's file in parallel. A file that fails is noted
/// in `site.failed`, so links into it are not reported as broken.
fn read_all(
    site: &mut Site,
    content: &Path,
    scan: &Scan,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    let parsed: Vec<Result<SourceFile, Vec<Diagnostic>>> = scan
        .pages
        .par_iter()
        .map(|path| read_source(content, path, &site.config, options.cache))
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(file) => {
                diagnostics.extend(file.problems.iter().cloned());
                files.push(file);
            }
            Err(problems) => {
                // Links to a file that failed to load are not broken links, and
                // its headings are unknown: its own errors say what is wrong.
                for d in &problems {
                    if let Ok(rel) = d.path.strip_prefix(content) {
                        if site.failed.insert(rel_string(rel)) {
                            diagnostics.note(format!(
                                "{} did not load: links into it are checked once it does",
                                crate::diagnostics::display_path(&d.path).display()
                            ));
                        }
                    }
                }
                diagnostics.extend(problems);
            }
        }
    }
    files
}

/// Every language's tree, the default language first: a translation lives at
/// its original's address under `<lang>/`.
fn assemble_languages(
    site: &Site,
    content: &Path,
    scan: &Scan,
    mut files: Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Vec<Language> {
    let mut languages = Vec::new();
    let mut addresses: HashMap<String, String> = HashMap::new();
    for (i, code) in site.config.all_languages().enumerate() {
        let prefix = if i == 0 {
            String::new()
        } else {
            format!("{code}/")
        };
        let place = Place {
            code,
            prefix: &prefix,
            addresses: &addresses,
            drafts: &site.drafts,
        };
        let language = assemble(
            &site.config,
            place,
            content,
            &scan.folders,
            &mut files,
            diagnostics,
        );
        if i == 0 {
            addresses = language
                .pages()
                .map(|p| (p.key.clone(), p.url_path.clone()))
                .collect();
        }
        languages.push(language);
    }
    languages
}

/// Where the files that are not pages go: a file beside its article goes
/// where the section's pages go (its slug may come from `_index.md`); a file
/// of a section left out goes nowhere.
fn place_assets(
    default_language: Option<&Language>,
    found: Vec<(PathBuf, Option<String>, String)>,
) -> Vec<Asset> {
    let section_paths: HashMap<&str, &str> = default_language
        .map(|l| {
            l.sections
                .iter()
                .map(|s| (s.folder.as_str(), s.index.url_path.as_str()))
                .collect()
        })
        .unwrap_or_default();
    found
        .into_iter()
        .filter_map(|(source, folder, name)| {
            let output = match folder {
                Some(f) => format!("{}{name}", section_paths.get(f.as_str())?),
                None => name,
            };
            Some(Asset { source, output })
        })
        .collect()
}
