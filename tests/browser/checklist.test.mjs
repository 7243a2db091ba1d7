// Browser tests of the checklist pages and their script (themes/default/static/
// checklist.js), opened from file:// in Chromium.
//
// A small site is built with the two scoring fixtures as its checklists
// (tests/fixtures/checklists/fit.yaml and red-flags.yaml; a checklist's id is its
// file name). For every case of the shared vectors (tests/vectors/scoring.json,
// which the Rust reference passes too) a person's clicks must give the figures
// the vector expects, and the page's own share link, opened in a fresh page, must
// give the same answers and figures. Then: hostile fragments change nothing but
// answers, the controls (copy link, reset, send), the page without JavaScript,
// the Content-Security-Policy, and screenshots for a person to look at.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  shareSiteAndBrowser,
  REPO_ROOT,
  answerLabel,
  answerLikeAPerson,
  checklistShown,
  SCREENSHOT_DIR,
  VIEWPORTS,
  assertClean,
  buildSite,
  fileUrl,
  openRecorded,
  screenshot,
} from './lib.mjs';

const VECTORS = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'tests', 'vectors', 'scoring.json'), 'utf8'),
);
const SCRIPT = path.join(REPO_ROOT, 'themes', 'default', 'static', 'checklist.js');
const AUTHOR_EMAIL = 'hello@example.com';

/**
 * The Content-Security-Policy proposed for base.html's `<meta http-equiv>`: no
 * inline script or handler, no network origin, Trusted Types. Used on a copy of
 * the page when the built page carries none yet.
 */
const PROPOSED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";

