// Shared helpers for rapport's browser tests.
//
// - buildSite(): builds the repository's example site (or another source folder,
//   e.g. a synthetic one) with the debug binary into a fresh temporary directory.
// - launchBrowser(): starts Debian's Chromium through playwright-core (never a
//   downloaded browser).
// - openRecorded(): a new browser context + page that records every request,
//   console error and page error, so a test can assert that a page opened from
//   file:// stays on file://.
// - helpers to pick the sidebar's first article link, to check that relative
//   links resolve to files on disk, to search from the search box, and to take
//   screenshots.

import { spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const RAPPORT_BIN =
  process.env.RAPPORT_BIN || path.join(REPO_ROOT, 'target', 'debug', 'rapport');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(HERE, 'out');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
  laptop: { width: 1280, height: 900, isMobile: false, hasTouch: false },
};

// Schemes that never leave the machine and are not network requests.
const LOCAL_SCHEMES = ['file:', 'data:', 'blob:', 'about:'];

/**
 * Build the repository's example site into a fresh temporary directory.
 * Options (all optional): `source`, the site folder to build (default: the
 * repository); `tmp`, an existing directory to build into (default: a fresh
 * temporary one; either way `cleanup()` deletes it); `outName`, the output
 * folder's name inside `tmp` (default "site").
 * Returns { tmp, out, stdout, stderr, cleanup }. Throws (failing the calling
 * test or hook) with the command's stderr when the build exits non-zero.
 */
