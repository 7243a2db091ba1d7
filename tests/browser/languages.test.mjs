// The bilingual example playbook in Chromium, from file://: the language
// switcher lands on the same article in the other language, a filled-in
// checklist keeps its answers across languages, and screenshots of the Italian
// home page, an Italian article and an Italian checklist with its result, for a
// person to look at (tests/browser/out/).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  VIEWPORTS,
  assertClean,
  fileUrl,
  openRecorded,
  screenshot,
  shareSiteAndBrowser,
} from './lib.mjs';

let site;
let browser;
const ready = shareSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

const page = (rel) => fileUrl(path.join(site.out, rel));

/** Answers every visible question with its first answer, until none is left. */
async function answerEverything(tab) {
  for (let round = 0; round < 10; round += 1) {
    const open = await tab.$$eval('fieldset[data-question]', (sets) =>
      sets
        .filter((s) => s.offsetParent !== null && !s.querySelector('input:checked'))
        .map((s) => s.getAttribute('data-question')),
    );
    if (open.length === 0) return;
    for (const id of open) {
      await tab.locator(`fieldset[data-question="${id}"] input`).first().check();
    }
  }
  throw new Error('questions kept appearing');
}

/** The ids of the checked answers, by question. */
async function checkedAnswers(tab) {
  return tab.$$eval('fieldset[data-question]', (sets) =>
    Object.fromEntries(
      sets.map((s) => [
        s.getAttribute('data-question'),
        Array.from(s.querySelectorAll('input:checked'), (i) => i.value).join(','),
      ]),
    ),
  );
}

describe('languages of the example playbook', () => {
  test('the switcher on an article lands on its translation, and back', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(page('loyalty/keeping-in-touch/index.html'));
    assert.equal(await tab.getAttribute('html', 'lang'), 'en');
    const english = await tab.textContent('main h1');

    await tab.click('a[hreflang="it"]');
    await tab.waitForURL(/\/it\/loyalty\/keeping-in-touch\/index\.html$/);
    assert.equal(await tab.getAttribute('html', 'lang'), 'it');
    const italian = await tab.textContent('main h1');
    assert.notEqual(italian, english);
    assert.equal(await tab.getAttribute('a[hreflang="it"]', 'aria-current'), 'true');
    // Dates and the theme's words are Italian too.
    assert.match(await tab.textContent('.page-header .meta'), /Pubblicato il \d+º? \w+ 2026/);

    await tab.click('a[hreflang="en"]');
    await tab.waitForURL(/\/loyalty\/keeping-in-touch\/index\.html$/);
    assert.doesNotMatch(tab.url(), /\/it\//);
    assert.equal(await tab.textContent('main h1'), english);
    assertClean(rec, 'switching languages');
    await tab.context().close();
  });

  test('switching language on a filled-in checklist keeps the answers and the score', async () => {
    ready();
    const rec = await openRecorded(browser);
    const tab = rec.page;
    await tab.goto(page('checklists/are-we-a-fit/index.html'));
    await answerEverything(tab);
    const answers = await checkedAnswers(tab);
    const percent = await tab.textContent('.score-line [data-percent]');
    const result = await tab.locator('[data-result]').innerText();
    assert.ok(result.trim().length > 0, 'a result shows once everything is answered');

    await tab.click('a[hreflang="it"]');
    await tab.waitForURL(/\/it\/checklists\/are-we-a-fit\/index\.html#are-we-a-fit:/);
    assert.deepEqual(await checkedAnswers(tab), answers);
    assert.equal(await tab.textContent('.score-line [data-percent]'), percent);
    const risultato = await tab.locator('[data-result]').innerText();
    assert.ok(risultato.trim().length > 0);
    assert.notEqual(risultato, result, 'the result is in Italian');
    await tab.locator('[data-result]').scrollIntoViewIfNeeded();
    await screenshot(tab, 'languages-it-checklist-result');

    // And back again, with an answer changed in Italian.
    await tab.locator('fieldset[data-question] input').nth(1).check();
    const changed = await checkedAnswers(tab);
    await tab.click('a[hreflang="en"]');
    await tab.waitForURL(/\/checklists\/are-we-a-fit\/index\.html#/);
    assert.deepEqual(await checkedAnswers(tab), changed);
    assertClean(rec, 'the checklist across languages');
    await tab.context().close();
  });

  test('screenshots of the Italian home page and an Italian article', async () => {
    ready();
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const rec = await openRecorded(browser, viewport);
      const tab = rec.page;
      await tab.goto(page('it/index.html'));
      assert.match(await tab.textContent('main h1'), /Come lavoriamo con i clienti/);
      await screenshot(tab, `languages-it-home-${name}`);
      await tab.goto(page('it/working-together/four-steps/index.html'));
      const alt = await tab.getAttribute('.lead-image img', 'alt');
      assert.match(alt, /quattro passi/);
      assert.match(await tab.getAttribute('.lead-image img', 'src'), /diagram\.it\.svg$/);
      await screenshot(tab, `languages-it-article-${name}`);
      assertClean(rec, `Italian pages (${name})`);
      await tab.context().close();
    }
  });
});