let site;
let browser;
const ready = shareSiteAndBrowser(
  (s, b) => {
    site = s;
    browser = b;
  },
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-browser-checklist-'));
    let built = null;
    try {
      const src = path.join(tmp, 'src');
      const write = (rel, text) => {
        fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
        fs.writeFileSync(path.join(src, rel), text);
      };
      write(
        'site.yaml',
        `title: Checklist tests\nlanguage: en\nauthor: { name: Giulia Rossi, email: ${AUTHOR_EMAIL} }\n`,
      );
      write('content/_index.md', '---\ntitle: Checklist tests\n---\n\nTwo checklists.\n');
      for (const [id, file] of Object.entries(VECTORS.checklists)) {
        write(`content/checklists/${id}.yaml`, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
      }
      built = buildSite({ source: src, tmp, outName: 'out' });
      const script = path.join(built.out, 'theme', 'checklist.js');
      if (!fs.existsSync(script) || !fs.readFileSync(script).equals(fs.readFileSync(SCRIPT))) {
        throw new Error(
          'the rapport binary embeds another themes/default/static/checklist.js than the ' +
            'repository: run `cargo build` (or set RAPPORT_BIN)',
        );
      }
      return built;
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  },
);

/** The file:// URL of a checklist's page (optionally with a raw #fragment). */
function pageUrl(id, fragment = '') {
  return fileUrl(path.join(site.out, 'checklists', id, 'index.html')) + fragment;
}

/** A recorded page (lib.openRecorded) that also records dialogs, dismissing them. */
async function openChecklist(id, fragment = '', viewport = VIEWPORTS.laptop, options = {}) {
  const rec = await openRecorded(browser, viewport, options);
  rec.dialogs = [];
  rec.page.on('dialog', (d) => {
    rec.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await rec.page.goto(pageUrl(id, fragment), { waitUntil: 'load' });
  return rec;
}

/** The checklist as the page carries it (its JSON data block). */
function model(page) {
  return page.evaluate(() => JSON.parse(document.getElementById('checklist-data').textContent));
}

/** What the page shows (lib.mjs's checklistShown) and its fragment. */
async function shown(page) {
  return { ...(await checklistShown(page)), hash: await page.evaluate(() => location.hash) };
}

/** Asserts that `got` (from shown()) shows the figures `expect` of a vector. */
function assertFigures(got, expect, resultTitle, label) {
  const one = (list, want, what) => {
    assert.ok(list.length >= 1, `${label}: no ${what} element`);
    assert.deepEqual(list, list.map(() => want), `${label}: ${what}`);
  };
  one(got.points, expect.points, '[data-score]');
  one(got.max, expect.max, '[data-max]');
  one(got.percent, expect.percent, '[data-percent]');
  assert.equal(got.answered, expect.answered, `${label}: [data-answered]`);
  assert.equal(got.visible, expect.visible, `${label}: visible questions in [data-answered]`);
  assert.deepEqual(got.sections, expect.sections, `${label}: [data-dimension] figures`);
  assert.equal(got.result, expect.result, `${label}: data-band on [data-result]`);
  if (expect.result === null) assert.equal(got.resultText, '', `${label}: a result before the end`);
  else assert.ok(got.resultText.includes(resultTitle), `${label}: result text "${got.resultText}"`);
  assert.deepEqual(got.flags, expect.flags, `${label}: [data-flags]`);
  assert.deepEqual(got.hidden, expect.hidden, `${label}: hidden fieldsets`);
}

/** The share fragment the contract asks for, for a vector's answers. */
function expectedFragment(m, answers, hidden) {
  const enc = encodeURIComponent;
  const pairs = [];
  for (const q of m.sections.flatMap((s) => s.questions)) {
    if (hidden.includes(q.id)) continue;
    const given = answers[q.id] ?? [];
    const ids =
      q.kind === 'multi'
        ? q.answers.filter((a) => given.includes(a.id)).map((a) => a.id)
        : given.filter((id) => q.answers.some((a) => a.id === id)).slice(0, 1);
    if (ids.length) pairs.push(`${enc(q.id)}=${ids.map(enc).join(',')}`);
  }
  return `#${enc(m.id)}:${pairs.join('&')}`;
}

describe('checklist pages: the shared scoring vectors, clicked like a person', () => {
  for (const c of VECTORS.cases) {
    test(`${c.checklist}: ${c.name}`, async () => {
      ready();
      const rec = await openChecklist(c.checklist);
      const { page } = rec;
      try {
        const m = await answerLikeAPerson(page, c.answers);
        const title = m.results.find((r) => r.id === c.expect.result)?.title;
        const got = await shown(page);
        assertFigures(got, c.expect, title, c.name);
        const fragment = expectedFragment(m, c.answers, c.expect.hidden);
        // Before the first answer the address keeps whatever fragment it had.
        if (!(got.hash === '' && got.checked.length === 0)) {
          assert.equal(got.hash, fragment, 'the share fragment');
        }

        // The page's own share link, in a fresh page, gives the same answers.
        const again = await openChecklist(c.checklist, got.hash);
        const restored = await shown(again.page);
        assertFigures(restored, c.expect, title, `${c.name} (share link)`);
        assert.deepEqual(restored.checked, got.checkedVisible, 'answers after opening the share link');
        assert.equal(restored.hash, got.hash, 'the share link keeps its fragment');
        assert.deepEqual(again.dialogs, []);
        assertClean(again, 'share link page');
        await again.context.close();
      } finally {
        assert.deepEqual(rec.dialogs, []);
        assertClean(rec, c.name);
        await rec.context.close();
      }
    });
  }
});

describe('checklist pages: the URL fragment is untrusted', () => {
  /** The DOM as markup, minus what quotes the address as text: the mailto:
   * links' messages and the printed record's link. */
  const snapshot = (page) =>
    page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true);
      copy.querySelectorAll('a[href^="mailto:"]').forEach((a) => a.removeAttribute('href'));
      copy.querySelectorAll('.record-link').forEach((el) => { el.textContent = ''; });
      return copy.outerHTML;
    });

  const HOSTILE = [
    ['markup in an answer id', '#fit:long-term=yes%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', ''],
    ['raw markup in an answer id', '#fit:long-term=<img src=x onerror=alert(1)>', ''],
    ['__proto__ as a question', '#fit:__proto__=x', ''],
    ['constructor and __proto__ keys', '#fit:constructor=prototype&__proto__[polluted]=1&toString=1', ''],
    ['two answers to a radio question', '#fit:budget=small,medium', '#fit:budget=small'],
    ['an unknown question', '#fit:nope=1', ''],
    ['a malformed escape', '#fit:long-term=%E0%A4%A&budget=%', ''],
    ['no answers at all', '#fit:long-term&&=&budget', ''],
    ['a 100 KB fragment', `#fit:${'long-term=yes&'.repeat(7500)}`, ''],
    ['a script tag', '#<script>alert(1)</script>', ''],
    ['another checklist', '#red-flags:renegotiates=yes', ''],
    ['an ordinary anchor', '#Section-2', ''],
  ];

  for (const [what, fragment, sameAs] of HOSTILE) {
    test(`${what}: ignored, no dialog, no error, the DOM unchanged but for answers`, async () => {
      ready();
      const base = await openChecklist('fit', sameAs);
      const rec = await openChecklist('fit', fragment);
      try {
        const [want, got] = [await snapshot(base.page), await snapshot(rec.page)];
        assert.ok(got === want, `${what}: the DOM differs from ${sameAs || 'the bare page'}`);
        assert.deepEqual((await shown(rec.page)).checked, (await shown(base.page)).checked);
        const polluted = await rec.page.evaluate(() => [
          Object.keys(Object.prototype).length,
          {}.polluted,
          typeof window.alert,
          document.querySelectorAll('img, script:not([src]):not([type="application/json"])').length,
        ]);
        assert.deepEqual(polluted, [0, undefined, 'function', 0]);
        const radio = await rec.page.locator('input[name="budget"]:checked').count();
        assert.ok(radio <= 1, 'at most one answer to a radio question');
        const hash = await rec.page.evaluate(() => location.hash);
        if (!fragment.startsWith('#fit:') || fragment.length > 5000) {
          // Not this checklist's share link: an ordinary fragment, left alone.
          assert.equal(decodeURIComponent(hash), decodeURIComponent(new URL(`file:///x${fragment}`).hash));
        } else {
          assert.equal(hash, sameAs || '#fit:', 'the address now holds the answers kept');
        }
      } finally {
        assert.deepEqual(rec.dialogs, [], 'dialogs');
        assertClean(rec, what);
        assertClean(base, `${what} (reference page)`);
        await rec.context.close();
        await base.context.close();
      }
    });
  }

  test('a share link pasted into the same tab replaces the answers', async () => {
    ready();
    const rec = await openChecklist('fit', '#fit:long-term=yes&budget=large');
    const { page } = rec;
    assert.equal((await shown(page)).points[0], 5);
    await page.evaluate(() => {
      location.hash = '#fit:long-term=no&budget=medium&involvement=1&channels=ads';
    });
    await page.waitForFunction(() => document.querySelector('[data-result]').getAttribute('data-band'));
    const got = await shown(page);
    assert.deepEqual(got.flags, ['Wants a one-off job', 'Relies on paid ads']);
    assert.equal(got.result, 'not-yet');
    assertClean(rec);
    await rec.context.close();
  });
});