export function buildSite({ source = REPO_ROOT, tmp: tmpDir, outName = 'site' } = {}) {
  if (!fs.existsSync(RAPPORT_BIN)) {
    throw new Error(
      `rapport binary not found at ${RAPPORT_BIN}: run \`cargo build\` first ` +
        '(or set RAPPORT_BIN)',
    );
  }
  const tmp = tmpDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-browser-'));
  const out = path.join(tmp, outName);
  const args = ['build', source, '--out', out];
  const res = spawnSync(RAPPORT_BIN, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  if (res.error || res.status !== 0) {
    cleanup();
    const how = res.error
      ? `failed to run: ${res.error.message}`
      : `exited with ${res.status ?? `signal ${res.signal}`}`;
    throw new Error(
      `\`${RAPPORT_BIN} ${args.join(' ')}\` ${how}\n` +
        `--- stderr ---\n${res.stderr || '(empty)'}\n` +
        `--- stdout ---\n${res.stdout || '(empty)'}`,
    );
  }
  const index = path.join(out, 'index.html');
  if (!fs.existsSync(index)) {
    cleanup();
    throw new Error(`rapport build succeeded but wrote no ${index}\n${res.stderr}`);
  }
  return { tmp, out, stdout: res.stdout, stderr: res.stderr, cleanup };
}

/** Launch Debian's Chromium (headless) with the flags this machine needs. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH)',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context and page that record what the page does. `contextOptions`
 * are added to the browser context's options (e.g. `{ javaScriptEnabled: false }`).
 * Returns { context, page, requests, consoleErrors, pageErrors, failedRequests }.
 */
export async function openRecorded(browser, viewport = VIEWPORTS.laptop, contextOptions = {}) {
  const { width, height, isMobile, hasTouch } = viewport;
  const context = await browser.newContext({
    viewport: { width, height },
    isMobile,
    hasTouch,
    deviceScaleFactor: 1,
    ...contextOptions,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const rec = {
    context,
    page: null,
    requests: [],
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
  };
  context.on('request', (r) => rec.requests.push(r.url()));
  context.on('requestfailed', (r) =>
    rec.failedRequests.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`),
  );
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      const where = loc && loc.url ? ` at ${loc.url}:${loc.lineNumber}` : '';
      rec.consoleErrors.push(`${m.text()}${where}`);
    }
  });
  page.on('pageerror', (e) => rec.pageErrors.push(String(e && e.stack ? e.stack : e)));
  rec.page = page;
  return rec;
}

/** Requests to anything but the local file system (file:, data:, blob:, about:). */
export function nonFileRequests(rec) {
  return rec.requests.filter((u) => !LOCAL_SCHEMES.some((s) => u.startsWith(s)));
}

/** What went wrong on a recorded page: requests off file://, failures, errors. */
export function problems(rec) {
  return {
    nonFileRequests: nonFileRequests(rec),
    failedRequests: rec.failedRequests,
    consoleErrors: rec.consoleErrors,
    pageErrors: rec.pageErrors,
  };
}

const NO_PROBLEMS = { nonFileRequests: [], failedRequests: [], consoleErrors: [], pageErrors: [] };

/** Assert: no request other than file://, no failed request, no console error, no page error. */
export function assertClean(rec, label = 'page') {
  assert.deepEqual(
    problems(rec),
    NO_PROBLEMS,
    `${label}: requests other than file://, failed requests, console errors or page errors`,
  );
}

export function fileUrl(p) {
  return pathToFileURL(p).href;
}

/** Collapse whitespace, as a person reads text. */
export function norm(s) {
  return String(s ?? '').replace(/\s+/g, ' ').trim();
}

/** A URL without its #fragment (and ?query). */
export function bare(u) {
  const url = new URL(u);
  url.hash = '';
  url.search = '';
  return url.href;
}

/**
 * The first article link of the sidebar navigation on the current page: a
 * `nav a[href]` (document order) whose target, relative to the site root `out`,
 * is `<section>/<article>/index.html`. Language-switcher links (hreflang) and
 * links into another language's tree are left out.
 * Returns { href (attribute), url (absolute), text, index (among `nav a[href]`) }.
 */
export async function firstSidebarArticleLink(page, out) {
  const links = await page.$$eval('nav a[href]', (as) =>
    as.map((a, index) => ({
      index,
      href: a.getAttribute('href'),
      url: a.href,
      text: a.textContent,
      hreflang: a.hasAttribute('hreflang'),
      rel: a.getAttribute('rel') || '',
    })),
  );
  const langs = new Set(
    await page.$$eval('[hreflang]', (els) =>
      els.map((e) => (e.getAttribute('hreflang') || '').toLowerCase()),
    ),
  );
  const lang = (await page.getAttribute('html', 'lang')) || '';
  langs.delete(lang.toLowerCase());
  for (const l of links) {
    if (l.hreflang || /\b(prev|next)\b/.test(l.rel)) continue;
    const u = new URL(l.url);
    if (u.protocol !== 'file:') continue;
    const rel = path.relative(out, fileURLToPath(bare(l.url)));
    const parts = rel.split(path.sep);
    if (parts.length !== 3 || parts[2] !== 'index.html' || parts[0] === '..') continue;
    if (langs.has(parts[0].toLowerCase())) continue;
    return { ...l, url: bare(l.url), text: norm(l.text) };
  }
  throw new Error(
    'no sidebar article link (nav a[href] to <section>/<article>/index.html) on ' +
      `${page.url()}; nav links seen:\n` +
      links.map((l) => `  ${l.href}  ${norm(l.text)}`).join('\n'),
  );
}

/**
 * Every `a[href]` of the current page that is a relative link must resolve to an
 * existing file inside the site's output directory `out` (#fragments and ?queries
 * stripped). Root-relative links (`/x`) are reported too: they break under
 * file:// and under a sub-path; so are same-page `#anchor` links whose id is
 * not in the page. `selector` narrows the links checked (default: all
 * `a[href]`). Returns the number of links to other files checked.
 */
export async function assertRelativeLinksExist(page, out, selector = 'a[href]') {
  const hrefs = await page.$$eval(selector, (as) => as.map((a) => a.getAttribute('href')));
  const ids = new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id)));
  const base = page.url();
  const problems = [];
  let checked = 0;
  for (const href of hrefs) {
    const h = href.trim();
    if (h === '' || h === '#' || h === '#top') continue; // same document, top
    if (h.startsWith('#')) {
      // same document: the anchor must exist
      let id = h.slice(1);
      try {
        id = decodeURIComponent(id);
      } catch {
        /* keep it as written */
      }
      if (!ids.has(id)) problems.push(`${href}: no element with id "${id}" in this page`);
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(h)) continue; // absolute: https:, mailto:, ...
    if (h.startsWith('//')) {
      problems.push(`${href}: protocol-relative link`);
      continue;
    }
    if (h.startsWith('/')) {
      problems.push(`${href}: root-relative link (breaks under file:// and sub-paths)`);
      continue;
    }
    checked += 1;
    const target = fileURLToPath(bare(new URL(h, base).href));
    const inside = path.relative(out, target);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      problems.push(`${href}: points outside the site (${target})`);
    } else if (!fs.existsSync(target)) {
      problems.push(`${href}: no such file ${target}`);
    } else if (!fs.statSync(target).isFile()) {
      problems.push(`${href}: ${target} is a directory, not a file (file:// shows no index.html)`);
    }
  }
  assert.deepEqual(problems, [], `broken relative links (${selector}) on ${base}`);
  return checked;
}

