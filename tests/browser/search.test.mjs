// The search box, from file:// with the pages' own Content-Security-Policy in
// force (the index is a script loaded through a Trusted Types policy): it
// finds an Italian word typed without its accent, highlights it, is used from
// the keyboard, and stays in the page's language.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertClean, fileUrl, openRecorded, screenshot, searchFor, shareSiteAndBrowser } from './lib.mjs';
import { readIndex, referenceSearch } from './search-reference.mjs';

let site;
let browser;
const ready = shareSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

describe('search', () => {
  test('an Italian word typed without accents finds the Italian pages, highlighted', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'it', 'index.html')));
    // Nothing is loaded before the reader searches.
    assert.equal(await tab.evaluate(() => document.querySelectorAll('script[src*="search-index"]').length), 0);
    const results = await searchFor(tab, 'perche');
    assert.ok(results.length >= 3, `results for "perche": ${JSON.stringify(results)}`);
    const marks = results.flatMap((r) => r.marks.map((m) => m.toLowerCase()));
    assert.ok(marks.includes('perché'), `highlighted: ${marks.join(', ')}`);
    // Italian pages only: every result lives under it/.
    for (const r of results) {
      assert.match(new URL(r.href, tab.url()).pathname, /\/it\//, `${r.title} is an Italian page`);
    }
    await screenshot(tab, 'search-italian');

    // Keyboard: down into the results, down, back up, Enter opens that page.
    await tab.locator('input[type="search"]').focus();
    await tab.keyboard.press('ArrowDown');
    const first = await tab.evaluate(() => document.activeElement.href);
    await tab.keyboard.press('ArrowDown');
    assert.notEqual(await tab.evaluate(() => document.activeElement.href), first, 'down moves on');
    await tab.keyboard.press('ArrowUp');
    const chosen = await tab.evaluate(() => document.activeElement.href);
    assert.equal(chosen, first, 'up comes back');
    assert.match(chosen, /\/it\/.+\/index\.html/, `focused result: ${chosen}`);
    await Promise.all([tab.waitForURL((u) => u.href === chosen), tab.keyboard.press('Enter')]);
    await tab.waitForLoadState('load');
    assert.equal(await tab.locator('main h1').count(), 1);
    assert.equal(await tab.evaluate(() => document.documentElement.lang), 'it');
    assertClean(rec, 'searching in Italian');
    await rec.context.close();
  });

  test('the example ranks as a search over its whole text does, in one request per language', async () => {
    ready();
    for (const [home, queries] of [
      ['', ['client', 'fit', 'c', 'cherry pick', 'budget scope', 'red flags', 'l incontro', 'PAY']],
      ['it', ['perche', 'cliente', 'c', 'l incontro', 'prezzo', 'segnali rossi', 'qualità']],
    ]) {
      const docs = readIndex(path.join(site.out, home, 'search-index.js'));
      const rec = await openRecorded(browser);
      const tab = rec.page;
      await tab.goto(fileUrl(path.join(site.out, home, 'index.html')));
      for (const query of queries) {
        const shown = await searchFor(tab, query);
        const expected = referenceSearch(docs, query, false);
        assert.deepEqual(
          shown.map((r) => r.title),
          expected.found.map((r) => r.title),
          `results of "${query}"`,
        );
      }
      const scripts = rec.requests.filter((u) => u.includes('search-index'));
      assert.equal(scripts.length, 1, `one index script: ${scripts}`);
      await rec.context.close();
    }
  });

  test('Enter opens the best match; Escape closes the results', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'index.html')));
    const results = await searchFor(tab, 'cherry picker');
    assert.ok(results.length >= 1, 'found');
    assert.match(results[0].title, /cherry/i, `best match: ${results[0].title}`);
    await tab.locator('input[type="search"]').press('Escape');
    assert.equal(await tab.locator('.search-panel').isVisible(), false, 'Escape closes the panel');

    await searchFor(tab, 'cherry picker');
    const target = new URL(results[0].href, tab.url()).href;
    await Promise.all([
      tab.waitForURL((u) => u.href === target),
      tab.locator('input[type="search"]').press('Enter'),
    ]);
    assert.match(await tab.locator('h1').textContent(), /cherry/i);

    // A match under a heading leads to that heading.
    const under = await searchFor(tab, 'anticipate');
    const withAnchor = under.find((r) => r.href.includes('#'));
    assert.ok(withAnchor, `a result with a heading: ${JSON.stringify(under)}`);
    const id = decodeURIComponent(withAnchor.href.split('#')[1]);
    await tab.goto(new URL(withAnchor.href, tab.url()).href);
    assert.equal(await tab.locator(`[id="${id}"]`).count(), 1, `#${id} is on the page`);
    assertClean(rec, 'searching in English');
    await rec.context.close();
  });

  test('a word found nowhere says so; "/" puts the cursor in the box', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'choosing-clients', 'index.html')));
    const none = await searchFor(tab, 'zzyzx');
    assert.equal(none.length, 0);
    assert.match(await tab.locator('.search-status').textContent(), /zzyzx/);
    // "/" from anywhere in the page puts the cursor in the box.
    await tab.locator('main').click();
    await tab.keyboard.press('/');
    assert.equal(await tab.evaluate(() => document.activeElement.type), 'search');
    assertClean(rec, 'a search without results');
    await rec.context.close();
  });

  test('Enter before the index has loaded opens the best match once it has', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'index.html')));
    const box = tab.locator('input[type="search"]');
    await box.fill('cherry picker');
    // Straight away, before the pause that starts a search.
    await Promise.all([tab.waitForURL(/\/loyalty\/[^/]+\/index\.html/), box.press('Enter')]);
    assert.match(await tab.locator('main h1').textContent(), /cherry/i);
    assertClean(rec, 'Enter while loading');
    await rec.context.close();
  });

  test('back in the box with a query, the results come back; screen readers hear the count', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(fileUrl(path.join(site.out, 'index.html')));
    await searchFor(tab, 'client');
    await tab.keyboard.press('Shift+Tab');
    assert.equal(await tab.locator('.search-panel').isVisible(), false, 'leaving closes the results');
    await tab.keyboard.press('Tab');
    assert.equal(await tab.locator('.search-panel').isVisible(), true, 'coming back opens them');
    await tab.keyboard.press('ArrowDown');
    assert.equal(await tab.evaluate(() => document.activeElement.className), 'search-result-link');
    // The live region, outside the panel, says the count once typing pauses.
    const live = tab.locator('[role="status"].search-announce');
    await live.filter({ hasText: /\d+ pages? found/ }).waitFor({ timeout: 5000 });
    assertClean(rec, 'coming back to the search');
    await rec.context.close();
  });

  test('a page whose policy refuses the index says the search could not start', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    // A copy of the home page with an older policy: no Trusted Types policy allowed.
    const html = fs
      .readFileSync(path.join(site.out, 'index.html'), 'utf8')
      .replace("trusted-types rapport-search", "trusted-types 'none'");
    const copy = path.join(site.out, 'old-policy.html');
    fs.writeFileSync(copy, html);
    await tab.goto(fileUrl(copy));
    await tab.locator('input[type="search"]').fill('client');
    await tab.locator('.search-status').filter({ hasText: /could not start/ }).waitFor({ timeout: 5000 });
    fs.rmSync(copy);
    await rec.context.close();
  });
});
