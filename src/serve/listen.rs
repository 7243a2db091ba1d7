//! Accepting connections without ever running out of them. Each connection
//! holds a slot while it is open; there are only as many slots as the file
//! descriptors the process may open allow, less a reserve for the rebuilds.
//! A connection beyond them is told 503 and closed, and a failed accept
//! (even for lack of descriptors) is waited out, never fatal.

use super::connection;
use super::state::Shared;
use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Descriptors kept for everything but connections: the rebuilds' reads
/// and folder walks, the watcher, standard streams, the connections being
/// told 503.
const RESERVE: u64 = 96;
/// Connections held at most, however many descriptors there are: plenty for
/// the tabs of a preview, few enough to keep threads and memory small.
const MOST: u64 = 512;
/// Connections held at least, even when descriptors are very scarce.
const LEAST: u64 = 8;
/// Connections told 503 that are kept for a moment (out of the reserve).
const REFUSALS: usize = 32;
/// How often the connections told 503 are read from while any are kept.
const TICK: Duration = Duration::from_millis(20);
/// How long to wait after an accept that failed.
const BACKOFF: Duration = Duration::from_millis(50);
/// Each connection's thread: answering needs little stack.
const STACK: usize = 256 * 1024;

/// Raises the soft limit on open files to the hard one, and says how many
/// connections the server may hold with what it got.
pub fn connection_cap() -> usize {
    let limit = rlimit::increase_nofile_limit(u64::MAX)
        .ok()
        .or_else(|| {
            rlimit::getrlimit(rlimit::Resource::NOFILE)
                .ok()
                .map(|l| l.0)
        })
        .unwrap_or(1024);
    let cap = limit.saturating_sub(RESERVE).clamp(LEAST, MOST);
    usize::try_from(cap).unwrap_or(LEAST as usize)
}

/// The connections open now, and how many may be.
pub struct Slots {
    open: AtomicUsize,
    cap: usize,
}

/// One open connection's place; given back when dropped.
pub struct Slot(Arc<Slots>);

impl Slots {
    pub fn new(cap: usize) -> Arc<Slots> {
        Arc::new(Slots {
            open: AtomicUsize::new(0),
            cap,
        })
    }

    fn take(self: &Arc<Self>) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |open| {
                (open < self.cap).then_some(open + 1)
            })
            .ok()
            .map(|_| Slot(self.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections until `stopping` is set (and a connection wakes the
/// loop up to see it), each on a thread of its own.
pub fn accept_loop(
    listener: &TcpListener,
    slots: &Arc<Slots>,
    shared: &Arc<Shared>,
    stopping: &AtomicBool,
) {
    // Failures in a row: one is a client gone before it was accepted, a run
    // of them is a lack of descriptors or memory, which passes as other
    // connections close. The pending connections wait in the backlog. Said
    // once, the first time.
    let (mut failures, mut warned) = (0, false);
    let refuser = refuser();
    while !stopping.load(Ordering::SeqCst) {
        let socket = match listener.accept() {
            Ok((socket, _)) => socket,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                failures += 1;
                if failures == 3 && !warned {
                    warned = true;
                    eprintln!("warning: cannot accept connections for now ({e}); trying again as others close");
                }
                thread::sleep(BACKOFF);
                continue;
            }
        };
        failures = 0;
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        if let Some(slot) = slots.take() {
            let shared = shared.clone();
            spawn(move || connection::serve(socket, slot, &shared));
        } else {
            let _ = refuser.send(socket);
        }
    }
}

fn spawn(work: impl FnOnce() + Send + 'static) {
    // When no thread can start, the closure is dropped, and with it the
    // connection and its slot.
    let _ = thread::Builder::new().stack_size(STACK).spawn(work);
}

/// The thread that tells connections beyond the slots 503 at once, then
/// keeps each a moment, reading what it still sends, so that closing does
/// not reset it under the answer. It keeps a few; a flood pushes out the
/// oldest, which have had their answer.
fn refuser() -> mpsc::Sender<TcpStream> {
    let (sender, arrivals) = mpsc::channel::<TcpStream>();
    thread::spawn(move || {
        let busy = connection::busy_bytes();
        let mut kept: VecDeque<(TcpStream, Instant)> = VecDeque::new();
        loop {
            let arrival = if kept.is_empty() {
                arrivals.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                arrivals.recv_timeout(TICK)
            };
            match arrival {
                Ok(socket) => {
                    if tell_busy(&socket, &busy) {
                        if kept.len() == REFUSALS {
                            kept.pop_front();
                        }
                        kept.push_back((socket, Instant::now() + connection::LINGER));
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            kept.retain(|(socket, until)| now < *until && still_open(socket));
        }
    });
    sender
}

/// Reads what has come, writes the 503 and ends our side.
fn tell_busy(socket: &TcpStream, busy: &[u8]) -> bool {
    let mut socket = socket;
    socket.set_nonblocking(true).is_ok()
        && still_open(socket)
        && socket.write_all(busy).is_ok()
        && socket.shutdown(Shutdown::Write).is_ok()
}

/// Reads all that has come; `false` once the client has closed its side.
fn still_open(mut socket: &TcpStream) -> bool {
    let mut scratch = [0; 4096];
    loop {
        match socket.read(&mut scratch) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) => return e.kind() == ErrorKind::WouldBlock,
        }
    }
}