/** Navigate by clicking `locator` and wait until `expectedUrl` (fragment ignored) has loaded. */
export async function clickAndWait(page, locator, expectedUrl) {
  const want = bare(expectedUrl);
  await Promise.all([
    page.waitForURL((u) => bare(u.href) === want, { waitUntil: 'load' }),
    locator.click(),
  ]);
}

/** The text of the page's `<h1>`s inside and outside `<main>`. */
export async function headings(page) {
  return page.evaluate(() => ({
    mains: document.querySelectorAll('main').length,
    all: [...document.querySelectorAll('h1')].map((h) => h.textContent),
    inMain: [...document.querySelectorAll('main h1')].map((h) => h.textContent),
  }));
}

/** The `nav a[aria-current="page"]` entries of the page: [{ url, text }]. */
export async function currentNavEntries(page) {
  const entries = await page.$$eval('nav a[aria-current="page"][href]', (as) =>
    as.map((a) => ({ url: a.href, text: a.textContent })),
  );
  return entries.map((e) => ({ url: bare(e.url), text: norm(e.text) }));
}

/** Save a full-page screenshot to tests/browser/out/<name>.png and return its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Registers the hooks every browser test file needs: `prepare()` builds the
 * file's site (default: the example site) and Chromium is launched, once; both
 * are handed to `use(site, browser)`; afterwards the browser closes and the
 * site is deleted (kept with RAPPORT_KEEP_OUT=1). A failed build or launch is
 * kept and re-thrown by the returned `ready()` in every test, so the report
 * counts failed tests, with rapport's stderr, not cancelled ones. `prepare`
 * cleans up after itself when it throws.
 */
export function shareSiteAndBrowser(use, prepare = () => buildSite()) {
  let site = null;
  let browser = null;
  let setupError = null;
  before(async () => {
    try {
      site = await prepare();
      browser = await launchBrowser();
      use(site, browser);
    } catch (e) {
      setupError = e;
      site?.cleanup();
      site = null;
    }
  });
  after(async () => {
    if (browser) await browser.close();
    if (site && !process.env.RAPPORT_KEEP_OUT) site.cleanup();
    else if (site) console.log(`kept built site: ${site.out}`);
  });
  return function ready() {
    if (setupError) throw setupError;
  };
}

/** The label of an answer, found as a person would: inside its question. */
export function answerLabel(page, qid, aid, root = '') {
  return page
    .locator(`${root} fieldset[data-question=${JSON.stringify(qid)}] label`)
    .filter({ has: page.locator(`input[value=${JSON.stringify(aid)}]`) });
}

/**
 * Gives `answers` by clicking labels of the checklist inside `root` (a CSS
 * selector; the whole page by default), in the order of the page. An answer to a
 * question hidden by show_if is given the way a person would: first choose an
 * answer that reveals it, tick it, then go back to the answer that hides it.
 * Unknown questions and answers have nothing to click and are skipped.
 */
