//! `rapport build` and `rapport check`: load, render, then write or not.

use crate::config::BaseUrl;
use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::{display_path, plural, Diagnostic, Diagnostics};
use crate::output::{self, Discard, Staging};
use crate::render::{self, theme::Theme, Counts};
use crate::Verbosity;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// What `build` (with an output folder) or `check` (without) was asked to do.
pub struct BuildOptions {
    pub site: PathBuf,
    /// `None` for `check`: render everything, write nothing.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    pub verbosity: Verbosity,
}

/// Builds (or checks) a site; the exit code says whether the user's files are fine.
pub fn build(options: &BuildOptions) -> ExitCode {
    let started = Instant::now();
    let verbose = options.verbosity == Verbosity::Verbose;
    let (mut site, mut diagnostics) = content::load(
        &options.site,
        LoadOptions {
            drafts: options.drafts,
            cache: None,
        },
    );
    if let Some(url) = &options.base_url {
        match BaseUrl::parse(url) {
            Ok(url) => site.config.base_url = Some(url),
            Err(message) => {
                eprintln!("error: --base-url: {message}");
                return ExitCode::from(2);
            }
        }
    }
    if verbose {
        eprintln!(
            "loaded {} pages in {:.1?}",
            site.pages().count(),
            started.elapsed()
        );
    }
    let theme = load_theme(options, &site, &mut diagnostics);
    let staging = match (&options.out, diagnostics.has_errors()) {
        (Some(out), false) => match stage(options, out) {
            Ok(staging) => Some(staging),
            Err(d) => return fail(diagnostics, d),
        },
        _ => None,
    };
    let rendering = Instant::now();
    let counts = theme.map(|theme| {
        let sink: &dyn render::Sink = match &staging {
            Some(staging) => staging,
            None => &Discard,
        };
        let progress = options.verbosity != Verbosity::Quiet;
        let (counts, problems) = render::render_site(&site, &theme, sink, progress);
        diagnostics.extend(problems.iter().cloned());
        counts
    });
    if verbose {
        eprintln!("rendered in {:.1?}", rendering.elapsed());
    }
    let failed = diagnostics.has_errors() || (options.strict && diagnostics.warnings() > 0);
    if failed {
        if let Some(staging) = staging {
            staging.abandon();
        }
        let note = options
            .out
            .as_ref()
            .map(|_| "build failed; the previous output was left as it was");
        diagnostics.print_with_note(note);
        return ExitCode::from(1);
    }
    diagnostics.print();
    let counts = counts.unwrap_or_default();
    match staging {
        Some(staging) => put_in_place(staging, options, &site, &counts, started),
        None => {
            if options.verbosity != Verbosity::Quiet {
                println!(
                    "Checked {} in {} ms: no errors",
                    plural(counts.pages, "page"),
                    started.elapsed().as_millis()
                );
            }
            ExitCode::SUCCESS
        }
    }
}

/// The site's theme, its problems among the build's.
fn load_theme(options: &BuildOptions, site: &Site, diagnostics: &mut Diagnostics) -> Option<Theme> {
    match Theme::load(&options.site, &site.config) {
        Ok(mut theme) => {
            diagnostics.extend(std::mem::take(&mut theme.problems));
            Some(theme)
        }
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    }
}

/// The folder the build is written into before it replaces `out`.
fn stage(options: &BuildOptions, out: &Path) -> Result<Staging, Diagnostic> {
    let staging = output::stage(&options.site, out)?;
    if options.verbosity == Verbosity::Verbose {
        for folder in &staging.removed {
            eprintln!(
                "removed {}, left behind by a build that was stopped",
                display_path(folder).display()
            );
        }
    }
    Ok(staging)
}

/// Swaps the finished build in for the previous one and says what was built.
fn put_in_place(
    staging: Staging,
    options: &BuildOptions,
    site: &Site,
    counts: &Counts,
    started: Instant,
) -> ExitCode {
    match staging.commit() {
        Ok(out) => {
            if options.verbosity != Verbosity::Quiet && site.config.base_url.is_none() {
                println!("Feeds and sitemap skipped: they need the site's address (base_url in site.yaml, or --base-url)");
            }
            if options.verbosity != Verbosity::Quiet {
                let drawn = match counts.cards_drawn {
                    0 => String::new(),
                    n => format!(", {} drawn", plural(n, "card")),
                };
                println!(
                    "Built {} ({} files{drawn}) in {} ms → {}",
                    plural(counts.pages, "page"),
                    counts.files,
                    started.elapsed().as_millis(),
                    display_path(&out).display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let out = options.out.as_deref().map(display_path).unwrap_or_default();
            eprintln!(
                "{}: error: could not put the new build in place ({e}); the previous output is as it was",
                out.display()
            );
            ExitCode::from(1)
        }
    }
}

fn fail(mut diagnostics: Diagnostics, last: Diagnostic) -> ExitCode {
    diagnostics.push(last);
    diagnostics.print();
    ExitCode::from(1)
}
