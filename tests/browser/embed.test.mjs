// Browser tests of checklists shown in an article (`{{ checklist(id="…") }}`),
// opened from file:// in Chromium.
//
// A small site holds the two scoring fixtures as checklists (ids `fit` and
// `red-flags`, as in checklist.test.mjs) and two articles: one showing `fit`,
// one showing both. For every case of tests/vectors/scoring.json, the same
// clicks on the checklist's page and in the article must show the same
// figures, result and flags; the article's share link restores the answers;
// two checklists on one page stay independent; axe-core finds nothing; and
// screenshots are saved for a person to look at.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  HERE,
  REPO_ROOT,
  answerLikeAPerson,
  checklistShown,
  SCREENSHOT_DIR,
  VIEWPORTS,
  assertClean,
  buildSite,
  fileUrl,
  openRecorded,
  screenshot,
  shareSiteAndBrowser,
} from './lib.mjs';

const VECTORS = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'tests', 'vectors', 'scoring.json'), 'utf8'),
);
const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const ONE = 'guide/before-we-start/index.html';
const BOTH = 'guide/two-checklists/index.html';
/** The root of each checklist: on its own page, and in an article. */
const PAGE_ROOT = '.checklist-page[data-checklist-root]';
const embedRoot = (id) => `.checklist-embed[data-checklist-root]:has(form[data-checklist="${id}"])`;

