//! What each request gets, from the site in memory: only the built site's
//! files, each with its content type; the live-reload script put into every
//! page; the server's own files and event stream under `/__rapport/`.

use super::request::Request;
use super::state::{Shared, Snapshot};
use crate::diagnostics::{display_path, Diagnostics, Severity};

/// Where the server's own files live, apart from the site's.
const PREFIX: &str = "/__rapport/";
const LIVE_JS: &[u8] = include_bytes!("live.js");
const LIVE_CSS: &[u8] = include_bytes!("live.css");

/// What a request gets.
pub enum Answer {
    Response(Response),
    /// The connection becomes an event stream.
    EventStream,
}

/// A response as the routes make it; `connection.rs` puts it on the wire.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What one request gets.
pub fn answer(request: &Request, shared: &Shared) -> Answer {
    let method = request.method.as_str();
    if !matches!(method, "GET" | "HEAD") {
        return Answer::Response(text(
            405,
            &[("Allow", "GET, HEAD")],
            "Only GET and HEAD are served here.\n",
        ));
    }
    let target = request.target.as_str();
    let path = target.split(['?', '#']).next().unwrap_or("");
    let response = match path.strip_prefix(PREFIX) {
        Some("events") if method == "GET" => return Answer::EventStream,
        Some("events") => text(
            405,
            &[("Allow", "GET")],
            "The event stream answers GET only.\n",
        ),
        Some("live.js") => file(200, "js", LIVE_JS.to_vec()),
        Some("live.css") => file(200, "css", LIVE_CSS.to_vec()),
        Some("status") => {
            let snapshot = shared.snapshot();
            let json = format!(
                "{{\"build\":{},\"errors\":{}}}",
                snapshot.build, snapshot.errors
            );
            file(200, "json", json.into_bytes())
        }
        _ => serve_file(path, target, shared),
    };
    Answer::Response(response)
}

fn serve_file(path: &str, target: &str, shared: &Shared) -> Response {
    let snapshot = shared.snapshot();
    let files = &snapshot.files;
    if files.is_empty() {
        // No build has succeeded yet: a page that shows the errors and
        // reloads once they are fixed.
        let page = inject(NO_BUILD_YET.as_bytes(), snapshot.build);
        return file(503, "html", page);
    }
    let Some(key) = file_key(path) else {
        return not_found(path, &snapshot);
    };
    if let Some(bytes) = files.get(&key) {
        let extension = key.rsplit_once('.').map_or("", |(_, e)| e);
        let body = if extension == "html" {
            inject(bytes, snapshot.build)
        } else {
            bytes.to_vec()
        };
        return file(200, extension, body);
    }
    if let Some(card) = snapshot.cards.get(&key) {
        return match shared.card(card) {
            Ok(png) => file(200, "png", png.to_vec()),
            Err(message) => file(500, "txt", message.into_bytes()),
        };
    }
    // A folder asked for without its final `/`: the page's relative links
    // need it.
    if !key.ends_with("index.html")
        && path.is_ascii()
        && files.contains_key(&format!("{key}/index.html"))
    {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return Response {
            status: 301,
            headers: vec![("Location", format!("{path}/{query}"))],
            body: Vec::new(),
        };
    }
    not_found(path, &snapshot)
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
fn not_found(path: &str, snapshot: &Snapshot) -> Response {
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
        Some(page) => file(404, "html", inject(page, snapshot.build)),
        None => text(404, &[], "Not found\n"),
    }
}

fn file(status: u16, extension: &str, body: Vec<u8>) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", content_type(extension).to_string())],
        body,
    }
}

fn text(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
    let mut response = file(status, "txt", body.as_bytes().to_vec());
    response.headers.extend(
        headers
            .iter()
            .map(|(name, value)| (*name, value.to_string())),
    );
    response
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

/// Adds `'self'` to the `connect-src` of a page's CSP `<meta>` (and the
/// directive itself when it has none).
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
    match find(&page[start..close], b"connect-src") {
        None => {
            page.splice(close..close, b"; connect-src 'self'".iter().copied());
        }
        // A page that posts a checklist's answers names its endpoint there.
        Some(at) => {
            let after = start + at + b"connect-src".len();
            page.splice(after..after, b" 'self'".iter().copied());
        }
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
        // A page that connects to a form endpoint keeps it, and may listen too.
        let own = br#"<meta http-equiv="Content-Security-Policy" content="connect-src https://forms.example; form-action https://forms.example">"#;
        assert!(String::from_utf8(inject(own, 1)).unwrap().starts_with(
            r#"<meta http-equiv="Content-Security-Policy" content="connect-src 'self' https://forms.example; form-action https://forms.example">"#
        ));
    }
}
