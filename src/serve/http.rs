//! Answering requests from the site in memory: only the built site's files,
//! each with its content type; the live-reload script put into every page;
//! build events streamed to the open pages (Server-Sent Events).

use super::rebuild::{CardFiles, Files};
use crate::diagnostics::{display_path, Diagnostics, Severity};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{mpsc, Arc, Mutex, RwLock};
use tiny_http::{Method, Request};

/// Where the server's own files live, apart from the site's.
const PREFIX: &str = "/__rapport/";
const LIVE_JS: &[u8] = include_bytes!("live.js");
const LIVE_CSS: &[u8] = include_bytes!("live.css");

/// What the server shows now.
pub struct Snapshot {
    /// Counts good builds; a page knows the one it came from.
    pub build: u64,
    pub files: Arc<Files>,
    /// Link preview cards, drawn when first asked for.
    pub cards: Arc<CardFiles>,
    /// The last rebuild's errors, as JSON (`[]` after a good build).
    pub errors: String,
}

/// Open event streams.
type Streams = Arc<Mutex<Vec<Box<dyn Write + Send>>>>;

/// State shared by the request threads and the builder.
pub struct Shared {
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// Open event streams.
    clients: Streams,
    /// Messages for the open streams, written by a thread of their own: a
    /// page that stops reading must not hold up a rebuild or a request.
    outbox: mpsc::Sender<String>,
    /// Changes each time the server starts: a page that reconnects to a new
    /// server reloads.
    server_id: String,
    /// Cards drawn so far, by file. A card's name says what it shows, so a
    /// drawn one stays right through every rebuild.
    drawn: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl Shared {
    pub fn new(snapshot: Snapshot) -> Shared {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let clients: Streams = Arc::default();
        let (outbox, messages) = mpsc::channel::<String>();
        let streams = clients.clone();
        std::thread::spawn(move || {
            for message in messages {
                // Written outside the lock, so that new pages can still join.
                let taken = std::mem::take(&mut *lock(&streams));
                let kept: Vec<_> = taken
                    .into_iter()
                    .filter_map(|mut client| {
                        let sent =
                            client.write_all(message.as_bytes()).is_ok() && client.flush().is_ok();
                        sent.then_some(client)
                    })
                    .collect();
                let mut clients = lock(&streams);
                let joined = std::mem::replace(&mut *clients, kept);
                clients.extend(joined);
            }
        });
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            clients,
            outbox,
            server_id: format!("{:x}", started.as_nanos()),
            drawn: Mutex::default(),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    /// Sends one event to every open page; those that have gone are forgotten.
    pub fn broadcast(&self, event: &str, data: &str) {
        let _ = self
            .outbox
            .send(format!("event: {event}\ndata: {data}\n\n"));
    }

    /// A comment line: keeps idle streams open and finds closed ones.
    pub fn ping(&self) {
        let _ = self.outbox.send(":\n\n".to_string());
    }

    /// How many pages listen for changes.
    pub fn listeners(&self) -> usize {
        lock(&self.clients).len()
    }

    /// Closes every event stream (when the server stops).
    pub fn close_streams(&self) {
        lock(&self.clients).clear();
    }

    /// The PNG of `card`, drawn now unless it was before.
    fn card(&self, card: &crate::render::card::Card) -> Result<Arc<[u8]>, String> {
        if let Some(png) = lock(&self.drawn).get(&card.path) {
            return Ok(png.clone());
        }
        // Drawn outside the lock: other requests go on meanwhile.
        let png: Arc<[u8]> = card.draw()?.into();
        lock(&self.drawn).insert(card.path.clone(), png.clone());
        Ok(png)
    }

    fn hello(&self) -> String {
        let snapshot = self.snapshot();
        format!(
            "retry: 1000\nevent: hello\ndata: {{\"server\":\"{}\",\"build\":{},\"errors\":{}}}\n\n",
            self.server_id, snapshot.build, snapshot.errors
        )
    }
}

/// Answers one request.
pub fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let body = b"Only GET and HEAD are served here.\n";
        let headers = [
            ("Allow", "GET, HEAD"),
            ("Content-Type", content_type("txt")),
        ];
        return respond(request, 405, &headers, body);
    }
    let target = request.url().to_string();
    let path = target.split(['?', '#']).next().unwrap_or("");
    match path.strip_prefix(PREFIX) {
        Some("events") if request.method() == &Method::Get => open_stream(request, shared),
        Some("live.js") => send(request, 200, "js", LIVE_JS.to_vec()),
        Some("live.css") => send(request, 200, "css", LIVE_CSS.to_vec()),
        Some("status") => {
            let snapshot = shared.snapshot();
            let json = format!(
                "{{\"build\":{},\"errors\":{}}}",
                snapshot.build, snapshot.errors
            );
            send(request, 200, "json", json.into_bytes());
        }
        Some("events") => {
            let headers = [("Allow", "GET"), ("Content-Type", content_type("txt"))];
            respond(
                request,
                405,
                &headers,
                b"The event stream answers GET only.\n",
            )
        }
        _ => serve_file(request, path, &target, shared),
    }
}

