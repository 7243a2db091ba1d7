//! What the connection threads share with the rebuilder: the build served
//! now, and the open pages' event streams with the thread that writes to them.

use super::listen::Slot;
use super::rebuild::{CardFiles, Files};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;

/// How long one write to an event stream may block: a page that stops
/// reading is dropped (it reconnects if it is still there) instead of
/// holding up the others.
const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

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

/// An open event stream, with the connection slot it holds until it closes.
struct Stream {
    socket: TcpStream,
    _slot: Slot,
}

/// The open streams, and how many of them the writing thread holds at the
/// moment (taken out of the list while it writes to them).
#[derive(Default)]
struct Listening {
    streams: Vec<Stream>,
    being_written: usize,
}

type Streams = Arc<Mutex<Listening>>;

/// State shared by the connection threads and the builder.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
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
                let taken = {
                    let mut listening = lock(&streams);
                    let taken = std::mem::take(&mut listening.streams);
                    listening.being_written = taken.len();
                    taken
                };
                let kept: Vec<_> = taken
                    .into_iter()
                    .filter(|client| {
                        let mut socket = &client.socket;
                        socket.write_all(message.as_bytes()).is_ok() && socket.flush().is_ok()
                    })
                    .collect();
                let mut listening = lock(&streams);
                let joined = std::mem::replace(&mut listening.streams, kept);
                listening.streams.extend(joined);
                listening.being_written = 0;
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

    /// Starts an event stream on a connection that asked for one: the head
    /// and the `hello` event now, the build events from then on.
    pub fn open_stream(&self, mut socket: TcpStream, slot: Slot) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        let opened = socket.set_write_timeout(Some(STREAM_WRITE_TIMEOUT)).is_ok()
            && socket
                .write_all(format!("{head}{}", self.hello()).as_bytes())
                .is_ok();
        if opened {
            lock(&self.clients).streams.push(Stream {
                socket,
                _slot: slot,
            });
        }
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
        let listening = lock(&self.clients);
        listening.streams.len() + listening.being_written
    }

    /// Closes every event stream (when the server stops).
    pub fn close_streams(&self) {
        for client in lock(&self.clients).streams.drain(..) {
            let _ = client.socket.shutdown(std::net::Shutdown::Both);
        }
    }

    /// The first event of a stream: which server and build this is, and
    /// the errors of the last rebuild.
    fn hello(&self) -> String {
        let snapshot = self.snapshot();
        format!(
            "retry: 1000\nevent: hello\ndata: {{\"server\":\"{}\",\"build\":{},\"errors\":{}}}\n\n",
            self.server_id, snapshot.build, snapshot.errors
        )
    }
}

impl Shared {
    /// The PNG of `card`, drawn now unless it was before.
    pub fn card(&self, card: &crate::render::card::Card) -> Result<Arc<[u8]>, String> {
        if let Some(png) = lock(&self.drawn).get(&card.path) {
            return Ok(png.clone());
        }
        // Drawn outside the lock: other requests go on meanwhile.
        let png: Arc<[u8]> = card.draw()?.into();
        lock(&self.drawn).insert(card.path.clone(), png.clone());
        Ok(png)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
