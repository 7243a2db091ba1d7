//! `rapport serve`, run for real: a server on a free loopback port against a
//! temporary copy of a fixture site, spoken to over plain HTTP, with files
//! edited on disk the ways editors do.

mod common;

use common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Long enough for a slow CI machine; the server is much faster.
const WAIT: Duration = Duration::from_secs(15);

/// A running `rapport serve`, stopped (SIGINT) when dropped.
struct Server {
    child: Child,
    address: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

impl Server {
    fn start(site: &TestSite, args: &[&str]) -> Server {
        Server::start_with(site, args, |_| {})
    }

    /// Starts the server with its command changed first by `prepare`.
    fn start_with(site: &TestSite, args: &[&str], prepare: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command
            .arg("serve")
            .args(args)
            .current_dir(site.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        prepare(&mut command);
        let mut child = command.spawn().unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            address: String::new(),
            stdout,
            stderr,
        };
        let line = server
            .wait_for_line(|line| line.starts_with("Serving at "))
            .expect("`Serving at <url>` on stdout");
        let url = line.trim_start_matches("Serving at ");
        server.address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server
    }

    /// Waits for a line of stdout that `wanted` accepts; the lines before it are dropped.
    fn wait_for_line(&mut self, wanted: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if wanted(&line) => return Some(line),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }

    fn port(&self) -> &str {
        self.address.rsplit(':').next().unwrap()
    }

    /// Sends a raw request target (no normalising on the way) and returns
    /// the status, the headers (lower-case names) and the body.
    fn get(&self, target: &str) -> Response {
        request(&self.address, target)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /__rapport/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let mut status = String::new();
        events.reader.read_line(&mut status).unwrap();
        assert!(status.contains("200"), "{status}");
        let (event, _) = events.next().expect("a hello event");
        assert_eq!(event, "hello");
        events
    }

    /// Stops the server with Ctrl-C; returns its exit code and the rest of stdout.
    fn interrupt(mut self) -> (Option<i32>, String) {
        interrupt(&self.child);
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not stop after Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let rest: Vec<String> = self.stdout.try_iter().collect();
        (status, rest.join("\n"))
    }

    /// Whether a line of stderr that `wanted` accepts comes in time.
    fn stderr_says(&self, wanted: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) if wanted(&line) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn request(address: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    // One write: the server may answer (503) before reading, and a second
    // write after its close would fail.
    let head = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut head_lines = head.lines();
    let status = head_lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers = head_lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// An open event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event (name, data); `None` when none comes in time.
    fn next(&mut self) -> Option<(String, String)> {
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !event.is_empty() {
                    return Some((event, data));
                }
                continue;
            }
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }

    /// Waits for the named event, skipping others.
    fn wait_for(&mut self, name: &str) -> String {
        loop {
            match self.next() {
                Some((event, data)) if event == name => return data,
                Some(_) => {}
                None => panic!("no `{name}` event came"),
            }
        }
    }

    /// Whether any event comes within `time`.
    fn quiet_for(&mut self, time: Duration) -> bool {
        self.reader.get_ref().set_read_timeout(Some(time)).unwrap();
        let quiet = self.next().is_none();
        self.reader.get_ref().set_read_timeout(Some(WAIT)).unwrap();
        quiet
    }
}

fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn an_edit_reaches_the_page_in_place_and_by_rename() {
    let site = TestSite::fixture("basic");
    let mut server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();
    let page = server.get("/zeta/a-first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First by title"));

    let article = site.path().join("content/zeta/a-first.md");
    append(&article, "\nA sentence written in place.\n");
    let reload = events.wait_for("reload");
    assert!(reload.contains("\"css\":false"), "{reload}");
    assert!(server
        .get("/zeta/a-first/")
        .body
        .contains("A sentence written in place."));
    // The search index has the new words (a small site's index is made
    // again; a big one's is updated in place, see src/search/tests.rs).
    let index = server.get("/search-index.js").body;
    assert!(index.contains("\"written \""), "{index}");

