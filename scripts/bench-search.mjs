// Measures the search of a built site as a reader meets it: the home page is
// opened, one query typed into the box as one keystroke, and the time from
// that keystroke to the results on screen is taken in the page
// (performance.now()), with every search script the page loaded and its size.
// Then a second query of another word, and a query of two words, in the same
// page. From file:// and, with --http, from a server started here on
// 127.0.0.1.
//
//   node scripts/bench-search.mjs OUT [--http] [--runs N] [QUERY …]
//
// Needs the browser tests' packages (npm ci --prefix tests/browser) and
// Debian's Chromium. Prints one line per query and run, then the medians.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const out = path.resolve(args.shift());
const overHttp = args.includes('--http');
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const queries = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
if (!queries.length) queries.push('review', 'budget', 'risk review');

function serve(root) {
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file.endsWith('/')) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const served = overHttp ? await serve(out) : null;
const base = served ? served.url : pathToFileURL(out).href + '/';
const figures = queries.map(() => ({ ms: [], bytes: [], scripts: [] }));
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loaded = [];
  page.on('requestfinished', (r) => {
    const url = r.url();
    if (url.includes('search')) loaded.push(decodeURIComponent(url.slice(base.length)));
  });
  await page.goto(base + 'index.html');
  await page.waitForLoadState('load');
  let before = 0;
  for (const [i, query] of queries.entries()) {
    const ms = await page.evaluate(async ([query, first]) => {
      const input = document.querySelector('input[type="search"]');
      const status = document.querySelector('.search-status');
      // The first query is typed before anything of the index has loaded
      // (no focus, which would start loading it).
      if (!first) {
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 200));
      }
      const shown = new Promise((resolve) => {
        const done = () => /\d/.test(status.textContent) && status.textContent !== input.dataset.last;
        new MutationObserver((_, observer) => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now());
          }
        }).observe(status, { childList: true, characterData: true, subtree: true });
      });
      const start = performance.now();
      input.value = query;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const end = await shown;
      input.dataset.last = status.textContent;
      return end - start;
    }, [query, i === 0]);
    await page.waitForTimeout(100);
    const fresh = loaded.slice(before);
    before = loaded.length;
    const bytes = fresh.reduce((n, rel) => n + fs.statSync(path.join(out, rel)).size, 0);
    figures[i].ms.push(ms);
    figures[i].bytes.push(bytes);
    figures[i].scripts.push(fresh.length);
    console.log(`run ${run + 1} "${query}": ${ms.toFixed(0)} ms, ${fresh.length} scripts, ${bytes} bytes`);
  }
  await context.close();
}
for (const [i, query] of queries.entries()) {
  const f = figures[i];
  console.log(
    `median "${query}": ${median(f.ms).toFixed(0)} ms after the keystroke, ` +
      `${median(f.scripts)} scripts, ${(median(f.bytes) / 1000).toFixed(1)} kB`,
  );
}
await browser.close();
served?.server.close();