describe('checklist pages: controls', () => {
  test('copy link: copies the share link and says so', async () => {
    ready();
    const rec = await openChecklist('fit');
    const { page, context } = rec;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await answerLabel(page, 'long-term', 'yes').click();
    await answerLabel(page, 'budget', 'large').click();
    await page.locator('[data-action="copy-link"]').click();
    await page.locator('.copy-status').filter({ hasText: /\S/ }).waitFor();
    const [href, copied, status] = await page.evaluate(async () => [
      location.href,
      await navigator.clipboard.readText(),
      document.querySelector('.copy-status').textContent,
    ]);
    assert.ok(href.endsWith('#fit:long-term=yes&budget=large'), href);
    assert.equal(copied, href);
    assert.equal(status, 'Link copied');
    assertClean(rec);
    await context.close();
  });

  test('copy link without a clipboard: the link, selected in a read-only field', async () => {
    ready();
    const rec = await openRecorded(browser, VIEWPORTS.phone);
    const { page, context } = rec;
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    });
    await page.goto(pageUrl('red-flags'));
    await answerLabel(page, 'renegotiates', 'no').click();
    await page.locator('[data-action="copy-link"]').click();
    const field = page.getByLabel('Link to your answers');
    await field.waitFor();
    const state = await field.evaluate((input) => ({
      value: input.value,
      href: location.href,
      readOnly: input.readOnly,
      focused: document.activeElement === input,
      selected: input.selectionStart === 0 && input.selectionEnd === input.value.length,
    }));
    assert.deepEqual(state, {
      value: state.href,
      href: state.href,
      readOnly: true,
      focused: true,
      selected: true,
    });
    assert.ok(state.href.endsWith('#red-flags:renegotiates=no'), state.href);
    assert.match(await page.locator('.copy-status').textContent(), /\S/);
    assertClean(rec);
    await context.close();
  });

  test('reset: every answer cleared, figures back to the start', async () => {
    ready();
    const rec = await openChecklist('fit', '#fit:long-term=no&budget=medium&involvement=1&channels=ads');
    const { page } = rec;
    assert.equal((await shown(page)).result, 'not-yet');
    await page.locator('[data-action="reset"]').click();
    const nothing = VECTORS.cases.find((c) => c.checklist === 'fit' && Object.keys(c.answers).length === 0);
    const got = await shown(page);
    assertFigures(got, nothing.expect, null, 'after reset');
    assert.deepEqual(got.checked, []);
    assert.equal(got.hash, '#fit:');
    assertClean(rec);
    await rec.context.close();
  });

  test('send my answers: a mailto: link with a message that reads as a person\'s, and the share link', async () => {
    ready();
    const best = VECTORS.cases.find((c) => c.checklist === 'fit' && c.expect.result === 'great' && c.expect.flags.length === 0);
    const rec = await openChecklist('fit');
    const { page } = rec;
    const m = await answerLikeAPerson(page, best.answers);
    // A flag too, so that the summary lists one.
    await answerLabel(page, 'channels', 'ads').click();
    const href = await page.locator('[data-action="send"]').getAttribute('href');
    const link = await page.evaluate(() => location.href);
    const title = m.results.find((r) => r.id === 'great').title;
    assert.ok(href.startsWith(`mailto:${AUTHOR_EMAIL}?`), href);
    assert.ok(href.includes(encodeURIComponent(title)), 'the result title, URL-encoded');
    assert.ok(href.includes(encodeURIComponent(link)), 'the share link, URL-encoded');
    const query = new URLSearchParams(href.slice(href.indexOf('?') + 1));
    const body = query.get('body');
    assert.ok(query.get('subject').includes(m.title), query.get('subject'));
    assert.ok(body.startsWith('Hello,'), body);
    for (const text of [
      'Are you looking for a long-term relationship rather than a one-off job?',
      'Over 5,000 €',
      '5 (Every step)',
      'Word of mouth, Paid ads, Articles we write',
      `Result: ${title} (92%)`,
      'Relies on paid ads',
      link,
    ]) {
      assert.ok(body.includes(text), `the summary lacks "${text}":\n${body}`);
    }
    assertClean(rec);
    await rec.context.close();
  });
});

