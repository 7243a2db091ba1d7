// The search of a big handbook, whose index is cut in pieces: a synthetic
// site of 2,000 English articles, 600 of them also in Italian, generated into
// a temporary folder. From file:// and over HTTP (a server this test starts
// on 127.0.0.1), a query loads the manifest, the shards of its terms and the
// fragments of the pages it shows, nothing else; and it shows what a search
// over the whole index shows (search-reference.mjs), in the same order.

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { assertClean, buildSite, fileUrl, openRecorded, searchFor, shareSiteAndBrowser } from './lib.mjs';
import { readIndex, referenceSearch } from './search-reference.mjs';

const ARTICLES = 2000;
const ITALIAN = 600;
const EN = ('client budget scope brief call meeting contract invoice deposit deadline review risk ' +
  'referral retainer rapport kickoff proposal estimate revision feedback boundary rate ' +
  'project timeline handover warning flag trust value fit clarity respect payment').split(' ');
const IT = ('cliente preventivo perché però già città qualità fiducia contratto acconto scadenza ' +
  'riunione chiamata rischio valutazione proposta revisione confine tariffa progetto consegna ' +
  'segnale rispetto pagamento chiarezza attività novità').split(' ');

/** A deterministic stream of numbers, so the site is the same every run. */
function random(seed) {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

function sentence(words, next, length) {
  const picked = Array.from({ length }, () => words[next(words.length)]);
  // Some words of their own per page, and a few rare ones across pages.
  picked.push(`w${next(3000)}`);
  const text = picked.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function article(words, next, title) {
  const paragraphs = [];
  for (let h = 0; h < 3; h++) {
    paragraphs.push(`## ${sentence(words, next, 2).replace(/\.$/, '')}`);
    for (let p = 0; p < 3; p++) paragraphs.push(sentence(words, next, 25));
  }
  return `---\ntitle: ${JSON.stringify(title)}\n---\n\n${sentence(words, next, 20)}\n\n${paragraphs.join('\n\n')}\n`;
}

function writeSite(dir) {
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  write('site.yaml', 'title: Big handbook\nlanguage: en\nlanguages:\n  it:\n    title: Grande manuale\n');
  write('content/_index.md', '---\ntitle: Big handbook\n---\n\nMany articles.\n');
  write('content/_index.it.md', '---\ntitle: Grande manuale\n---\n\nTanti articoli.\n');
  const next = random(7);
  for (let i = 0; i < ARTICLES; i++) {
    const section = `s${String(i % 20).padStart(2, '0')}`;
    if (i < 20) {
      write(`content/${section}/_index.md`, `---\ntitle: Section ${i}\n---\n`);
      write(`content/${section}/_index.it.md`, `---\ntitle: Sezione ${i}\n---\n`);
    }
    const name = `content/${section}/a${String(i).padStart(4, '0')}`;
    const title = `${EN[next(EN.length)]} ${EN[next(EN.length)]} ${i}`;
    write(`${name}.md`, article(EN, next, title));
    if (i < ITALIAN) write(`${name}.it.md`, article(IT, next, `${IT[next(IT.length)]} ${i}`));
  }
}

/** Serves `root` on 127.0.0.1; resolves to { url, close }. */
function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, rel);
    if (file.endsWith('/')) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() }),
    );
  });
}

let site;
let browser;
let server;
const ready = shareSiteAndBrowser(
  (s, b) => {
    site = s;
    browser = b;
  },
  () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-scale-'));
    writeSite(source);
    try {
      return { ...buildSite({ source }), source };
    } finally {
      // The build has its own folder; the sources are not needed after it.
      fs.rmSync(source, { recursive: true, force: true });
    }
  },
);
after(() => server?.close());

/** The index scripts a page has asked for so far, as paths in the output. */
function indexRequests(rec, base) {
  return rec.requests
    .filter((u) => u.includes('search-index'))
    .map((u) => decodeURIComponent(u.slice(base.length)));
}

const bytes = (list) => list.reduce((n, rel) => n + fs.statSync(path.join(site.out, rel)).size, 0);

for (const how of ['file', 'http']) {
  describe(`search of 2,000 articles over ${how}`, () => {
    const base = () => (how === 'file' ? fileUrl(site.out) + '/' : server.url);
    const start = async () => {
      ready();
      if (how === 'http') server ??= await serve(site.out);
    };

    test('a query loads only its shards and the fragments it shows, and ranks as the whole index does', async () => {
      await start();
      const english = readIndex(path.join(site.out, 'search-index.js'));
      const manifest = fs.readFileSync(path.join(site.out, 'search-index.js'), 'utf8');
      assert.match(manifest, /"split":true/, 'an index this big is cut in pieces');
      const rec = await openRecorded(browser);
      const tab = rec.page;
      await tab.goto(base() + 'index.html');
      let seen = [];
      let firstBytes = 0;
      for (const query of ['clien', 'invoice', 'risk deposit', 'w17', 'Kickoff REVIEW', 'zzyzx', 'c']) {
        const shown = await searchFor(tab, query);
        const expected = referenceSearch(english, query, true);
        assert.deepEqual(
          shown.map((r) => r.title),
          expected.found.map((r) => r.title),
          `results of "${query}"`,
        );
        shown.forEach((r, i) => {
          const heading = expected.found[i].heading;
          if (heading) assert.ok(r.where.endsWith(heading), `"${query}" #${i}: ${r.where} / ${heading}`);
        });
        if (expected.total) assert.match(shown[0]?.status || '', new RegExp(`^${expected.total} `), query);
        const requests = indexRequests(rec, base());
        const fresh = requests.slice(seen.length);
        seen = requests;
        const shards = fresh.filter((r) => /\/t\d+\.js$/.test(r));
        const fragments = fresh.filter((r) => /\/f\d+\.js$/.test(r));
        assert.equal(new Set(requests).size, requests.length, `nothing loaded twice: ${requests}`);
        assert.ok(shards.length <= 2 * query.split(' ').length, `"${query}" loaded shards ${shards}`);
        assert.ok(fragments.length <= 20, `"${query}" loaded ${fragments.length} fragments`);
        if (query === 'clien') firstBytes = bytes(requests);
      }
      const total = bytes(seen);
      const pieces = fs.readdirSync(path.join(site.out, 'search-index')).map((f) => `search-index/${f}`);
      const whole = bytes(pieces) + bytes(['search-index.js']);
      assert.ok(firstBytes < whole / 4, `the first query loaded ${firstBytes} of ${whole} bytes`);
      assert.ok(seen[0] === 'search-index.js', seen[0]);
      console.log(`# ${how}: ${seen.length} index scripts, ${total} bytes, for 7 queries`);
      if (how === 'file') assertClean(rec, 'searching a big handbook');
      await rec.context.close();
    });

    test('Italian: accents typed or not, prefixes, two words', async () => {
      await start();
      const italian = readIndex(path.join(site.out, 'it', 'search-index.js'));
      const rec = await openRecorded(browser);
      const tab = rec.page;
      await tab.goto(base() + 'it/index.html');
      for (const query of ['perche', 'città', 'qualita fidu', 'novità rischio', 'w2']) {
        const shown = await searchFor(tab, query);
        const expected = referenceSearch(italian, query, true);
        assert.ok(expected.total > 0 || query === 'w2', `"${query}" finds something`);
        assert.deepEqual(
          shown.map((r) => r.title),
          expected.found.map((r) => r.title),
          `results of "${query}"`,
        );
      }
      assert.ok(
        indexRequests(rec, base()).every((r) => r.startsWith('it/')),
        'only the Italian index',
      );
      await rec.context.close();
    });
  });
}