    // Editors that save safely write a temporary file and rename it.
    let text = std::fs::read_to_string(&article).unwrap();
    let temporary = site.path().join("content/zeta/.a-first.md.tmp");
    std::fs::write(&temporary, text + "\nA sentence saved by rename.\n").unwrap();
    std::fs::rename(&temporary, &article).unwrap();
    events.wait_for("reload");
    assert!(server
        .get("/zeta/a-first/")
        .body
        .contains("A sentence saved by rename."));

    // Every rebuild says what it did and how long after the save the page knew.
    let line = server
        .wait_for_line(|line| line.contains("content/zeta/a-first.md"))
        .expect("a line about the rebuild");
    assert!(line.contains("rendered 1 of"), "{line}");
    assert!(line.contains("ms after the last change"), "{line}");
}

#[test]
fn a_stylesheet_change_asks_pages_to_swap_styles_only() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();
    std::fs::write(
        site.path().join("static/extra.css"),
        "body { color: #010203; }\n",
    )
    .unwrap();
    let reload = events.wait_for("reload");
    assert!(reload.contains("\"css\":true"), "{reload}");
    assert_eq!(
        server.get("/extra.css?rapport-build=2").body,
        "body { color: #010203; }\n"
    );
}

#[test]
fn a_broken_file_is_shown_while_the_last_good_site_is_still_served() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();
    let article = site.path().join("content/zeta/a-first.md");
    let good = std::fs::read_to_string(&article).unwrap();

    std::fs::write(
        &article,
        good.replace("title: A by title", "title: [unclosed"),
    )
    .unwrap();
    let errors = events.wait_for("errors");
    assert!(
        errors.contains("\"path\":\"content/zeta/a-first.md\"") && errors.contains("\"line\":"),
        "{errors}"
    );
    let page = server.get("/zeta/a-first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First by title"));
    let status = server.get("/__rapport/status");
    assert!(status.body.contains("a-first.md"), "{}", status.body);
    assert!(server.stderr_says(|line| line.contains("still serving the last good build")));

    std::fs::write(&article, good.replace("First by title", "Fixed and back")).unwrap();
    events.wait_for("reload");
    assert!(server.get("/zeta/a-first/").body.contains("Fixed and back"));
    assert!(server
        .get("/__rapport/status")
        .body
        .contains("\"errors\":[]"));
}

#[test]
fn the_server_survives_a_template_error_and_a_deleted_content_folder() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();

    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | nope }}{% endblock %}",
    );
    let errors = events.wait_for("errors");
    assert!(errors.contains("article.html"), "{errors}");
    assert_eq!(server.get("/zeta/a-first/").status, 200);
    site.remove("templates/article.html");
    events.wait_for("reload");

    let content = site.path().join("content");
    let moved = site.path().join("content-elsewhere");
    std::fs::rename(&content, &moved).unwrap();
    let errors = events.wait_for("errors");
    assert!(errors.contains("no content/ folder"), "{errors}");
    assert!(server.get("/zeta/a-first/").body.contains("First by title"));
    std::fs::rename(&moved, &content).unwrap();
    events.wait_for("reload");
    append(&content.join("zeta/a-first.md"), "\nWatched again.\n");
    events.wait_for("reload");
    assert!(server.get("/zeta/a-first/").body.contains("Watched again."));
}

