// The search as it was before the index was cut in pieces, for tests to
// compare the theme's search.js with: every page read back whole from all of
// a language's index scripts, then ranked by scanning every page (per query
// term: 10 for the title, else the best part with 4 for its heading and 1 for
// its text; pages without every term left out; best first, then in reading
// order), 20 shown, each with the part that scores best.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const DIGIT = new Int8Array(128).fill(-1);
for (let code = 32, value = 0; code < 127; code++) {
  if (code !== 34 && code !== 92) DIGIT[code] = value++;
}

function decoder(last) {
  const more = 93 - last;
  const first = [0, 0];
  for (let n = 2, block = last; n <= 16; n++, block *= more) first[n] = first[n - 1] + block;
  return (text) => {
    const ids = [];
    let acc = 0;
    let length = 0;
    for (const ch of text) {
      const d = DIGIT[ch.charCodeAt(0)];
      length++;
      if (d < last) {
        ids.push(first[length] + acc * last + d);
        acc = 0;
        length = 0;
      } else {
        acc = acc * more + (d - last);
      }
    }
    return ids;
  };
}

const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const termsOf = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The chunks of every script of the index whose manifest is `manifestPath`. */
function chunksOf(manifestPath) {
  const chunks = [];
  const context = vm.createContext({ rapportSearch: { push: (...c) => chunks.push(...c) } });
  const run = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), context);
  run(manifestPath);
  const pieces = path.join(path.dirname(manifestPath), 'search-index');
  if (chunks[0].split) {
    for (const name of fs.readdirSync(pieces).sort()) run(path.join(pieces, name));
  }
  return chunks;
}

/** Every page of the index at `manifestPath`, whole, in reading order. */
export function readIndex(manifestPath) {
  const chunks = chunksOf(manifestPath);
  const manifest = chunks.find((c) => c.kind === 'index');
  const decode = decoder(manifest.last);
  const docs = [];
  for (const fragment of chunks.filter((c) => c.kind === 'docs')) {
    const words = manifest.words.concat(fragment.words || []);
    fragment.docs.forEach((entry, k) => {
      // Every heading and text ends with a zero; word n is written n + 1.
      const fields = [[]];
      for (const v of decode(entry[3])) {
        if (v === 0) fields.push([]);
        else fields[fields.length - 1].push(words[v - 1]);
      }
      const anchors = new Map(entry[4] || []);
      const parts = [];
      for (let f = 0; f + 1 < fields.length; f += 2) {
        parts.push({
          anchor: anchors.get(f / 2) || '',
          heading: fields[f].join('').trim(),
          words: fields[f + 1],
        });
      }
      docs[fragment.first + k] = {
        url: entry[0],
        title: entry[1],
        group: manifest.groups[entry[2]] || '',
        parts,
      };
    });
  }
  return docs;
}

function startsAny(terms, q, whole) {
  return terms.some((t) => (whole ? t === q : t.startsWith(q)));
}

/**
 * The results of `query` over `docs` as search.js showed them before:
 * `{ total, found: [{ url, title, heading, anchor }] }`. `split`: whether
 * the index is cut in pieces, where a one-letter term stands for itself.
 */
export function referenceSearch(docs, query, split) {
  const qs = termsOf(query);
  const whole = qs.map((q, t) => q.length < 2 && (t < qs.length - 1 || split));
  const found = [];
  docs.forEach((doc, d) => {
    let score = 0;
    const partScore = new Map();
    const titleTerms = termsOf(doc.title);
    for (let t = 0; t < qs.length; t++) {
      let best = startsAny(titleTerms, qs[t], whole[t]) ? 10 : 0;
      doc.parts.forEach((part, k) => {
        const inText = part.words.some((w) => startsAny(termsOf(w), qs[t], whole[t]));
        const here = (startsAny(termsOf(part.heading), qs[t], whole[t]) ? 4 : 0) + (inText ? 1 : 0);
        if (here) {
          partScore.set(k, (partScore.get(k) || 0) + here);
          if (here > best) best = here;
        }
      });
      if (!best) return;
      score += best;
    }
    let bestPart = 0;
    let bestScore = -1;
    partScore.forEach((s, k) => {
      if (s > bestScore) {
        bestScore = s;
        bestPart = k;
      }
    });
    found.push({ d, score, part: doc.parts[bestPart], doc });
  });
  found.sort((a, b) => b.score - a.score || a.d - b.d);
  return {
    total: found.length,
    found: found.slice(0, 20).map(({ doc, part }) => ({
      url: doc.url,
      title: doc.title,
      heading: part.heading,
    })),
  };
}
