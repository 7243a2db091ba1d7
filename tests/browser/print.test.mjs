// The page with the whole handbook, from file://: it renders to a PDF with
// Chromium's own printing (page.pdf()), with every article in it, each
// starting on a new sheet after the table of contents.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOT_DIR, assertClean, fileUrl, openRecorded, shareSiteAndBrowser } from './lib.mjs';

let site;
let browser;
const ready = shareSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

describe('printing the whole handbook', () => {
  test('the print page has every article and prints to a PDF', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'index.html')));
    // Every article the sidebar lists (checklists print on their own pages).
    const articles = await tab.$$eval('.site-nav .nav-pages a', (links) =>
      links.map((a) => a.textContent.trim()).filter(Boolean),
    );
    await tab.click('.print-link a');
    await tab.waitForURL(/\/print\/index\.html$/);
    const printed = await tab.$$eval('.print-article-title', (hs) => hs.map((h) => h.textContent.trim()));
    const checklists = await tab.$$eval('.site-nav .nav-pages a[href*="checklists/"]', (links) =>
      links.map((a) => a.textContent.trim()),
    );
    assert.deepEqual(
      printed,
      articles.filter((t) => !checklists.includes(t)),
      'every article, in the sidebar order',
    );
    // Table-of-contents links land on the articles.
    const toc = await tab.$$eval('.print-toc a', (links) => links.map((a) => a.getAttribute('href')));
    for (const href of toc) {
      assert.equal(await tab.locator(href).count(), 1, `${href} names one element`);
    }
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdf = await tab.pdf({ path: path.join(SCREENSHOT_DIR, 'print-handbook.pdf'), format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages > printed.length, `${pages} PDF pages for ${printed.length} articles`);
    // Printing keeps the text only: no sidebar, no header controls.
    await tab.emulateMedia({ media: 'print' });
    assert.equal(await tab.locator('.sidebar').isVisible(), false);
    assertClean(rec, 'the print page');
    await rec.context.close();
  });
});