#[test]
fn editors_swap_files_and_backups_do_not_rebuild() {
    let site = TestSite::fixture("basic");
    // --verbose: a rebuild that changes nothing is reported too.
    let mut server = Server::start(&site, &["--port", "0", "--verbose"]);
    let mut events = server.events();
    for litter in [
        "content/zeta/.a-first.md.swp",
        "content/zeta/4913",
        "content/zeta/a-first.md~",
        "content/zeta/#a-first.md#",
        "static/.extra.css.swp",
    ] {
        site.write(litter, "scratch");
    }
    site.remove("content/zeta/4913");
    assert!(events.quiet_for(Duration::from_millis(600)));
    let rebuilt: Vec<String> = server
        .stdout
        .try_iter()
        .filter(|l| l.contains("content/"))
        .collect();
    assert!(rebuilt.is_empty(), "{rebuilt:?}");
    // The watcher is still there for real changes.
    append(&site.path().join("content/zeta/a-first.md"), "\nReal.\n");
    events.wait_for("reload");
    // A save that changes nothing the site shows rebuilds without reloading.
    site.write("content/zeta/a-first.md~", "another backup");
    let touched = site.path().join("content/zeta/b-second.md");
    let text = std::fs::read_to_string(&touched).unwrap();
    std::fs::write(&touched, text).unwrap();
    assert!(events.quiet_for(Duration::from_millis(600)));
    let line = server
        .wait_for_line(|line| line.contains("b-second.md"))
        .expect("a line about the save");
    assert!(line.contains("nothing in the site changed"), "{line}");
}

#[test]
fn a_burst_of_new_files_ends_in_a_site_with_all_of_them() {
    let site = TestSite::fixture("basic");
    let mut server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();
    for n in 0..300 {
        site.write(
            &format!("content/zeta/burst-{n:03}.md"),
            format!("---\ntitle: Burst {n:03}\n---\n\nText {n}.\n"),
        );
    }
    events.wait_for("reload");
    // Further rebuilds, if the burst was split, come soon after.
    while !events.quiet_for(Duration::from_millis(1500)) {}
    let section = server.get("/zeta/");
    for n in 0..300 {
        assert!(
            section.body.contains(&format!("Burst {n:03}")),
            "Burst {n:03}"
        );
    }
    let rebuilds = std::iter::from_fn(|| server.stdout.try_recv().ok())
        .filter(|line| line.contains("rendered"))
        .count();
    assert!((1..=3).contains(&rebuilds), "{rebuilds} rebuilds");
    let _ = server.wait_for_line(|_| true);
}

#[test]
fn only_the_sites_files_are_served() {
    let site = TestSite::fixture("basic");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/hostname", site.path().join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", site.path().join("content/zeta/notes.txt"))
            .unwrap();
    }
    let server = Server::start(&site, &["--port", "0"]);
    for target in [
        "/../../../../etc/passwd",
        "/zeta/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5cwindows%5cwin.ini",
        "/zeta\\..\\..\\secret",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/zeta/notes.txt",
        "/site.yaml",
        "/content/zeta/a-first.md",
        "http://elsewhere.example/../etc/passwd",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(!response.body.contains("root:"), "{target}");
    }
}

#[test]
fn files_have_their_content_types_and_folders_their_index() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/zeta/", "text/html; charset=utf-8"),
        ("/zeta/a-first/index.html", "text/html; charset=utf-8"),
        ("/theme/style.css", "text/css; charset=utf-8"),
        ("/theme/checklist.js", "text/javascript; charset=utf-8"),
        ("/logo.svg", "image/svg+xml"),
        ("/__rapport/status", "application/json"),
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{target}"
        );
        assert_eq!(
            response.header("cache-control"),
            Some("no-store"),
            "{target}"
        );
    }
    let folder = server.get("/zeta");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/zeta/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    // The site's 404 page links back with addresses that work at any depth.
    assert!(missing.body.contains("href=\"/index.html\""));
}

#[test]
fn only_served_pages_carry_the_live_reload_script() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let page = server.get("/zeta/a-first/").body;
    assert!(
        page.contains("<script src=\"/__rapport/live.js\" data-build=\"1\" defer></script></head>")
    );
    assert!(page.contains("connect-src 'self'"));
    assert!(server
        .get("/__rapport/live.js")
        .body
        .contains("EventSource"));
    drop(server);
    site.build().expect(0);
    for file in site.html_files() {
        let html = site.output(&file);
        assert!(!html.contains("__rapport"), "{file}");
        assert!(!html.contains("connect-src"), "{file}");
    }
}

