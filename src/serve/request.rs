//! Reading one request's head off a connection, within a time limit and a
//! size limit. The preview answers GET and HEAD only, so it never reads a
//! body: a request that has one is answered and its connection closed.

use std::io::{ErrorKind, Read};
use std::time::Instant;

/// Bytes a request's head may take. Browsers send a few hundred; cookies
/// that other programs on `localhost` set can add a few thousand.
pub const HEAD_LIMIT: usize = 16 * 1024;
/// Header lines a request may have.
const HEADER_LIMIT: usize = 64;

/// One request, as much of it as the answer needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent (ASCII, not yet decoded).
    pub target: String,
    /// Whether the connection may carry another request after this one.
    pub keep_alive: bool,
    /// HTTP/1.0 clients are told `Connection: keep-alive` when kept.
    pub http10: bool,
}

/// What came in on a connection.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming {
    Request(Request),
    /// Not a request this server understands: answered with this status
    /// (400, 431), then the connection is closed.
    Rejected(u16),
    /// The time ran out: `true` when part of a request had come.
    TimedOut(bool),
    /// The client closed the connection, or it broke.
    Closed,
}

/// The bytes read off one connection: a request's head may come in many
/// pieces, and a pipelining client may send the next request with it.
/// It lives on the connection thread's stack: a connection that sends
/// nothing then costs no heap, which the allocator would give each thread
/// pages of its own for.
pub struct Buffer {
    bytes: [u8; HEAD_LIMIT],
    len: usize,
}

impl Buffer {
    pub fn new() -> Buffer {
        Buffer {
            bytes: [0; HEAD_LIMIT],
            len: 0,
        }
    }

    /// Reads until a whole head has come, the connection closes, or
    /// `deadline` passes.
    pub fn next_request(&mut self, socket: &mut impl Socket, deadline: Instant) -> Incoming {
        let mut checked = 0;
        loop {
            if let Some(incoming) = self.parse(checked) {
                return incoming;
            }
            checked = self.len;
            if self.len == HEAD_LIMIT {
                return Incoming::Rejected(431);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return Incoming::TimedOut(self.len > 0);
            };
            if socket.wait_at_most(left).is_err() {
                return Incoming::Closed;
            }
            match socket.read(&mut self.bytes[self.len..]) {
                Ok(0) => return Incoming::Closed,
                Ok(n) => self.len += n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Incoming::Closed,
            }
        }
    }

    /// A request if the bytes hold a whole head. Parsed only once a line
    /// has ended since the last try, so a client sending a byte at a time
    /// costs no more than one sending it all at once.
    fn parse(&mut self, checked: usize) -> Option<Incoming> {
        let fresh = &self.bytes[checked.saturating_sub(1)..self.len];
        if self.len == 0 || !fresh.contains(&b'\n') {
            return None;
        }
        let mut headers = [httparse::EMPTY_HEADER; HEADER_LIMIT];
        let mut parsed = httparse::Request::new(&mut headers);
        let used = match parsed.parse(&self.bytes[..self.len]) {
            Ok(httparse::Status::Complete(used)) => used,
            Ok(httparse::Status::Partial) => return None,
            Err(httparse::Error::TooManyHeaders) => return Some(Incoming::Rejected(431)),
            Err(_) => return Some(Incoming::Rejected(400)),
        };
        let incoming = request_of(&parsed);
        self.bytes.copy_within(used..self.len, 0);
        self.len -= used;
        Some(incoming)
    }
}

/// A parsed head as this server sees it; a target that is not plain ASCII
/// (httparse lets UTF-8 through) is a bad request.
fn request_of(parsed: &httparse::Request) -> Incoming {
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version)
    else {
        return Incoming::Rejected(400);
    };
    if !target.is_ascii() {
        return Incoming::Rejected(400);
    }
    let header = |name| values(parsed.headers, name);
    let connection: Vec<String> = header("connection")
        .flat_map(|value| {
            value
                .split(',')
                .map(|token| token.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let says = |token: &str| connection.iter().any(|t| t == token);
    // RFC 9112, 9.3: HTTP/1.1 keeps the connection unless told to close it;
    // HTTP/1.0 only when asked to keep it.
    let persistent = if version == 0 {
        says("keep-alive")
    } else {
        !says("close")
    };
    // A body is never read, so the connection cannot carry a next request.
    let has_body = header("transfer-encoding").next().is_some()
        || header("content-length").any(|length| length.trim() != "0");
    Incoming::Request(Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive: persistent && !has_body,
        http10: version == 0,
    })
}

/// The values of a header (lower case), however many times it is given.
fn values<'a>(
    headers: &'a [httparse::Header<'a>],
    name: &'a str,
) -> impl Iterator<Item = String> + 'a {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
}