describe('checklist pages: without JavaScript, and under a strict CSP', () => {
  test('without JavaScript: every question and answer, points, results; no live panel', async () => {
    ready();
    const rec = await openChecklist('fit', '', VIEWPORTS.laptop, { javaScriptEnabled: false });
    const { page } = rec;
    const state = await page.evaluate(() => ({
      hidden: document.querySelectorAll('fieldset[data-question][hidden]').length,
      fieldsets: document.querySelectorAll('fieldset[data-question]').length,
      panel: document.querySelector('.checklist-score').hidden,
      how: document.querySelector('.checklist-how').textContent,
      bands: document.querySelectorAll('[data-band-text]').length,
    }));
    assert.deepEqual(
      { ...state, how: state.how.includes('divide by 13') },
      { hidden: 0, fieldsets: 4, panel: true, how: true, bands: 3 },
    );
    assert.ok(await page.getByText('3 pts').first().isVisible());
    const file = await screenshot(page, 'checklist-fit-nojs-laptop-1280x900');
    console.log(`screenshot: ${file}`);
    assertClean(rec);
    await rec.context.close();
  });

  test('a Content-Security-Policy forbidding inline code and network origins, and the page works under it', async (t) => {
    ready();
    for (const id of Object.keys(VECTORS.checklists)) {
      const file = path.join(site.out, 'checklists', id, 'index.html');
      let html = fs.readFileSync(file, 'utf8');
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i.exec(html);
      let policy = meta ? meta[1].replace(/&#39;|&#x27;/g, "'") : null;
      if (!policy) {
        t.diagnostic(`base.html has no CSP <meta> yet: testing the proposed one: ${PROPOSED_CSP}`);
        policy = PROPOSED_CSP;
        html = html.replace(
          '<meta charset="utf-8">',
          `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${PROPOSED_CSP}">`,
        );
      }
      const directives = Object.fromEntries(
        policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]),
      );
      assert.deepEqual(directives['default-src'], ["'none'"], 'default-src');
      assert.deepEqual(directives['script-src'], ["'self'"], 'script-src: no inline script or handler');
      assert.deepEqual(directives['require-trusted-types-for'], ["'script'"]);
      assert.ok(!/https?:|\*|'unsafe-/.test(policy), `a network origin or unsafe- source in: ${policy}`);

      // A copy beside the page (same folder, so relative paths hold), with a
      // probe: an inline handler and a remote image, which must both be refused.
      const probe = path.join(path.dirname(file), 'csp-probe.html');
      fs.writeFileSync(
        probe,
        html.replace(
          '</main>',
          '<button type="button" id="Probe" onclick="document.title=\'inline ran\'">probe</button>' +
            '<img alt="" src="https://example.com/pixel.png"></main>',
        ),
      );
      const rec = await openRecorded(browser);
      const { page } = rec;
      await page.goto(fileUrl(probe));
      const c = VECTORS.cases.find((x) => x.checklist === id && x.expect.result !== null);
      const m = await answerLikeAPerson(page, c.answers);
      assertFigures(await shown(page), c.expect, m.results.find((r) => r.id === c.expect.result).title, `${id} under CSP`);
      const styled = await page.locator('.checklist-score').evaluate((el) => getComputedStyle(el).borderTopWidth);
      assert.equal(styled, '4px', 'the stylesheet applies');
      const before = await page.title();
      await page.locator('#Probe').click();
      assert.equal(await page.title(), before, 'an inline handler ran');
      assert.deepEqual(rec.pageErrors, []);
      // Chromium reports the probe's image as a request that the CSP failed.
      const remote = rec.requests.filter((u) => !u.startsWith('file:'));
      assert.deepEqual(remote, ['https://example.com/pixel.png'], 'requests off file://');
      assert.deepEqual(rec.failedRequests, remote.map((u) => `${u} (csp)`), 'not blocked by the CSP');
      // The only console errors are the CSP's refusals of the probe.
      assert.ok(
        rec.consoleErrors.every((e) => /Content Security Policy|Refused/i.test(e)),
        rec.consoleErrors.join('\n'),
      );
      await rec.context.close();
      fs.rmSync(probe);
    }
  });
});

