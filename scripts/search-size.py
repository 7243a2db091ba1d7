#!/usr/bin/env python3
"""How big rapport's search index is against the text it holds.

    python3 scripts/search-size.py OUT_DIR

For each search-index.js under OUT_DIR (a built site): its size with the
shards and fragments beside it, the pages in it, and the text it holds (titles, headings and page text, read back from the
numbers the way search.js reads them), then the index as a share of that text
and of the site's HTML. The figures in BENCHMARKS.md come from here.
"""
import json
import os
import sys

DIGITS = [c for c in range(32, 127) if c not in (34, 92)]
VALUE = {c: i for i, c in enumerate(DIGITS)}


def numbers_of(text, last):
    """The headings and texts of a page's numbers, each as its numbers."""
    more = len(DIGITS) - last
    fields, field, acc, length = [], [], 0, 0
    for ch in text.encode():
        d = VALUE[ch]
        length += 1
        if d < last:
            start, block = 0, last
            for _ in range(1, length):
                start += block
                block *= more
            n = start + acc * last + d
            if n == 0:
                fields.append(field)
                field = []
            else:
                field.append(n)
            acc, length = 0, 0
        else:
            acc = acc * more + (d - last)
    return fields


def chunks(path):
    script = open(path, "rb").read().decode()
    inner = script[script.index("(") + 1:script.rindex(")")]
    return json.loads("[" + inner + "]")


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
        size = os.path.getsize(path)
        all_chunks = chunks(path)
        manifest = all_chunks[0]
        pieces = os.path.join(d, "search-index")
        shards = fragments = 0
        if manifest["split"]:
            for name in sorted(os.listdir(pieces)):
                size += os.path.getsize(os.path.join(pieces, name))
                all_chunks += chunks(os.path.join(pieces, name))
        text = pages = 0
        for chunk in all_chunks:
            if chunk["kind"] == "terms":
                shards += 1
            if chunk["kind"] != "docs":
                continue
            fragments += 1
            words = manifest["words"] + chunk.get("words", [])
            for entry in chunk["docs"]:
                pages += 1
                text += len(entry[1].encode())
                # Every heading and text ends with number zero; word n is n + 1.
                for numbers in numbers_of(entry[3], manifest["last"]):
                    text += len("".join(words[n - 1] for n in numbers).encode()) + 1
        total_index += size
        total_text += text
        print(
            "%-40s %6d pages %9d bytes of index (%d shards, %d fragments), %9d of text: %5.1f%%"
            % (os.path.relpath(path, out), pages, size, shards, fragments, text,
               100.0 * size / max(text, 1))
        )
    print(
        "all: %d bytes of index for %d bytes of text (%.1f%%) and %d bytes of HTML (%.1f%%)"
        % (total_index, total_text, 100.0 * total_index / max(total_text, 1), html,
           100.0 * total_index / max(html, 1))
    )


if __name__ == "__main__":
    main(sys.argv[1])
