//! `rapport serve`: the site built into memory, served on loopback, rebuilt
//! on every save, with open pages reloading themselves.
//!
//! The threads: one accepts connections ([`listen`]) and gives each a
//! thread of its own while it lasts ([`connection`], [`request`], [`http`]);
//! one writes the build events to the open pages ([`state`]); one waits for
//! changes and rebuilds ([`watch`], [`rebuild`]); the main one waits for
//! Ctrl-C and then stops the others. Nothing is written to disk, so stopping
//! at any moment leaves nothing half-written.

mod connection;
mod http;
mod listen;
mod rebuild;
mod request;
mod state;
mod watch;

use crate::diagnostics::{display_path, plural};
use crate::Verbosity;
use rebuild::{Builder, Report};
use state::{Shared, Snapshot};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};
use watch::{Message, SiteWatcher};

/// How often idle event streams are checked.
const PING: Duration = Duration::from_secs(15);
/// Ports tried after a busy default one.
const NEXT_PORTS: u16 = 10;

pub struct ServeOptions {
    pub site: PathBuf,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub host: IpAddr,
    pub open: bool,
    pub drafts: bool,
    pub verbosity: Verbosity,
}

pub fn serve(options: &ServeOptions) -> ExitCode {
    let root = match std::fs::canonicalize(&options.site) {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "{}: error: cannot open the site's folder: {e}",
                options.site.display()
            );
            return ExitCode::from(1);
        }
    };
    let quiet = options.verbosity == Verbosity::Quiet;
    // First of all, before the build opens files: the soft limit on open
    // files raised as far as the system allows (256 on macOS by default).
    let slots = listen::Slots::new(listen::connection_cap());
    let listener = match bind(options) {
        Ok(listener) => listener,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let address = listener
        .local_addr()
        .expect("a bound socket has an address");

    let mut builder = Builder::new(&root, options.drafts);
    let snapshot = first_build(&mut builder, quiet);
    let shared = Arc::new(Shared::new(snapshot));

    let (sender, messages) = mpsc::channel();
    let mut watcher = match SiteWatcher::new(&root, sender.clone()) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", root.display());
            return ExitCode::from(1);
        }
    };

    announce(address, &root, quiet, options.open);

    let stopping = Arc::new(AtomicBool::new(false));
    let (stop_sender, stop) = mpsc::channel();
    let handler = {
        let stopping = stopping.clone();
        move || {
            if stopping.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            let _ = stop_sender.send(());
        }
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: Ctrl-C will stop the server abruptly: {e}");
    }

    let acceptor = {
        let (shared, stopping) = (shared.clone(), stopping.clone());
        thread::spawn(move || listen::accept_loop(&listener, &slots, &shared, &stopping))
    };
    let pinger = {
        let (shared, stopping) = (shared.clone(), stopping.clone());
        thread::spawn(move || {
            while !stopping.load(Ordering::SeqCst) {
                thread::park_timeout(PING);
                shared.ping();
            }
        })
    };
    let rebuilder = {
        let shared = shared.clone();
        let verbosity = options.verbosity;
        thread::spawn(move || {
            while let Some(batch) = watcher.next_batch(&messages) {
                rebuild_and_tell(&mut builder, &batch, &shared, &root, verbosity);
            }
        })
    };

    let _ = stop.recv();
    let _ = sender.send(Message::Stop);
    let _ = rebuilder.join();
    // The accept loop sees `stopping` once a connection wakes it up. The
    // connections still open end with the process.
    let _ = TcpStream::connect_timeout(&wake_address(address), PING);
    let _ = acceptor.join();
    shared.close_streams();
    pinger.thread().unpark();
    let _ = pinger.join();
    if !quiet {
        println!("Stopped.");
    }
    ExitCode::SUCCESS
}

/// Says where the site is served and what is watched; opens the browser.
fn announce(address: SocketAddr, root: &Path, quiet: bool, open: bool) {
    let url = url_of(address);
    println!("Serving at {url}");
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} — every device that can reach this machine can read the site",
            address.ip()
        );
    }
    if !quiet {
        println!(
            "Watching {} for changes; Ctrl-C stops.",
            display_path(root).display()
        );
    }
    if open {
        open_browser(&url);
    }
}

/// The first build, before the server starts: a failed one still starts
/// it, with the errors shown on every page until a save fixes them.
fn first_build(builder: &mut Builder, quiet: bool) -> Snapshot {
    let first = Instant::now();
    match builder.rebuild(&[]) {
        Ok(mut report) => {
            report.warnings.print();
            if !quiet {
                println!(
                    "Built {} in {} ms",
                    plural(report.pages, "page"),
                    first.elapsed().as_millis()
                );
            }
            Snapshot {
                build: 1,
                files: report.files,
                cards: report.cards,
                errors: "[]".into(),
            }
        }
        Err(mut diagnostics) => {
            diagnostics.print_with_note(Some(
                "the build failed; the server starts anyway and builds again on every save",
            ));
            Snapshot {
                build: 0,
                files: Default::default(),
                cards: Default::default(),
                errors: http::errors_json(&diagnostics),
            }
        }
    }
}