describe('checklist pages: screenshots', () => {
  const FULL = VECTORS.cases.find((c) => c.checklist === 'fit' && c.expect.flags.length > 0 && c.expect.result !== null && c.expect.hidden.length === 0);

  test('the fit checklist at phone and laptop widths, before and after answering, and printed', async () => {
    ready();
    const saved = [];
    for (const [name, vp] of Object.entries(VIEWPORTS)) {
      const rec = await openChecklist('fit', '', vp);
      const { page } = rec;
      const stem = `checklist-fit-${name}-${vp.width}x${vp.height}`;
      saved.push(await screenshot(page, `${stem}-before`));
      await answerLikeAPerson(page, FULL.answers);
      assert.equal((await shown(page)).result, FULL.expect.result);
      await page.evaluate(() => window.scrollTo(0, 0));
      saved.push(await screenshot(page, `${stem}-after`));
      if (name === 'laptop') {
        // Print: a one-page record of the answers and the result.
        const pdf = path.join(SCREENSHOT_DIR, 'checklist-fit-print.pdf');
        await page.pdf({ path: pdf, format: 'A4' });
        saved.push(pdf);
        const pages = Number(/\/Count (\d+)/.exec(fs.readFileSync(pdf, 'latin1'))?.[1]);
        assert.equal(pages, 1, 'the printed record fits on one page');
        const png = path.join(SCREENSHOT_DIR, 'checklist-fit-print');
        const run = spawnSync('pdftoppm', ['-r', '80', '-png', '-singlefile', pdf, png]);
        if (run.status === 0) {
          saved.push(`${png}.png`);
        } else {
          await page.emulateMedia({ media: 'print' });
          saved.push(await screenshot(page, 'checklist-fit-print'));
          await page.emulateMedia({ media: null });
        }
      }
      assertClean(rec, stem);
      await rec.context.close();
    }
    for (const file of saved) console.log(`screenshot: ${file}`);
  });
});
