//! One connection's life: requests read and answered in turn for as long as
//! the client keeps it and sends them in time; a connection that asks for
//! the event stream is handed over to the thread that writes the events.

use super::http::{self, Answer, Response};
use super::listen::Slot;
use super::request::{Buffer, Incoming, Request};
use super::state::Shared;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long a connection may take to send a whole request head, counted
/// from its opening or from the end of the previous answer: a client that
/// sends half a request, or keeps an idle connection, is closed after it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one answer may take to be taken up by a client that stops reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After the last answer, how long and how much of the client's leftover
/// sending is read, so that closing does not reset the connection under it.
pub const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 64 * 1024;

pub fn serve(mut socket: TcpStream, slot: Slot, shared: &Shared) {
    // Each answer is written in one piece, so nothing is gained by waiting to
    // fill packets, and the last one must not wait for an acknowledgement.
    let _ = socket.set_nodelay(true);
    let _ = socket.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buffer = Buffer::new();
    loop {
        let deadline = Instant::now() + REQUEST_TIMEOUT;
        let request = match buffer.next_request(&mut socket, deadline) {
            Incoming::Request(request) => request,
            Incoming::Rejected(status) => return refuse(socket, status),
            Incoming::TimedOut(true) => return refuse(socket, 408),
            Incoming::TimedOut(false) | Incoming::Closed => return,
        };
        let response = match http::answer(&request, shared) {
            Answer::EventStream => return shared.open_stream(socket, slot),
            Answer::Response(response) => response,
        };
        let sent = socket.write_all(&wire(&response, &request)).is_ok();
        if !sent {
            return;
        }
        if !request.keep_alive {
            return linger(socket);
        }
    }
}

/// An error that ends the connection: a short text saying what was wrong.
fn refuse(mut socket: TcpStream, status: u16) {
    let _ = socket.write_all(&error_bytes(status));
    linger(socket);
}

/// The whole answer to a connection turned away for want of a slot.
pub fn busy_bytes() -> Vec<u8> {
    error_bytes(503)
}

fn error_bytes(status: u16) -> Vec<u8> {
    let text = match status {
        408 => "The request did not come in time.",
        431 => "The request's head is too large.",
        503 => "The preview is busy; try again in a moment.",
        _ => "This is not a request the preview understands.",
    };
    let mut response = Response {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
        body: format!("{text}\n").into_bytes(),
    };
    if status == 503 {
        response.headers.push(("Retry-After", "1".into()));
    }
    let closing = Request {
        method: "GET".into(),
        target: String::new(),
        keep_alive: false,
        http10: false,
    };
    wire(&response, &closing)
}

/// Closes after the last answer: our side first, then what the client still
/// sends is read (a little, for a short while) until it closes too.
fn linger(mut socket: TcpStream) {
    let _ = socket.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut scratch = [0; 4096];
    let mut read = 0;
    while read < LINGER_BYTES {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return;
        };
        if socket.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match socket.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
}

/// The response's bytes, head and body in one piece. (Written apart, on a
/// kept-alive connection the body's last packet waited for the browser's
/// delayed acknowledgement, 40 ms a file.)
fn wire(response: &Response, request: &Request) -> Vec<u8> {
    let status = response.status;
    let connection = match (request.keep_alive, request.http10) {
        (false, _) => "Connection: close\r\n".to_string(),
        (true, http10) => format!(
            "{}Keep-Alive: timeout={}\r\n",
            if http10 {
                "Connection: keep-alive\r\n"
            } else {
                ""
            },
            REQUEST_TIMEOUT.as_secs()
        ),
    };
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n{connection}\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reason(status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if request.method != "HEAD" {
        bytes.extend_from_slice(&response.body);
    }
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}
