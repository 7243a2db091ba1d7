//! rapport: a static-site generator for client-relationship playbooks.
//!
//! The command line: each command is one function in [`commands`]. Exit codes:
//! 0 ok, 1 a problem in the user's files, 2 a usage error (clap's own).

mod checklist;
mod commands;
mod config;
mod content;
mod diagnostics;
mod markdown;
mod output;
mod render;
mod scaffold;
mod schema;
mod search;
mod serve;
mod shortcode;
mod slug;
mod yaml;

use clap::{Parser, Subcommand, ValueEnum};

// Rendering allocates many small strings on every thread; mimalloc's per-thread
// heaps make a 10,000-page build markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn a folder of Markdown articles into a browsable handbook of plain HTML.
#[derive(Parser)]
#[command(name = "rapport", version, about, propagate_version = true)]
struct Cli {
    /// Print only errors and warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what each step did and how long it took.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a new playbook: the example one, or a blank skeleton with --minimal.
    #[command(
        after_help = "Example:\n  rapport init my-playbook && cd my-playbook && rapport build\n  rapport init my-practice --minimal"
    )]
    Init {
        /// Folder to create the playbook in; it must be empty or not exist yet.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write a blank skeleton for your own practice instead of the example
        /// (site.yaml, one section, one article, one checklist).
        #[arg(long)]
        minimal: bool,
    },
    /// Write JSON Schemas of checklists, front matter and site.yaml, for editors' completion and checks.
    #[command(
        after_help = "Writes checklist.schema.json, front-matter.schema.json and site.schema.json,\nreplacing earlier versions of them. Run it at the site's root after upgrading rapport.\n\nExample:\n  rapport schema --out schemas"
    )]
    Schema {
        /// Folder to write the schemas into.
        #[arg(short, long, value_name = "DIR", default_value = "schemas")]
        out: PathBuf,
    },
    /// Build the site into an output folder, replacing the previous build at once.
    #[command(
        after_help = "Example:\n  rapport build . --out /tmp/handbook --base-url https://example.com/handbook/"
    )]
    Build {
        /// The site's folder (the one with site.yaml and content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder [default: SITE/public].
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Where the site will be published (overrides site.yaml's base_url).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build the site into memory and serve it, rebuilding and reloading open pages on every save.
    #[command(after_help = "Example:\n  rapport serve path/to/site --port 8080 --open")]
    Serve {
        /// The site's folder (the one with site.yaml and content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Port to listen on; 0 picks any free one [default: 1111, or the next free port]
        #[arg(short, long)]
        port: Option<u16>,
        /// Address to listen on; anything but loopback lets other machines read the site.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR", value_parser = parse_host)]
        host: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check every file of the site and report all problems; writes nothing.
    #[command(after_help = "Example:\n  rapport check path/to/site")]
    Check {
        /// The site's folder (the one with site.yaml and content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Create a new file from a template, in the right place under content/.
    #[command(
        after_help = "Examples:\n  rapport new article loyalty/thank-you-notes\n  rapport new checklist checklists/are-we-a-fit"
    )]
    New {
        /// What to create.
        kind: NewKind,
        /// Its path under content/, without extension: `SECTION/NAME` or `NAME`.
        name: String,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    /// A Markdown article, created as a draft.
    Article,
    /// A fit checklist (YAML), a commented starter created as a draft.
    Checklist,
}

/// How much to print besides problems.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Init { dir, minimal } => scaffold::init(&dir, minimal, verbosity),
        Command::Schema { out } => schema::command(&out, verbosity),
        Command::Build {
            site,
            out,
            base_url,
            drafts,
            strict,
        } => {
            let out = out.unwrap_or_else(|| site.join("public"));
            commands::build(&commands::BuildOptions {
                site,
                out: Some(out),
                base_url,
                drafts,
                strict,
                verbosity,
            })
        }
        Command::Check {
            site,
            drafts,
            strict,
        } => commands::build(&commands::BuildOptions {
            site,
            out: None,
            base_url: None,
            drafts,
            strict,
            verbosity,
        }),
        Command::Serve {
            site,
            port,
            host,
            open,
            drafts,
        } => serve::serve(&serve::ServeOptions {
            site,
            port,
            host,
            open,
            drafts,
            verbosity,
        }),
        Command::New { kind, name, site } => {
            let kind = match kind {
                NewKind::Article => scaffold::NewFile::Article,
                NewKind::Checklist => scaffold::NewFile::Checklist,
            };
            scaffold::new_file(&site, kind, &name, verbosity)
        }
    }
}

/// An IP address, or `localhost`.
fn parse_host(text: &str) -> Result<std::net::IpAddr, String> {
    match text {
        "localhost" => Ok(std::net::Ipv4Addr::LOCALHOST.into()),
        _ => text
            .parse()
            .map_err(|_| format!("`{text}` is not an IP address (such as 127.0.0.1 or 0.0.0.0)")),
    }
}
