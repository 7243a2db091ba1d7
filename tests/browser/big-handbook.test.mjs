// Browser tests of a big handbook (more than 250 sidebar entries), opened from
// file://. Such a handbook inlines only a bounded sidebar in each page (an
// `<ol class="nav-list" data-nav-partial>`: Home, the sections within 2 of the
// current one, the current section's articles, or in a long section a window
// of 3 either side of the current article plus an "All N articles" link) and
// writes the whole tree once to `navigation.js`, from which the theme's
// `nav.js` rebuilds the full list (src/render/nav.rs, themes/default/static/nav.js).
//
// The site is synthetic, generated into a temporary folder: 12 sections of 18
// articles, except the current section, s06, which has 70. A section of up to
// 20 articles (INLINE_SECTION in nav.rs) is inlined whole even in a big
// handbook, so without a longer one there would be no window and no "All N
// articles" link to test. Every article has `weight:` so that the sidebar keeps
// file order whatever the title; one title has accents and `<` `&`.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  shareSiteAndBrowser,
  VIEWPORTS,
  assertClean,
  assertRelativeLinksExist,
  bare,
  buildSite,
  clickAndWait,
  fileUrl,
  norm,
  openRecorded,
  screenshot,
} from './lib.mjs';

const SECTIONS = 12;
const ARTICLES = 18;
const LONG_SECTION = 6; // the current section: longer than nav.rs's INLINE_SECTION (20)
const LONG_ARTICLES = 70;
const SPECIAL = { section: 6, article: 22, title: 'Perché <scegliere> & come' };
const CURRENT = { section: 6, article: 20 }; // in the middle of the handbook
const FAR = { section: 11, article: 10 }; // beyond the partial sidebar's sections
const SHORT = { section: 2, article: 10 }; // in a section inlined whole

const pad2 = (n) => String(n).padStart(2, '0');
const pad3 = (n) => String(n).padStart(3, '0');
const sectionDir = (s) => `s${pad2(s)}`;
/** The output file of an article, relative to the site root, with `/`. */
const articlePath = (s, a) => `${sectionDir(s)}/a${pad3(a)}/index.html`;
const articleTitle = (s, a) =>
  s === SPECIAL.section && a === SPECIAL.article ? SPECIAL.title : `Article ${s}-${a}`;
const articleCount = (s) => (s === LONG_SECTION ? LONG_ARTICLES : ARTICLES);

/** The sidebar the site should have: [{ title, path, pages: [{ title, path }] }]. */
const EXPECTED_SECTIONS = Array.from({ length: SECTIONS }, (_, i) => {
  const s = i + 1;
  return {
    title: `Section ${pad2(s)}`,
    path: `${sectionDir(s)}/index.html`,
    pages: Array.from({ length: articleCount(s) }, (_, j) => ({
      title: articleTitle(s, j + 1),
      path: articlePath(s, j + 1),
    })),
  };
});
const ARTICLE_TOTAL = EXPECTED_SECTIONS.reduce((n, s) => n + s.pages.length, 0);

/** A YAML double-quoted scalar (JSON strings are valid ones). */
const yamlString = (s) => JSON.stringify(s);

/** Writes the synthetic site's sources into `dir`. */
function writeSite(dir) {
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  write('site.yaml', 'title: Big handbook\nlanguage: en\n');
  write('content/_index.md', '---\ntitle: Big handbook\n---\n\nA synthetic handbook with many articles.\n');
  for (let s = 1; s <= SECTIONS; s += 1) {
    write(
      `content/${sectionDir(s)}/_index.md`,
      `---\ntitle: ${yamlString(`Section ${pad2(s)}`)}\n---\n\nThe articles of section ${s}.\n`,
    );
    for (let a = 1; a <= articleCount(s); a += 1) {
      write(
        `content/${sectionDir(s)}/a${pad3(a)}.md`,
        `---\ntitle: ${yamlString(articleTitle(s, a))}\nweight: ${a}\n---\n\n` +
          `This is article ${a} of section ${s}.\n`,
      );
    }
  }
}

let site;
let browser;
const ready = shareSiteAndBrowser(
  (s, b) => {
    site = s;
    browser = b;
  },
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-browser-big-'));
    try {
      writeSite(path.join(tmp, 'src'));
      return buildSite({ source: path.join(tmp, 'src'), tmp, outName: 'out' });
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  },
);