fn serve_file(request: Request, path: &str, target: &str, shared: &Shared) {
    let snapshot = shared.snapshot();
    let files = &snapshot.files;
    if files.is_empty() {
        // No build has succeeded yet: a page that shows the errors and
        // reloads once they are fixed.
        let page = inject(NO_BUILD_YET.as_bytes(), snapshot.build);
        return send(request, 503, "html", page);
    }
    let Some(key) = file_key(path) else {
        return not_found(request, path, &snapshot);
    };
    if let Some(bytes) = files.get(&key) {
        let extension = key.rsplit_once('.').map_or("", |(_, e)| e);
        let body = if extension == "html" {
            inject(bytes, snapshot.build)
        } else {
            bytes.to_vec()
        };
        return send(request, 200, extension, body);
    }
    if let Some(card) = snapshot.cards.get(&key) {
        return match shared.card(card) {
            Ok(png) => send(request, 200, "png", png.to_vec()),
            Err(message) => send(request, 500, "txt", message.into_bytes()),
        };
    }
    // A folder asked for without its final `/`: the page's relative links
    // need it.
    if !key.ends_with("index.html")
        && path.is_ascii()
        && files.contains_key(&format!("{key}/index.html"))
    {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return respond(
            request,
            301,
            &[("Location", &format!("{path}/{query}"))],
            b"",
        );
    }
    not_found(request, path, &snapshot)
}