#[test]
fn a_busy_port_is_a_clear_error_and_other_hosts_are_announced() {
    let site = TestSite::fixture("basic");
    let first = Server::start(&site, &["--port", "0"]);
    let busy = site.run(&["serve", "--port", first.port()]).expect(1);
    assert!(
        busy.stderr.contains("cannot listen on 127.0.0.1:"),
        "{}",
        busy.stderr
    );
    assert!(busy.stderr.contains("--port 0"), "{}", busy.stderr);

    let mut open = Server::start(&site, &["--port", "0", "--host", "0.0.0.0"]);
    assert!(open.address.starts_with("127.0.0.1:"), "{}", open.address);
    let deadline = Instant::now() + WAIT;
    let mut stderr = String::new();
    while !stderr.contains("warning: listening on 0.0.0.0") && Instant::now() < deadline {
        if let Ok(line) = open.stderr.recv_timeout(Duration::from_millis(100)) {
            stderr += &line;
        }
    }
    assert!(
        stderr.contains("every device that can reach this machine"),
        "{stderr}"
    );
    assert_eq!(open.get("/").status, 200);
    let _ = open.wait_for_line(|_| true);
}

#[test]
fn ctrl_c_stops_the_server_cleanly_with_pages_listening() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let _events = server.events();
    let address = server.address.clone();
    let (code, stdout) = server.interrupt();
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Stopped."), "{stdout}");
    assert!(TcpStream::connect(address).is_err());
    assert!(!site.path().join("public").exists(), "serve writes nothing");
}

/// Sends `bytes` on a new connection and reads until the server closes it:
/// what came back, and how long the server took to close.
fn exchange(address: &str, bytes: &[u8]) -> (String, Duration) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let started = Instant::now();
    stream.write_all(bytes).unwrap();
    let mut raw = Vec::new();
    let closed = stream.read_to_end(&mut raw);
    assert!(
        closed.is_ok(),
        "the server did not close the connection: {closed:?}"
    );
    (
        String::from_utf8_lossy(&raw).into_owned(),
        started.elapsed(),
    )
}

/// Far less than the time an idle connection is given (5 s): a connection
/// closed within it was closed for having answered, not for being idle.
const PROMPTLY: Duration = Duration::from_secs(2);

#[test]
fn connection_close_and_http_1_0_get_their_answer_then_the_end_of_the_connection() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    for request in [
        "GET /zeta/a-first/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /zeta/a-first/ HTTP/1.0\r\n\r\n",
        "HEAD /zeta/a-first/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let (answer, took) = exchange(&server.address, request.as_bytes());
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains("\r\nConnection: close\r\n"), "{answer}");
        assert_eq!(
            answer.contains("First by title"),
            request.starts_with("GET"),
            "{request}"
        );
        assert!(took < PROMPTLY, "{request}: closed after {took:?}");
    }
    // Otherwise one connection carries several requests, even sent at once.
    let two = "GET /theme/style.css HTTP/1.1\r\nHost: x\r\n\r\n\
               GET /zeta/a-first/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let (answers, took) = exchange(&server.address, two.as_bytes());
    assert_eq!(
        answers.matches("HTTP/1.1 200 OK\r\n").count(),
        2,
        "{answers}"
    );
    assert!(answers.contains("Keep-Alive: timeout=5"), "{answers}");
    assert!(answers.ends_with("</html>\n"), "{answers}");
    assert!(took < PROMPTLY, "closed after {took:?}");
}