const urlOf = (rel) => fileUrl(path.join(site.out, ...rel.split('/')));
/** A file:// URL as a path relative to the site root, with `/`. */
const relOf = (url) => path.relative(site.out, fileURLToPath(bare(url))).split(path.sep).join('/');

/**
 * Open `rel`. The page's scripts are `defer`red: they run before
 * DOMContentLoaded, so once `load` fired, nav.js has rebuilt the sidebar or
 * never will (and the test says so, rather than timing out).
 */
async function openRebuilt(page, rel) {
  await page.goto(urlOf(rel), { waitUntil: 'load' });
}

/** The sidebar as the DOM has it (one `ol.nav-list` expected). */
function readSidebar(page) {
  return page.evaluate(() => {
    const link = (a) => ({
      text: a.textContent,
      url: a.href,
      current: a.getAttribute('aria-current'),
      elementChildren: a.children.length,
    });
    const lists = [...document.querySelectorAll('ol.nav-list')];
    const list = lists[0];
    const direct = (el, sel) => [...el.children].filter((c) => c.matches(sel));
    return {
      lists: lists.length,
      inNav: list ? list.closest('nav.site-nav') !== null : false,
      partial: list ? list.hasAttribute('data-nav-partial') : null,
      links: list ? list.querySelectorAll('a[href]').length : 0,
      home: list ? direct(list, 'li.nav-home').map((li) => link(li.querySelector('a'))) : [],
      sections: list
        ? direct(list, 'li.nav-section').map((li) => ({
            className: li.className,
            link: link(li.querySelector(':scope > a')),
            pages: [...li.querySelectorAll(':scope > ol.nav-pages > li:not(.nav-more) > a')].map(link),
            more: [...li.querySelectorAll(':scope > ol.nav-pages > li.nav-more > a')].map(link),
          }))
        : [],
      ariaCurrentPage: [...document.querySelectorAll('[aria-current="page"]')].map((el) => ({
        tag: el.tagName.toLowerCase(),
        url: el.href || '',
        text: el.textContent,
        inSidebar: el.closest('.site-nav') !== null,
        sectionClass: el.closest('li.nav-section') ? el.closest('li.nav-section').className : null,
      })),
      isCurrent: [...document.querySelectorAll('.is-current')].map((el) => el.className),
      markupFromTitles: document.querySelectorAll('scegliere').length,
    };
  });
}

/**
 * The rebuilt (full) sidebar is the whole handbook, in order, with article `a`
 * of section `s` (this page) marked current, and nothing else.
 */
async function assertFullSidebar(page, s, a) {
  const rel = articlePath(s, a);
  const nav = await readSidebar(page);
  assert.equal(nav.lists, 1, 'expected exactly one ol.nav-list');
  assert.ok(nav.inNav, 'the nav-list is not inside nav.site-nav');
  assert.equal(nav.partial, false, 'the sidebar still has data-nav-partial: nav.js did not rebuild it');

  // Home, then the 12 sections with all their articles, in order.
  assert.deepEqual(
    nav.home.map((l) => [norm(l.text), relOf(l.url)]),
    [['Home', 'index.html']],
    'the Home entry',
  );
  assert.equal(nav.sections.length, SECTIONS, 'section entries in the rebuilt sidebar');
  const got = nav.sections.map((sec) => ({
    title: sec.link.text,
    path: relOf(sec.link.url),
    pages: sec.pages.map((p) => ({ title: p.text, path: relOf(p.url) })),
  }));
  assert.deepEqual(got, EXPECTED_SECTIONS, 'the rebuilt sidebar is not the whole handbook in order');
  const articleLinks = nav.sections.reduce((n, sec) => n + sec.pages.length, 0);
  assert.equal(articleLinks, ARTICLE_TOTAL);
  assert.equal(nav.links, 1 + SECTIONS + ARTICLE_TOTAL, 'links in the rebuilt sidebar');
  assert.deepEqual(
    nav.sections.flatMap((sec) => sec.more),
    [],
    'the rebuilt sidebar has no "All N articles" links',
  );

  // Exactly one aria-current="page" in the document: this page's sidebar link.
  assert.equal(nav.ariaCurrentPage.length, 1, `aria-current="page": ${JSON.stringify(nav.ariaCurrentPage)}`);
  const [cur] = nav.ariaCurrentPage;
  assert.equal(cur.tag, 'a');
  assert.ok(cur.inSidebar, 'aria-current="page" is not in the sidebar');
  assert.equal(bare(cur.url), bare(page.url()), 'aria-current="page" is not on the link to this page');
  assert.equal(relOf(cur.url), rel);
  assert.equal(cur.text, articleTitle(s, a));
  // ...and its section, only its section, is-current.
  assert.deepEqual(
    nav.sections.map((sec, i) => [i + 1, /\bis-current\b/.test(sec.className)]).filter(([, c]) => c),
    [[s, true]],
    'li.nav-section.is-current should be the current page\'s section, and only it',
  );
  assert.deepEqual(nav.isCurrent, ['nav-section is-current'], 'elements with class is-current');

  // The title with accents, `<` and `&` is text, never markup.
  const special = got[SPECIAL.section - 1].pages[SPECIAL.article - 1];
  assert.equal(special.title, SPECIAL.title);
  const specialLink = nav.sections[SPECIAL.section - 1].pages[SPECIAL.article - 1];
  assert.equal(specialLink.elementChildren, 0, 'the special title became elements');
  assert.equal(nav.markupFromTitles, 0, 'a <scegliere> element exists: a title was parsed as HTML');
}

