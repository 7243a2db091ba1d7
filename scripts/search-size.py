#!/usr/bin/env python3
"""How big rapport's search index is against the text it holds.

    python3 scripts/search-size.py OUT_DIR

For each search-index.js under OUT_DIR (a built site): its size, the pages in
it, and the text it holds (titles, headings and page text, read back from the
numbers the way search.js reads them), then the index as a share of that text
and of the site's HTML. The figures in BENCHMARKS.md come from here.
"""
import json
import os
import sys

DIGITS = [c for c in range(32, 127) if c not in (34, 92)]
VALUE = {c: i for i, c in enumerate(DIGITS)}


def decode(words, last, text):
    more = len(DIGITS) - last
    out, acc, length = [], 0, 0
    for ch in text.encode():
        d = VALUE[ch]
        length += 1
        if d < last:
            start, block = 0, last
            for _ in range(1, length):
                start += block
                block *= more
            out.append(words[start + acc * last + d])
            acc, length = 0, 0
        else:
            acc = acc * more + (d - last)
    return "".join(out)


def main(out):
    html = sum(
        os.path.getsize(os.path.join(d, f))
        for d, _, files in os.walk(out)
        for f in files
        if f.endswith(".html")
    )
    total_index = total_text = 0
    for d, _, files in sorted(os.walk(out)):
        if "search-index.js" not in files:
            continue
        path = os.path.join(d, "search-index.js")
        raw = open(path, "rb").read()
        script = raw.decode()
        index = json.loads(script[script.index("=") + 1:].strip().rstrip(";"))
        text = 0
        for url, title, _group, parts in index["docs"]:
            text += len(title.encode())
            for _anchor, heading, numbers in parts:
                heading = decode(index["words"], index["last"], heading)
                text += len(heading.encode()) + 1
                text += len(decode(index["words"], index["last"], numbers).encode()) + 1
        total_index += len(raw)
        total_text += text
        print(
            "%-40s %6d pages %9d bytes of index, %9d of text: %5.1f%% (%d words)"
            % (os.path.relpath(path, out), len(index["docs"]), len(raw), text,
               100.0 * len(raw) / max(text, 1), len(index["words"]))
        )
    print(
        "all: %d bytes of index for %d bytes of text (%.1f%%) and %d bytes of HTML (%.1f%%)"
        % (total_index, total_text, 100.0 * total_index / max(total_text, 1), html,
           100.0 * total_index / max(html, 1))
    )


if __name__ == "__main__":
    main(sys.argv[1])
