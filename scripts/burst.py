#!/usr/bin/env python3
"""A burst of connections against a running `rapport serve`, with its memory.

    python3 scripts/burst.py --pid PID --port PORT [-n 2000]

Opens N connections as fast as it can: every other one stays idle, the
others ask for the home page. While they are open it reads the server's
resident memory (VmRSS) every 20 ms; then it closes them all and reads it
again 3 and 10 seconds later, checks that a fresh request still gets the
page, and reads it once more after that request (glibc keeps the stacks of
threads that ended until the next thread starts). Prints one line per figure.
"""

import argparse
import socket
import threading
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no process {pid}")


def status_of(sock):
    """The status code of the answer on `sock`, or what went wrong."""
    try:
        head = sock.recv(64)
    except OSError as e:
        return type(e).__name__
    if not head:
        return "closed"
    parts = head.split(b" ", 2)
    return parts[1].decode() if len(parts) > 1 else "garbled"


def get_home(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return status_of(sock)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()

    before = rss_mib(args.pid)
    peak = before
    sampling = True

    def sample():
        nonlocal peak
        while sampling:
            peak = max(peak, rss_mib(args.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    socks, failed = [], 0
    for i in range(args.n):
        try:
            sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        except OSError:
            failed += 1
            continue
        if i % 2:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        socks.append((i, sock))
    opened = time.monotonic() - started
    answers = {}
    for i, sock in socks:
        if i % 2:
            code = status_of(sock)
            answers[code] = answers.get(code, 0) + 1
    time.sleep(1)
    sampling = False
    sampler.join()
    during = peak
    for _, sock in socks:
        sock.close()
    time.sleep(3)
    after3 = rss_mib(args.pid)
    time.sleep(7)
    after10 = rss_mib(args.pid)
    print(f"connections opened: {len(socks)} of {args.n} in {opened:.2f} s ({failed} refused)")
    print(f"answers to the requests: {dict(sorted(answers.items()))}")
    print(f"RSS before: {before:.1f} MiB")
    print(f"RSS peak during the burst: {during:.1f} MiB")
    print(f"RSS 3 s after closing: {after3:.1f} MiB")
    print(f"RSS 10 s after closing: {after10:.1f} MiB")
    fresh = get_home(args.port)
    time.sleep(1)
    print(f"a fresh request afterwards: {fresh}")
    print(f"RSS 1 s after that request: {rss_mib(args.pid):.1f} MiB")


if __name__ == "__main__":
    main()
