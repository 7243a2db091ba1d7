// Browser tests of the built example site, opened from file://:
// the theme hooks every page keeps (contract: "Theme hooks every page keeps"),
// sidebar and prev/next navigation, relative links, no network, screenshots.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  shareSiteAndBrowser,
  VIEWPORTS,
  assertClean,
  assertRelativeLinksExist,
  bare,
  buildSite,
  clickAndWait,
  currentNavEntries,
  fileUrl,
  firstSidebarArticleLink,
  headings,
  norm,
  openRecorded,
  problems,
  screenshot,
} from './lib.mjs';

let site;
let browser;
const ready = shareSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

/** One `<h1>` in the page, inside `<main>` (exactly one `<main>`). Returns its text. */
async function assertOneH1InMain(page) {
  const h = await headings(page);
  assert.equal(h.mains, 1, `${page.url()}: expected exactly one <main>`);
  assert.equal(h.inMain.length, 1, `${page.url()}: expected exactly one <h1> inside <main>`);
  assert.equal(h.all.length, 1, `${page.url()}: expected one <h1> in the page, got ${h.all.length}`);
  const text = norm(h.inMain[0]);
  assert.notEqual(text, '', `${page.url()}: the <h1> is empty`);
  return text;
}

/** The current page's entry in the navigation carries aria-current="page", and only it. */
async function assertCurrentEntry(page, expectedText) {
  const here = bare(page.url());
  const entries = await currentNavEntries(page);
  assert.ok(
    entries.some((e) => e.url === here),
    `${here}: no nav a[aria-current="page"] pointing to this page; found ${JSON.stringify(entries)}`,
  );
  const elsewhere = entries.filter((e) => e.url !== here);
  assert.deepEqual(elsewhere, [], `${here}: aria-current="page" on entries for other pages`);
  if (expectedText !== undefined) {
    assert.ok(
      entries.some((e) => e.url === here && e.text === expectedText),
      `${here}: the aria-current entry's text should be "${expectedText}"; found ${JSON.stringify(entries)}`,
    );
  }
}