/// Binds the address asked for; a busy default port moves on to the next
/// free one, a busy chosen port is an error.
fn bind(options: &ServeOptions) -> Result<TcpListener, String> {
    let busy = |port: u16, e: std::io::Error| {
        format!(
            "cannot listen on {}: {e}",
            SocketAddr::new(options.host, port)
        )
    };
    match options.port {
        Some(port) => TcpListener::bind((options.host, port)).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "\n  hint: another program uses that port; choose another with --port, or --port 0 for any free one"
            } else {
                ""
            };
            format!("{}{hint}", busy(port, e))
        }),
        None => {
            let first = 1111;
            let mut last_error = None;
            for port in first..=first + NEXT_PORTS {
                match TcpListener::bind((options.host, port)) {
                    Ok(listener) => {
                        if port != first {
                            eprintln!("note: port {first} is busy; using {port} instead");
                        }
                        return Ok(listener);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last_error = Some(e),
                    Err(e) => return Err(busy(port, e)),
                }
            }
            Err(format!(
                "{}\n  hint: ports {first} to {} are all busy; choose one with --port, or --port 0 for any free one",
                busy(first + NEXT_PORTS, last_error.expect("a port was tried")),
                first + NEXT_PORTS
            ))
        }
    }
}

/// The address to open in a browser: a wildcard address becomes loopback.
fn url_of(address: SocketAddr) -> String {
    format!("http://{}/", wake_address(address))
}

/// An address that reaches the server from this machine.
fn wake_address(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        eprintln!("note: could not open a browser ({program}: {e}); open {url} yourself");
    }
}

/// Rebuilds after one batch of changes, then tells the open pages: reload,
/// swap the stylesheets, or show the errors.
fn rebuild_and_tell(
    builder: &mut Builder,
    batch: &watch::Batch,
    shared: &Shared,
    root: &Path,
    verbosity: Verbosity,
) {
    let what = describe(&batch.paths, root);
    // A bug in rapport must not take the server down with it.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.rebuild(&batch.paths)
    }))
    .unwrap_or_else(|_| {
        Err(rebuild::internal_error(
            "rapport failed while rebuilding (a bug: please report it); the last good build is still served".into(),
        ))
    });
    match outcome {
        Ok(report) => told_of_success(report, shared, &what, batch.last_event, verbosity),
        Err(mut diagnostics) => {
            // The terminal first: whoever the pages' panel sends there finds it.
            eprintln!("{what}:");
            diagnostics.print_with_note(Some("still serving the last good build"));
            let errors = http::errors_json(&diagnostics);
            let previous = shared.snapshot();
            shared.publish(Snapshot {
                build: previous.build,
                files: previous.files.clone(),
                cards: previous.cards.clone(),
                errors: errors.clone(),
            });
            shared.broadcast("errors", &format!("{{\"errors\":{errors}}}"));
        }
    }
}

fn told_of_success(
    mut report: Report,
    shared: &Shared,
    what: &str,
    last_event: Instant,
    verbosity: Verbosity,
) {
    let previous = shared.snapshot();
    let had_errors = previous.errors != "[]";
    if report.changed.is_empty() && !had_errors {
        if verbosity == Verbosity::Verbose {
            println!("{what}: nothing in the site changed");
        }
        return;
    }
    let build = previous.build + 1;
    shared.publish(Snapshot {
        build,
        files: report.files.clone(),
        cards: report.cards.clone(),
        errors: "[]".into(),
    });
    let css_only = !report.changed.is_empty() && report.changed.iter().all(|p| p.ends_with(".css"));
    shared.broadcast(
        "reload",
        &format!("{{\"build\":{build},\"css\":{css_only}}}"),
    );
    let since_save = last_event.elapsed();
    report.warnings.print();
    if verbosity != Verbosity::Quiet {
        let rendered = if report.full {
            format!("all {}", plural(report.rendered, "page"))
        } else {
            format!("{} of {}", report.rendered, report.pages)
        };
        println!(
            "{what}: rendered {rendered} in {} ms; {} told {} ms after the last change{}",
            report.took.as_millis(),
            plural(shared.listeners(), "page"),
            since_save.as_millis(),
            if css_only { " (styles only)" } else { "" },
        );
        if verbosity == Verbosity::Verbose && report.quick {
            println!("  the edited pages were read again alone");
        }
        if verbosity == Verbosity::Verbose && !report.steps.is_empty() {
            let steps: Vec<String> = report
                .steps
                .iter()
                .map(|(name, took)| format!("{name} {:.1} ms", took.as_secs_f64() * 1000.0))
                .collect();
            println!("  {}", steps.join(", "));
        }
    }
}

/// `content/guide/a.md`, or `content/guide/a.md and 3 more`.
fn describe(paths: &[PathBuf], root: &Path) -> String {
    let name = |path: &PathBuf| {
        let rel = path.strip_prefix(root).unwrap_or(path);
        if rel.as_os_str().is_empty() {
            "the whole site".to_string()
        } else {
            crate::content::rel_string(rel)
        }
    };
    // A temporary file renamed over the real one is gone by now.
    let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
    let paths = if existing.is_empty() {
        paths
    } else {
        &existing
    };
    match paths {
        [] => "nothing".into(),
        [one] => name(one),
        [first, rest @ ..] => format!("{} and {} more", name(first), rest.len()),
    }
}