let site;
let browser;
const ready = shareSiteAndBrowser(
  (s, b) => {
    site = s;
    browser = b;
  },
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-browser-embed-'));
    try {
      const src = path.join(tmp, 'src');
      const write = (rel, text) => {
        fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
        fs.writeFileSync(path.join(src, rel), text);
      };
      write('site.yaml', 'title: Embed tests\nlanguage: en\nauthor: { name: Giulia Rossi, email: hello@example.com }\n');
      write('content/_index.md', '---\ntitle: Embed tests\n---\n\nArticles showing checklists.\n');
      for (const [id, file] of Object.entries(VECTORS.checklists)) {
        write(`content/checklists/${id}.yaml`, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
      }
      write(
        'content/guide/before-we-start.md',
        '---\ntitle: Before we start\n---\n\n## Why we ask\n\nA few honest questions first.\n\n' +
          '{{ checklist(id="fit") }}\n\n## Afterwards\n\nWrite to us either way.\n',
      );
      for (const id of Object.keys(VECTORS.checklists).filter((id) => id !== 'fit' && id !== 'red-flags')) {
        write(`content/guide/show-${id}.md`, `---\ntitle: Show ${id}\n---\n\n{{ checklist(id="${id}") }}\n`);
      }
      write(
        'content/guide/two-checklists.md',
        '---\ntitle: Two checklists\n---\n\n## For prospects\n\nThe first one.\n\n{{ checklist(id="fit") }}\n\n' +
          '## For us\n\nThe second one.\n\n{{ checklist(id="red-flags") }}\n',
      );
      return buildSite({ source: src, tmp, outName: 'out' });
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  },
);

async function open(rel, fragment = '', viewport = VIEWPORTS.laptop, options = {}) {
  const rec = await openRecorded(browser, viewport, options);
  await rec.page.goto(fileUrl(path.join(site.out, rel)) + fragment, { waitUntil: 'load' });
  return rec;
}

/** The figures a vector expects, in the shape checklistShown() gives. */
function expected(c) {
  return {
    points: c.expect.points,
    max: c.expect.max,
    percent: c.expect.percent,
    result: c.expect.result,
    flags: c.expect.flags,
    hidden: c.expect.hidden,
    sections: c.expect.sections,
  };
}

function figures(s) {
  const one = (list) => (list.every((x) => x === list[0]) ? list[0] : list);
  return {
    points: one(s.points),
    max: one(s.max),
    percent: one(s.percent),
    result: s.result,
    flags: s.flags,
    hidden: s.hidden,
    sections: s.sections,
  };
}

describe('a checklist in an article scores like its own page', () => {
  for (const c of VECTORS.cases) {
    test(`${c.checklist}: ${c.name}`, async () => {
      ready();
      const article = { fit: ONE, 'red-flags': BOTH }[c.checklist] ?? `guide/show-${c.checklist}/index.html`;
      const own = await open(`checklists/${c.checklist}/index.html`);
      const shows = await open(article);
      try {
        await answerLikeAPerson(own.page, c.answers, PAGE_ROOT);
        await answerLikeAPerson(shows.page, c.answers, embedRoot(c.checklist));
        const there = await checklistShown(own.page, PAGE_ROOT);
        const here = await checklistShown(shows.page, embedRoot(c.checklist));
        assert.ok(here.live, 'the embedded checklist is live');
        assert.deepEqual(figures(here), figures(there), 'the article shows what the page shows');
        assert.deepEqual(figures(here), expected(c), 'the figures of the vector');
        assert.equal(here.resultTitle, there.resultTitle, 'the result title');
        assert.deepEqual(here.checkedVisible, there.checkedVisible, 'the answers');
        const [ownHash, hash] = [
          await own.page.evaluate(() => location.hash),
          await shows.page.evaluate(() => location.hash),
        ];
        if (here.checkedVisible.length > 0) assert.equal(hash, ownHash, 'the same share fragment');
      } finally {
        assertClean(own, 'the checklist page');
        assertClean(shows, 'the article');
        await own.context.close();
        await shows.context.close();
      }
    });
  }
});

describe('a checklist in an article: share link, independence, accessibility', () => {
  const FLAGGED = VECTORS.cases.find(
    (c) => c.checklist === 'fit' && c.expect.result !== null && c.expect.flags.length > 0,
  );
  const RED = VECTORS.cases.find((c) => c.checklist === 'red-flags' && c.expect.result !== null);

  test('the share link of an article restores its checklist, and only that one', async () => {
    ready();
    const first = await open(BOTH);
    await answerLikeAPerson(first.page, FLAGGED.answers, embedRoot('fit'));
    const want = await checklistShown(first.page, embedRoot('fit'));
    const hash = await first.page.evaluate(() => location.hash);
    assert.match(hash, /^#fit:./, 'the address holds the answers');
    assertClean(first);
    await first.context.close();

    const again = await open(BOTH, hash);
    try {
      const got = await checklistShown(again.page, embedRoot('fit'));
      assert.deepEqual(got.checkedVisible, want.checkedVisible, 'the answers, restored');
      assert.deepEqual(figures(got), expected(FLAGGED), 'the figures, restored');
      const other = await checklistShown(again.page, embedRoot('red-flags'));
      assert.deepEqual([other.checkedVisible, other.result], [[], null], 'the other checklist is left alone');
      assert.equal(await again.page.evaluate(() => location.hash), hash, 'the fragment kept');
      // The copy-link of each checklist copies its own answers.
      await again.context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await again.page.locator(`${embedRoot('fit')} [data-action="copy-link"]`).click();
      await again.page.locator(`${embedRoot('fit')} .copy-status`).filter({ hasText: /\S/ }).waitFor();
      const copied = await again.page.evaluate(() => navigator.clipboard.readText());
      assert.ok(copied.endsWith(hash), copied);
    } finally {
      assertClean(again);
      await again.context.close();
    }
  });

  test('two checklists on one page stay independent; a heading anchor leaves both alone', async () => {
    ready();
    const rec = await open(BOTH, '#for-us');
    const { page } = rec;
    try {
      const start = await checklistShown(page, embedRoot('fit'));
      assert.equal(await page.evaluate(() => location.hash), '#for-us', 'an ordinary anchor stays');
      assert.deepEqual(start.checkedVisible, []);

      await answerLikeAPerson(page, FLAGGED.answers, embedRoot('fit'));
      const fit = await checklistShown(page, embedRoot('fit'));
      assert.deepEqual(figures(fit), expected(FLAGGED));
      const untouched = await checklistShown(page, embedRoot('red-flags'));
      assert.deepEqual([untouched.checkedVisible, untouched.answered, untouched.result], [[], 0, null]);

      await answerLikeAPerson(page, RED.answers, embedRoot('red-flags'));
      assert.deepEqual(figures(await checklistShown(page, embedRoot('red-flags'))), expected(RED));
      assert.deepEqual(await checklistShown(page, embedRoot('fit')), fit, 'fit is as it was');
      assert.match(await page.evaluate(() => location.hash), /^#red-flags:/, 'the last answered');

      // Reset clears its own checklist only.
      await page.locator(`${embedRoot('red-flags')} [data-action="reset"]`).click();
      assert.deepEqual((await checklistShown(page, embedRoot('red-flags'))).checkedVisible, []);
      assert.deepEqual(await checklistShown(page, embedRoot('fit')), fit, 'fit survives the other reset');

      // A share link of the other checklist pasted into the tab changes only that one.
      await page.evaluate(() => {
        location.hash = '#red-flags:renegotiates=yes';
      });
      await page.waitForFunction(() =>
        document.querySelector('form[data-checklist="red-flags"] input:checked'),
      );
      assert.deepEqual(await checklistShown(page, embedRoot('fit')), fit, 'fit ignores the other fragment');
      const files = await screenshot(page, 'embed-two-checklists-laptop-1280x900');
      console.log(`screenshot: ${files}`);
    } finally {
      assertClean(rec);
      await rec.context.close();
    }
  });

  test('axe-core finds nothing on articles showing checklists, before and after answering', async () => {
    ready();
    for (const [rel, root, answers] of [
      [ONE, embedRoot('fit'), FLAGGED.answers],
      [BOTH, embedRoot('red-flags'), RED.answers],
    ]) {
      for (const scheme of ['light', 'dark']) {
        const rec = await open(rel, '', VIEWPORTS.laptop, { bypassCSP: true, colorScheme: scheme });
        const { page } = rec;
        const run = async () => {
          await page.evaluate(AXE);
          const result = await page.evaluate(() =>
            // eslint-disable-next-line no-undef
            axe.run(document, { resultTypes: ['violations'] }),
          );
          return result.violations.flatMap((v) =>
            v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}`),
          );
        };
        assert.deepEqual(await run(), [], `${rel} (${scheme}) before answering`);
        await answerLikeAPerson(page, answers, root);
        assert.deepEqual(await run(), [], `${rel} (${scheme}) after answering`);
        await rec.context.close();
      }
    }
  });

  test('without JavaScript: the questionnaire in the article, the live panel hidden', async () => {
    ready();
    const rec = await open(ONE, '', VIEWPORTS.laptop, { javaScriptEnabled: false });
    const state = await rec.page.evaluate(() => ({
      fieldsets: document.querySelectorAll('.checklist-embed fieldset[data-question]').length,
      panel: document.querySelector('.checklist-embed .checklist-score').hidden,
      bands: document.querySelectorAll('.checklist-embed [data-band-text]').length,
    }));
    assert.deepEqual(state, { fieldsets: 4, panel: true, bands: 3 });
    assertClean(rec);
    await rec.context.close();
  });

  test('screenshots: the article at phone and laptop widths, answered, and printed', async () => {
    ready();
    const saved = [];
    for (const [name, vp] of Object.entries(VIEWPORTS)) {
      const rec = await open(ONE, '', vp);
      const { page } = rec;
      await answerLikeAPerson(page, FLAGGED.answers, embedRoot('fit'));
      await page.evaluate(() => window.scrollTo(0, 0));
      saved.push(await screenshot(page, `embed-article-${name}-${vp.width}x${vp.height}`));
      if (name === 'laptop') {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const pdf = path.join(SCREENSHOT_DIR, 'embed-article-print.pdf');
        await page.pdf({ path: pdf, format: 'A4' });
        saved.push(pdf);
        await page.emulateMedia({ media: 'print' });
        const hiddenInPrint = await page.evaluate(() =>
          ['.checklist-actions', '.checklist-progress', '.sidebar'].map(
            (s) => getComputedStyle(document.querySelector(s)).display,
          ),
        );
        assert.deepEqual(hiddenInPrint, ['none', 'none', 'none'], 'controls are not printed');
        saved.push(await screenshot(page, 'embed-article-print'));
        await page.emulateMedia({ media: null });
      }
      assertClean(rec);
      await rec.context.close();
    }
    for (const file of saved) console.log(`screenshot: ${file}`);
  });
});