describe('example site from file://', () => {
  test('home page: <html lang>, one h1 in main, stylesheet applied, links resolve', async () => {
    ready();
    const rec = await openRecorded(browser, VIEWPORTS.laptop);
    try {
      const { page } = rec;
      await page.goto(fileUrl(path.join(site.out, 'index.html')));

      const lang = await page.getAttribute('html', 'lang');
      assert.ok(lang && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang), `<html lang> is "${lang}"`);

      await assertOneH1InMain(page);

      // Every linked stylesheet loaded (a failed <link> has no .sheet) and there is one.
      const sheets = await page.$$eval('link[rel~="stylesheet"]', (ls) =>
        ls.map((l) => ({ href: l.href, loaded: l.sheet !== null })),
      );
      assert.ok(sheets.length > 0, 'the home page links no stylesheet');
      for (const s of sheets) assert.ok(s.loaded, `stylesheet did not load: ${s.href}`);

      // ...and it is applied: computed styles differ from the browser's defaults.
      // (file:// stylesheets' cssRules are unreadable in Chromium, so compare styles.)
      const probe = () => {
        const b = getComputedStyle(document.body);
        const h1 = document.querySelector('main h1');
        const hs = h1 ? getComputedStyle(h1) : null;
        return {
          'body font-family': b.fontFamily,
          'body background': b.backgroundColor,
          'body color': b.color,
          'body margin': b.margin,
          'h1 font-size': hs ? hs.fontSize : '',
          'h1 font-family': hs ? hs.fontFamily : '',
        };
      };
      const styled = await page.evaluate(probe);
      const plainCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const plain = await plainCtx.newPage();
        await plain.setContent('<!doctype html><html lang="en"><body><main><h1>x</h1></main></body></html>');
        const defaults = await plain.evaluate(probe);
        const differing = Object.keys(defaults).filter((k) => defaults[k] !== styled[k]);
        assert.ok(
          differing.length >= 2,
          `the stylesheet seems not applied: computed styles equal the browser defaults ` +
            `${JSON.stringify(styled)}`,
        );
      } finally {
        await plainCtx.close();
      }

      const checked = await assertRelativeLinksExist(page, site.out);
      assert.ok(checked > 0, 'the home page has no relative links at all');
      assertClean(rec, 'home page');
    } finally {
      await rec.context.close();
    }
  });

  test('sidebar link to the first article, then rel=next and rel=prev', async () => {
    ready();
    const rec = await openRecorded(browser, VIEWPORTS.laptop);
    try {
      const { page } = rec;
      await page.goto(fileUrl(path.join(site.out, 'index.html')));

      // 1. The first article of the sidebar.
      const link = await firstSidebarArticleLink(page, site.out);
      await clickAndWait(page, page.locator('nav a[href]').nth(link.index), link.url);
      const articleUrl = bare(page.url());
      assert.equal(articleUrl, link.url);
      const articleTitle = await assertOneH1InMain(page);
      assert.equal(articleTitle, link.text, 'the article h1 should match the sidebar link text');
      await assertCurrentEntry(page, articleTitle);

      const lang = await page.getAttribute('html', 'lang');
      assert.ok(lang, 'the article page has no <html lang>');
      const checked = await assertRelativeLinksExist(page, site.out);
      assert.ok(checked > 0, 'the article page has no relative links at all');

      // 2. rel="next": a different page, and aria-current moved with it.
      const next = page.locator('a[rel~="next"][href]').first();
      assert.ok((await next.count()) > 0, `${articleUrl}: no a[rel="next"]`);
      const nextUrl = bare(await next.evaluate((a) => a.href));
      assert.notEqual(nextUrl, articleUrl, 'rel="next" points to the page itself');
      await clickAndWait(page, next, nextUrl);
      const nextTitle = await assertOneH1InMain(page);
      assert.notEqual(nextTitle, articleTitle, 'the h1 did not change after following rel="next"');
      await assertCurrentEntry(page);
      const nowCurrent = await currentNavEntries(page);
      assert.ok(
        !nowCurrent.some((e) => e.url === articleUrl),
        'aria-current="page" is still on the previous article after following rel="next"',
      );

      // 3. rel="prev" goes back to the article.
      const prev = page.locator('a[rel~="prev"][href]').first();
      assert.ok((await prev.count()) > 0, `${nextUrl}: no a[rel="prev"]`);
      const prevUrl = bare(await prev.evaluate((a) => a.href));
      assert.equal(prevUrl, articleUrl, 'rel="prev" of the next page should lead back to the article');
      await clickAndWait(page, prev, prevUrl);
      assert.equal(await assertOneH1InMain(page), articleTitle);
      await assertCurrentEntry(page, articleTitle);

      assertClean(rec, 'navigation');
    } finally {
      await rec.context.close();
    }
  });

  test('screenshots: home and an article at phone and laptop widths', async () => {
    ready();
    // Find the article the same way the navigation test does.
    let articleUrl;
    {
      const rec = await openRecorded(browser, VIEWPORTS.laptop);
      try {
        await rec.page.goto(fileUrl(path.join(site.out, 'index.html')));
        articleUrl = (await firstSidebarArticleLink(rec.page, site.out)).url;
      } finally {
        await rec.context.close();
      }
    }
    const pages = {
      home: fileUrl(path.join(site.out, 'index.html')),
      article: articleUrl,
    };
    const saved = [];
    const found = {};
    for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
      for (const [pageName, url] of Object.entries(pages)) {
        const rec = await openRecorded(browser, vp);
        try {
          await rec.page.goto(url);
          const name = `navigation-${pageName}-${vpName}-${vp.width}x${vp.height}`;
          saved.push(await screenshot(rec.page, name));
          const p = problems(rec);
          if (Object.values(p).some((list) => list.length > 0)) found[name] = p;
        } finally {
          await rec.context.close();
        }
      }
    }
    for (const file of saved) console.log(`screenshot: ${file}`);
    // Screenshots first (a person can look at them), then the verdict.
    assert.deepEqual(found, {}, 'pages made requests other than file:// or logged errors');
    assert.equal(saved.length, 4);
  });
});