/// A connection to read from with a time limit; a trait so that the
/// reader can be tested without a network.
pub trait Socket: Read {
    fn wait_at_most(&mut self, time: std::time::Duration) -> std::io::Result<()>;
}

impl Socket for std::net::TcpStream {
    fn wait_at_most(&mut self, time: std::time::Duration) -> std::io::Result<()> {
        // A zero timeout means none at all to the standard library.
        self.set_read_timeout(Some(time.max(std::time::Duration::from_millis(1))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Gives its pieces one read at a time, then says the time ran out.
    struct Pieces(Vec<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(ErrorKind::WouldBlock.into());
            }
            let piece = self.0.remove(0);
            let n = piece.len().min(out.len());
            out[..n].copy_from_slice(&piece[..n]);
            if n < piece.len() {
                self.0.insert(0, piece[n..].to_vec());
            }
            Ok(n)
        }
    }

    impl Socket for Pieces {
        fn wait_at_most(&mut self, _: Duration) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn read_all(pieces: &[&[u8]]) -> Vec<Incoming> {
        let mut socket = Pieces(pieces.iter().map(|p| p.to_vec()).collect());
        let mut buffer = Buffer::new();
        let deadline = Instant::now() + Duration::from_millis(200);
        let mut seen = Vec::new();
        loop {
            let incoming = buffer.next_request(&mut socket, deadline);
            let done = !matches!(incoming, Incoming::Request(_));
            seen.push(incoming);
            if done {
                return seen;
            }
        }
    }

    fn request(method: &str, target: &str, keep_alive: bool, http10: bool) -> Incoming {
        Incoming::Request(Request {
            method: method.into(),
            target: target.into(),
            keep_alive,
            http10,
        })
    }

    #[test]
    fn a_head_sent_in_pieces_and_pipelined_requests_are_read_whole() {
        let seen = read_all(&[
            b"GE",
            b"T /a HTTP/1.1\r\nHo",
            b"st: x\r\n",
            b"\r\nHEAD /b HTTP/1.1\r\n\r\n",
        ]);
        assert_eq!(
            seen,
            [
                request("GET", "/a", true, false),
                request("HEAD", "/b", true, false),
                Incoming::TimedOut(false),
            ]
        );
    }

    #[test]
    fn connection_close_and_http_1_0_end_the_connection() {
        let close = read_all(&[b"GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n"]);
        assert_eq!(close[0], request("GET", "/", false, false));
        let old = read_all(&[b"GET / HTTP/1.0\r\n\r\n"]);
        assert_eq!(old[0], request("GET", "/", false, true));
        let kept = read_all(&[b"GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n"]);
        assert_eq!(kept[0], request("GET", "/", true, true));
        let body = read_all(&[b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"]);
        assert_eq!(body[0], request("POST", "/", false, false));
    }

    #[test]
    fn garbage_and_raw_non_ascii_targets_are_bad_requests() {
        for bad in [
            &b"GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n"[..],
            b"GET /\xff\xfe HTTP/1.1\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n",
            b"hello there\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        ] {
            assert_eq!(
                read_all(&[bad]),
                [Incoming::Rejected(400)],
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_head_too_big_or_unfinished_is_not_waited_for_forever() {
        let huge = format!("GET / HTTP/1.1\r\nCookie: {}\r\n", "a".repeat(HEAD_LIMIT));
        assert_eq!(read_all(&[huge.as_bytes()]), [Incoming::Rejected(431)]);
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(100));
        assert_eq!(read_all(&[many.as_bytes()]), [Incoming::Rejected(431)]);
        let half = read_all(&[b"GET / HTTP/1.1\r\nHost: x\r\n"]);
        assert_eq!(half, [Incoming::TimedOut(true)]);
    }
}