#[test]
fn requests_that_are_not_http_get_400_and_are_closed() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    for bad in [
        &b"GET /caf\xc3\xa9/ HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"GET /\xff\xfe\x80 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\n",
        b"complete nonsense\r\n\r\n",
    ] {
        let (answer, took) = exchange(&server.address, bad);
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{}: {answer}",
            String::from_utf8_lossy(bad)
        );
        assert!(took < PROMPTLY, "closed after {took:?}");
    }
    // The same address written properly is a request like any other, and
    // the server answers the next connections as before.
    assert_eq!(server.get("/caf%C3%A9/").status, 404);
    assert_eq!(server.get("/zeta/a-first/").status, 200);
}

#[test]
fn slow_and_idle_connections_are_closed_but_event_streams_stay_open() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let mut events = server.events();
    let address = server.address.clone();
    let half = std::thread::spawn({
        let address = address.clone();
        move || exchange(&address, b"GET /zeta/a-first/ HTTP/1.1\r\nHost: x\r\n")
    });
    let silent = std::thread::spawn({
        let address = address.clone();
        move || exchange(&address, b"")
    });
    let kept = exchange(&address, b"GET /zeta/ HTTP/1.1\r\nHost: x\r\n\r\n");

    let (answer, took) = half.join().unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{answer}"
    );
    assert!(took >= Duration::from_secs(4) && took < WAIT, "{took:?}");
    let (answer, took) = silent.join().unwrap();
    assert_eq!(answer, "");
    assert!(took >= Duration::from_secs(4) && took < WAIT, "{took:?}");
    // A kept-alive connection gets its answer, then is closed once idle.
    let (answer, took) = kept;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(took >= Duration::from_secs(4) && took < WAIT, "{took:?}");

    // The page's event stream, quiet all that time, still works.
    append(
        &site.path().join("content/zeta/a-first.md"),
        "\nStill live.\n",
    );
    events.wait_for("reload");
    assert!(server.get("/zeta/a-first/").body.contains("Still live."));
}

#[cfg(unix)]
#[test]
fn a_server_short_of_file_descriptors_says_busy_then_serves_again() {
    use std::os::unix::process::CommandExt;
    /// The limit the server runs under: the macOS default is 256.
    const LIMIT: u64 = 256;
    let site = TestSite::fixture("basic");
    let server = Server::start_with(&site, &["--port", "0"], |command| {
        // SAFETY: setrlimit is a plain system call, safe between fork and exec.
        unsafe {
            command.pre_exec(|| rlimit::setrlimit(rlimit::Resource::NOFILE, LIMIT, LIMIT));
        }
    });
    // More idle connections than the server could ever hold open.
    let idle: Vec<TcpStream> = (0..LIMIT + 50)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    // Connections are accepted in turn: this one comes after all of them.
    let (answer, took) = exchange(&server.address, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(took < PROMPTLY, "waited {took:?} for {answer}");
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{answer}"
    );
    assert!(answer.contains("Retry-After: 1\r\n"), "{answer}");
    drop(idle);
    let deadline = Instant::now() + WAIT;
    let mut page = server.get("/zeta/a-first/");
    while page.status != 200 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        page = server.get("/zeta/a-first/");
    }
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First by title"));
    let (code, _) = server.interrupt();
    assert_eq!(code, Some(0), "the server stops cleanly after all that");
}

#[test]
fn a_pages_card_is_drawn_when_asked_for() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", "0"]);
    let page = server.get("/zeta/a-first/index.html");
    let start = "<meta property=\"og:image\" content=\"";
    let at = page.body.find(start).expect("an og:image") + start.len();
    let card = page.body[at..].split('"').next().unwrap().to_string();
    assert!(
        card.starts_with("/cards/") && card.ends_with(".png"),
        "{card}"
    );
    for _ in 0..2 {
        let response = server.get(&card);
        assert_eq!(response.status, 200, "{card}");
        assert_eq!(response.header("content-type"), Some("image/png"));
        let head: String = response.body.chars().take(4).collect();
        assert!(head.ends_with("PNG"), "not a PNG");
    }
    assert_eq!(
        server.get("/cards/000000000000000000000000.png").status,
        404
    );
}
