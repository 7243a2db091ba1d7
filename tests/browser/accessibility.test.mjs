// axe-core on the example playbook's pages, opened from file:// in Chromium:
// its default rules (WCAG 2.1 A/AA and best practices such as landmarks and
// heading order) must find nothing, in light and dark colours, at phone and
// laptop widths, and on checklist pages before and after answering.
//
// axe is injected through the DevTools protocol (page.evaluate), which the
// pages' Content-Security-Policy does not apply to; the context also bypasses
// the CSP so that axe's own workings are not mistaken for the page's.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { VIEWPORTS, axeViolations, buildSite, fileUrl, launchBrowser } from './lib.mjs';


const PAGES = [
  'index.html',
  'choosing-clients/index.html',
  'choosing-clients/fewer-better/index.html',
  'loyalty/keeping-in-touch/index.html',
  'working-together/four-steps/index.html',
  'checklists/index.html',
  'checklists/are-we-a-fit/index.html',
  'checklists/red-flags/index.html',
  'checklists/keeping-clients/index.html',
  '404.html',
  'it/index.html',
  'it/loyalty/keeping-in-touch/index.html',
  'it/checklists/are-we-a-fit/index.html',
  'it/404.html',
  'print/index.html',
  'ideal-and-toxic-clients/toxic-signs/index.html',
  'tags/index.html',
  'tags/loyalty/index.html',
];


describe('accessibility of the example playbook (axe-core)', () => {
  let site;
  let browser;

  before(async () => {
    site = buildSite();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    site?.cleanup();
  });

  for (const scheme of ['light', 'dark']) {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      test(`every page, ${scheme} colours, ${name} width`, async () => {
        const context = await browser.newContext({ viewport, colorScheme: scheme, bypassCSP: true });
        const page = await context.newPage();
        const found = [];
        for (const rel of PAGES) {
          const file = path.join(site.out, rel);
          assert.ok(fs.existsSync(file), `${rel} was not built`);
          await page.goto(fileUrl(file));
          found.push(...(await axeViolations(page)).map((v) => `${rel}: ${v}`));
        }
        await context.close();
        assert.deepEqual(found, [], found.join('\n'));
      });
    }
  }

  for (const scheme of ['light', 'dark']) {
    test(`search results open, ${scheme} colours`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS.laptop, colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      const found = [];
      for (const [rel, query] of [['index.html', 'client'], ['it/index.html', 'perche']]) {
        await page.goto(fileUrl(path.join(site.out, rel)));
        await page.locator('input[type="search"]').fill(query);
        await page.locator('.search-result mark').first().waitFor();
        // One result focused from the keyboard, as a reader moving through them.
        await page.keyboard.press('ArrowDown');
        found.push(...(await axeViolations(page)).map((v) => `${rel} searching "${query}": ${v}`));
      }
      await context.close();
      assert.deepEqual(found, [], found.join('\n'));
    });
  }

  test('a checklist page with every question answered', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site.out, 'checklists/are-we-a-fit/index.html')));
    // Answer every visible question with its first answer, as a keyboard user
    // or a person would: questions revealed by an answer get theirs in turn.
    for (let round = 0; round < 5; round++) {
      const open = page.locator('fieldset[data-question]:not([hidden])');
      for (let i = 0; i < (await open.count()); i++) {
        const first = open.nth(i).locator('input').first();
        if (!(await first.isChecked())) await first.check();
      }
    }
    const found = await axeViolations(page);
    await context.close();
    assert.deepEqual(found, [], found.join('\n'));
  });
});