/// The file an URL path names, or `None` for anything that is not a plain
/// path inside the site: `..` (also encoded), backslashes, NUL, empty
/// segments, absolute-form targets.
fn file_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let folder = decoded.is_empty() || decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty()
        && trimmed
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return None;
    }
    Some(if folder {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

/// `%xx` decoded; `None` when that is not UTF-8 or an escape is cut short.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site's own 404 page (of the language the path is in), with status 404.
fn not_found(request: Request, path: &str, snapshot: &Snapshot) {
    let files = &snapshot.files;
    let language = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .map(|first| format!("{first}/404.html"))
        .filter(|page| files.contains_key(page));
    match language
        .as_deref()
        .or(Some("404.html"))
        .and_then(|page| files.get(page))
    {
        Some(page) => send(request, 404, "html", inject(page, snapshot.build)),
        None => send(request, 404, "txt", b"Not found\n".to_vec()),
    }
}

fn open_stream(request: Request, shared: &Shared) {
    let mut stream = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let hello = shared.hello();
    let opened = stream.write_all(head.as_bytes()).is_ok()
        && stream.write_all(hello.as_bytes()).is_ok()
        && stream.flush().is_ok();
    if opened {
        lock(&shared.clients).push(stream);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn send(request: Request, status: u16, extension: &str, body: Vec<u8>) {
    respond(
        request,
        status,
        &[("Content-Type", content_type(extension))],
        &body,
    );
}

/// Writes the whole response in one piece. (tiny_http's own `respond` writes
/// the head and the body apart: on a kept-alive connection the body's last
/// packet then waits for the browser's delayed acknowledgement, 40 ms a file.)
fn respond(request: Request, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    // One request per connection: tiny_http gives each connection a thread
    // of its pool for as long as it stays open, and a browser's kept-alive
    // connections could leave a page's next requests waiting for one.
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    let mut bytes = response.into_bytes();
    if request.method() != &Method::Head {
        bytes.extend_from_slice(body);
    }
    let mut writer = request.into_writer();
    let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
}

fn content_type(extension: &str) -> &'static str {
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A served page: the live-reload script added before `</head>`, and the
/// page's Content-Security-Policy allowed to open the event stream (the built
/// files themselves never carry either).
fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" data-build=\"{build}\" defer></script>");
    let mut page = allow_event_stream(html);
    let at = find(&page, b"</head>")
        .or_else(|| find(&page, b"</body>"))
        .unwrap_or(page.len());
    page.splice(at..at, tag.into_bytes());
    page
}

/// Adds `connect-src 'self'` to a CSP `<meta>` that has no `connect-src`.
fn allow_event_stream(html: &[u8]) -> Vec<u8> {
    let mut page = html.to_vec();
    let Some(meta) = find(&page, b"http-equiv=\"Content-Security-Policy\"") else {
        return page;
    };
    let Some(end) = page[meta..]
        .iter()
        .position(|&b| b == b'>')
        .map(|i| meta + i)
    else {
        return page;
    };
    let tag = &page[meta..end];
    let content = b"content=\"";
    let Some(start) = find(tag, content).map(|i| meta + i + content.len()) else {
        return page;
    };
    let Some(close) = page[start..end]
        .iter()
        .position(|&b| b == b'"')
        .map(|i| start + i)
    else {
        return page;
    };
    if find(&page[start..close], b"connect-src").is_none() {
        page.splice(close..close, b"; connect-src 'self'".iter().copied());
    }
    page
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Errors as the pages' overlay shows them: JSON.
pub fn errors_json(diagnostics: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            serde_json::json!({
                "path": display_path(&d.path).display().to_string(),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

const NO_BUILD_YET: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>No build yet</title></head><body><main><h1>The site has not built yet</h1>\
<p>Fix the errors shown here and in the terminal; this page reloads by itself.</p></main></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_site_name_files() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(file_key("/guide/").as_deref(), Some("guide/index.html"));
        assert_eq!(
            file_key("/theme/style.css").as_deref(),
            Some("theme/style.css")
        );
        assert_eq!(
            file_key("/it/perch%C3%A9/").as_deref(),
            Some("it/perché/index.html")
        );
        for hostile in [
            "/../etc/passwd",
            "/guide/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fsecret",
            "/..%5c..%5cwindows",
            "/a\\b",
            "/a//b",
            "/./index.html",
            "/%00",
            "/%zz",
            "/%ff",
            "http://example.com/",
            "//etc/passwd",
        ] {
            assert_eq!(file_key(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn pages_get_the_script_and_a_policy_that_lets_it_listen() {
        let html = br#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"><title>x</title></head><body></body></html>"#;
        let served = String::from_utf8(inject(html, 7)).unwrap();
        assert!(served
            .contains(r#"content="default-src 'none'; script-src 'self'; connect-src 'self'""#));
        assert!(served
            .contains(r#"<script src="/__rapport/live.js" data-build="7" defer></script></head>"#));
        // A policy that already says where it may connect is left alone.
        let own = br#"<meta http-equiv="Content-Security-Policy" content="connect-src 'none'">"#;
        assert!(String::from_utf8(inject(own, 1)).unwrap().starts_with(
            r#"<meta http-equiv="Content-Security-Policy" content="connect-src 'none'">"#
        ));
    }
}