export async function answerLikeAPerson(page, answers, root = '') {
  const m = await page.evaluate(
    (root) => JSON.parse(document.querySelector(`${root} script[type="application/json"]`).textContent),
    root,
  );
  const questions = m.sections.flatMap((s) => s.questions);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const known = (q) => {
    const given = answers[q.id] ?? [];
    const ids = given.filter((id) => q.answers.some((a) => a.id === id));
    return q.kind === 'multi' ? [...new Set(ids)] : ids.slice(0, 1);
  };
  const hidden = (qid) =>
    page.locator(`${root} fieldset[data-question=${JSON.stringify(qid)}]`).evaluate((f) => f.hidden);
  const choose = async (qid, ids) => {
    for (const id of ids) {
      const label = answerLabel(page, qid, id, root);
      if (!(await label.locator('input').isChecked())) await label.click();
    }
  };
  const reveal = async (q) => {
    for (const c of q.show_if) {
      const cq = byId.get(c.question);
      if (await hidden(cq.id)) await reveal(cq);
      await choose(cq.id, [c.any_of[0]]);
    }
  };
  for (const q of questions) {
    const ids = known(q);
    if (ids.length === 0) continue;
    const wasHidden = await hidden(q.id);
    if (wasHidden) await reveal(q);
    await choose(q.id, ids);
    if (wasHidden) {
      for (const c of q.show_if) {
        const theirs = known(byId.get(c.question));
        if (theirs.length === 0) throw new Error(`cannot hide ${q.id} again by clicking`);
        await choose(c.question, theirs);
      }
    }
  }
  // Revealing went through other answers (a chain of show_if, a box ticked on
  // the way): settle every question on its own answers, in page order, and
  // untick boxes given only on the way.
  for (const q of questions) {
    const ids = known(q);
    if (ids.length === 0) continue;
    await choose(q.id, ids);
    if (q.kind !== 'multi') continue;
    for (const a of q.answers) {
      const label = answerLabel(page, q.id, a.id, root);
      if (!ids.includes(a.id) && (await label.locator('input').isChecked())) await label.click();
    }
  }
  return m;
}

/**
 * What the checklist inside `root` (a CSS selector; the whole page by
 * default) shows: the figures, the result, the flags and the answers.
 */
export function checklistShown(page, root = '') {
  return page.evaluate((root) => {
    const box = root ? document.querySelector(root) : document;
    const ints = (el) => (el ? el.textContent.match(/-?\d+/g) || [] : []).map(Number);
    const outside = (name) =>
      [...box.querySelectorAll(`[data-${name}]`)]
        .filter((el) => !el.closest('[data-dimension]'))
        .map((el) => ints(el)[0]);
    const result = box.querySelector('[data-result]');
    const answered = ints(box.querySelector('[data-answered]'));
    const inputs = [...box.querySelectorAll('form[data-checklist] input')];
    return {
      points: outside('score'),
      max: outside('max'),
      percent: outside('percent'),
      answered: answered[0],
      visible: answered[1],
      result: result.getAttribute('data-band'),
      resultText: result.textContent.replace(/\s+/g, ' ').trim(),
      resultTitle: result.querySelector('.result-title')?.textContent ?? null,
      flags: [...box.querySelectorAll('[data-flags] > *')].map((el) => el.textContent.trim()),
      hidden: [...box.querySelectorAll('fieldset[data-question]')]
        .filter((f) => f.hidden)
        .map((f) => f.getAttribute('data-question')),
      sections: Object.fromEntries(
        [...box.querySelectorAll('[data-dimension]')].map((d) => [
          d.getAttribute('data-dimension'),
          ['score', 'max', 'percent'].map((n) => ints(d.querySelector(`[data-${n}]`))[0]),
        ]),
      ),
      checked: inputs.filter((i) => i.checked).map((i) => `${i.name}=${i.value}`),
      checkedVisible: inputs
        .filter((i) => i.checked && !i.closest('fieldset').hidden)
        .map((i) => `${i.name}=${i.value}`),
      // checklist.js marks each checklist it runs.
      live: (root ? box : document.querySelector('[data-checklist-root]'))?.classList.contains('is-live') ?? false,
    };
  }, root);
}

const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's violations on the page (its default rules), as readable lines. */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}`),
  );
}

/**
 * Types `query` into the page's search box (emptied first, and its results
 * gone, when it held something) and waits for the results. Returns each as
 * { title, href, where, marks }, with the status line as `status`.
 */
export async function searchFor(page, query) {
  const box = page.locator('input[type="search"]');
  if (await box.inputValue()) {
    await box.fill('');
    await page.waitForFunction(() => !document.querySelector('.search-status').textContent);
  }
  await box.fill(query);
  await page.waitForFunction(
    () => /\d|nessun|nothing/i.test(document.querySelector('.search-status')?.textContent || ''),
    null,
    { timeout: 15000 },
  );
  return page.$$eval('.search-result', (items) =>
    items.map((li) => ({
      title: li.querySelector('.search-result-title').textContent,
      href: li.querySelector('a').getAttribute('href'),
      where: li.querySelector('.search-result-where')?.textContent || '',
      marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
      status: document.querySelector('.search-status').textContent,
    })),
  );
}