describe(`big handbook (${SECTIONS} sections, ${(SECTIONS - 1) * ARTICLES + LONG_ARTICLES} articles) from file://`, () => {
  test('with JavaScript: nav.js rebuilds the whole sidebar; a far section is one click away', async () => {
    ready();
    const rec = await openRecorded(browser, VIEWPORTS.laptop);
    try {
      const { page } = rec;
      const here = articlePath(CURRENT.section, CURRENT.article);
      await openRebuilt(page, here);
      await assertFullSidebar(page, CURRENT.section, CURRENT.article);

      // The special title reads right as visible text too.
      const special = page.locator('.site-nav a', { hasText: SPECIAL.title });
      assert.equal(await special.count(), 1);
      assert.equal(norm(await special.innerText()), SPECIAL.title);
      assert.ok(
        (await special.innerHTML()).includes('Perché &lt;scegliere&gt; &amp; come'),
        `the special title's markup: ${await special.innerHTML()}`,
      );

      // Every sidebar link (and every other relative link of the page) is a file.
      const checked = await assertRelativeLinksExist(page, site.out, '.site-nav a[href]');
      assert.equal(checked, 1 + SECTIONS + ARTICLE_TOTAL, 'sidebar links checked');
      await assertRelativeLinksExist(page, site.out);

      // The data and the script came from file://.
      const loaded = rec.requests.filter((u) => u.startsWith('file:')).map((u) => path.basename(u));
      assert.ok(loaded.includes('navigation.js'), `navigation.js not requested: ${loaded}`);
      assert.ok(loaded.includes('nav.js'), `nav.js not requested: ${loaded}`);

      // A far section's article, only in the rebuilt sidebar: click, and it is current there.
      const far = articlePath(FAR.section, FAR.article);
      const farLink = page.locator(`.site-nav a[href$="${far}"]`);
      assert.equal(await farLink.count(), 1, `no sidebar link to ${far}`);
      assert.equal(norm(await farLink.innerText()), articleTitle(FAR.section, FAR.article));
      await clickAndWait(page, farLink, urlOf(far)); // waits for `load`, see openRebuilt
      assert.equal(relOf(page.url()), far);
      assert.equal(norm(await page.locator('main h1').innerText()), articleTitle(FAR.section, FAR.article));
      await assertFullSidebar(page, FAR.section, FAR.article);
      await assertRelativeLinksExist(page, site.out);

      assertClean(rec, 'big handbook with JavaScript');
    } finally {
      await rec.context.close();
    }
  });

  test('without JavaScript: the partial sidebar is bounded and its links work', async () => {
    ready();
    const rec = await openRecorded(browser, VIEWPORTS.laptop, { javaScriptEnabled: false });
    try {
      const { page } = rec;

      // 1. In a long section: a window around the article and "All 70 articles".
      const here = articlePath(CURRENT.section, CURRENT.article);
      await page.goto(urlOf(here));
      let nav = await readSidebar(page);
      assert.equal(nav.lists, 1, 'expected exactly one ol.nav-list');
      assert.equal(nav.partial, true, 'without JavaScript the sidebar should be the partial one');
      assert.ok(nav.links < 20, `the partial sidebar has ${nav.links} links, expected fewer than 20`);
      assert.deepEqual(nav.home.map((l) => relOf(l.url)), ['index.html']);
      // The sections within 2 of the current one.
      assert.deepEqual(
        nav.sections.map((sec) => relOf(sec.link.url)),
        [4, 5, 6, 7, 8].map((s) => `${sectionDir(s)}/index.html`),
        'sections in the partial sidebar',
      );
      const cur = nav.sections.find((sec) => /\bis-current\b/.test(sec.className));
      assert.ok(cur, 'no li.nav-section.is-current in the partial sidebar');
      assert.equal(relOf(cur.link.url), `${sectionDir(CURRENT.section)}/index.html`);
      // 3 articles either side of the current one, in order, the special title as text.
      assert.deepEqual(
        cur.pages.map((p) => [p.text, relOf(p.url)]),
        [17, 18, 19, 20, 21, 22, 23].map((a) => [
          articleTitle(CURRENT.section, a),
          articlePath(CURRENT.section, a),
        ]),
        'the window of articles around the current one',
      );
      assert.equal(nav.markupFromTitles, 0, 'a <scegliere> element exists: a title was parsed as HTML');
      assert.ok(cur.pages.every((p) => p.elementChildren === 0));
      // Only the other sections' own links, no articles of theirs.
      for (const sec of nav.sections) if (sec !== cur) assert.deepEqual(sec.pages, []);
      // aria-current="page": exactly one, on this page's link.
      assert.deepEqual(
        nav.ariaCurrentPage.map((c) => [c.tag, relOf(c.url), c.text, c.inSidebar]),
        [['a', here, articleTitle(CURRENT.section, CURRENT.article), true]],
      );
      // "All 70 articles", to the section's page (which lists them all), not current.
      assert.deepEqual(
        cur.more.map((m) => [norm(m.text), relOf(m.url), m.current]),
        [[`All ${LONG_ARTICLES} articles`, `${sectionDir(CURRENT.section)}/index.html`, null]],
        'the "All N articles" link',
      );
      let checked = await assertRelativeLinksExist(page, site.out, '.site-nav a[href]');
      assert.equal(checked, nav.links);
      await assertRelativeLinksExist(page, site.out);

      // 2. In a section of 18 (at most 20): the section is inlined whole, no "All N" link.
      const short = articlePath(SHORT.section, SHORT.article);
      await page.goto(urlOf(short));
      nav = await readSidebar(page);
      assert.equal(nav.partial, true);
      assert.deepEqual(
        nav.sections.map((sec) => relOf(sec.link.url)),
        [1, 2, 3, 4].map((s) => `${sectionDir(s)}/index.html`),
        'sections in the partial sidebar of a page in s02',
      );
      const shortSection = nav.sections[SHORT.section - 1];
      assert.deepEqual(
        shortSection.pages.map((p) => relOf(p.url)),
        EXPECTED_SECTIONS[SHORT.section - 1].pages.map((p) => p.path),
      );
      assert.deepEqual(shortSection.more, []);
      assert.deepEqual(
        nav.ariaCurrentPage.map((c) => relOf(c.url)),
        [short],
      );
      checked = await assertRelativeLinksExist(page, site.out, '.site-nav a[href]');
      assert.equal(checked, 1 + 4 + ARTICLES);

      assertClean(rec, 'big handbook without JavaScript');
    } finally {
      await rec.context.close();
    }
  });

  test('screenshot: the article page at laptop width, current entry scrolled into view', async () => {
    ready();
    const vp = VIEWPORTS.laptop;
    const rec = await openRecorded(browser, vp);
    try {
      const { page } = rec;
      await openRebuilt(page, articlePath(CURRENT.section, CURRENT.article));
      const file = await screenshot(page, `big-handbook-laptop-${vp.width}x${vp.height}`);
      console.log(`screenshot: ${file}`);
      // nav.js scrolled the sticky sidebar so that the current entry is visible.
      const view = await page.evaluate(() => {
        const box = document.querySelector('.sidebar');
        const a = document.querySelector('.sidebar [aria-current="page"]');
        const b = box.getBoundingClientRect();
        const r = a.getBoundingClientRect();
        return {
          scrollTop: box.scrollTop,
          scrolls: box.scrollHeight > box.clientHeight,
          visible: r.top >= b.top && r.bottom <= b.bottom,
        };
      });
      assert.ok(view.scrolls, 'the sidebar does not scroll on its own at laptop width');
      assert.ok(view.scrollTop > 0 && view.visible, `current entry not in view: ${JSON.stringify(view)}`);
      assertClean(rec, 'screenshot page');
    } finally {
      await rec.context.close();
    }
  });
});
