// The checklist page as a prospect meets it, on the example playbook
// ("Are we a good fit?", in English and Italian, on its own page and shown in
// the article choosing-clients/fewer-better): the first screen and its Start
// button, moving through the questions by pointer and by keyboard, the result
// with one primary action, sending the answers by mail and to an endpoint
// (a small receiver on 127.0.0.1, on a copy of the example whose send_to is
// its URL), the printed one-page record, layouts at 320 and 360 px with and
// without JavaScript, the home page's offer, the script's size, axe-core, and
// screenshots in tests/browser/out/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  REPO_ROOT,
  SCREENSHOT_DIR,
  answerLabel,
  answerLikeAPerson,
  axeViolations,
  assertClean,
  buildSite,
  fileUrl,
  launchBrowser,
  norm,
  openRecorded,
  problems,
} from './lib.mjs';


const PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true };
const NARROW = { width: 320, height: 740, isMobile: true, hasTouch: true };
const LAPTOP = { width: 1280, height: 800, isMobile: false, hasTouch: false };

const FIT = 'checklists/are-we-a-fit/index.html';
const FIT_IT = 'it/checklists/are-we-a-fit/index.html';
const ARTICLE = 'choosing-clients/fewer-better/index.html';
const ARTICLE_IT = 'it/choosing-clients/fewer-better/index.html';
const OTHER_ARTICLE = 'choosing-clients/saying-no/index.html';
const MAIL = 'hello@studioferri.example';

/** Every visible question answered, for the "great" result (before=no hides how-it-ended). */
const GREAT_ANSWERS = {
  need: ['website'],
  'long-term': ['yes'],
  honesty: ['yes'],
  timeline: ['later'],
  decides: ['me'],
  involvement: ['4'],
  budget: ['5000-15000'],
  'found-us': ['articles'],
  before: ['no'],
};
const fragmentOf = (answers) =>
  '#are-we-a-fit:' +
  Object.entries(answers)
    .map(([q, ids]) => `${q}=${ids.join(',')}`)
    .join('&');
const GREAT = fragmentOf(GREAT_ANSWERS);
const DEAL_ANSWERS = { ...GREAT_ANSWERS, need: ['day-to-day'] };
const DEAL = fragmentOf(DEAL_ANSWERS);
const DEAL_FLAG = 'Needs a service we don’t offer';
const GREAT_TITLE = 'We’re very likely a good fit';

const url = (site, rel, fragment = '') => fileUrl(path.join(site.out, rel)) + fragment;

/** Opens `rel` in a fresh recorded context; waits for checklist.js when JS is on. */
async function open(browser, site, rel, fragment = '', viewport = LAPTOP, options = {}) {
  const rec = await openRecorded(browser, viewport, options);
  await rec.page.goto(url(site, rel, fragment));
  if (options.javaScriptEnabled !== false && (await rec.page.locator('[data-checklist-root]').count())) {
    await rec.page.locator('[data-checklist-root].is-live').first().waitFor({ state: 'attached' });
  }
  return rec;
}

/** A screenshot of what is on screen (not the full page) to tests/browser/out/. */
async function screenShot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot: ${file}`);
  return file;
}

/** Where an element is on screen: its rectangle and the viewport's height. */
function box(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), height: Math.round(r.height), vh: innerHeight };
  });
}

/** The top of the element is inside the viewport. */
function topInView(b) {
  return b.top >= -1 && b.top < b.vh;
}


/** Clicks on mailto: links do not try to open a mail program (the page's own handlers still run). */
async function keepMailtoInPage(page) {
  await page.evaluate(() => {
    window.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a[href^="mailto:"]');
      if (a) e.preventDefault();
    });
  });
}

/** The query of a mailto: URL: { to, subject, body }. */
function mailParts(href) {
  const q = href.indexOf('?');
  const params = new URLSearchParams(href.slice(q + 1).replace(/\+/g, '%2B'));
  return { to: href.slice('mailto:'.length, q < 0 ? undefined : q), subject: params.get('subject'), body: params.get('body') };
}

/**
 * The colours a primary button may have: the theme's accent, in any of its
 * forms (the raw accent, the marks' accent, the text-safe accent used as a
 * button background). Measured in the page, so dark colours count too.
 */
function accentColours(page) {
  return page.evaluate(() => {
    const seen = new Set();
    for (const v of ['--accent', '--accent-ui', '--link']) {
      const probe = document.createElement('span');
      probe.style.backgroundColor = `var(${v})`;
      document.body.append(probe);
      seen.add(getComputedStyle(probe).backgroundColor);
      probe.remove();
    }
    return [...seen];
  });
}

const background = (locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

/** Elements sticking out to the right of the page, for a readable failure. */
function overflowers(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 0.5) continue;
      // Only elements whose overflow is not clipped by a scrolling ancestor.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} (right ${Math.round(r.right)})`);
      if (out.length >= 4) break;
    }
    return out;
  });
}

/** Every index.html of the built site, relative to its root. */
function indexPages(out) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.html') found.push(path.relative(out, p));
    }
  };
  walk(out);
  return found.sort();
}

function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?!s)\b/g) || []).length;
}

// ---------------------------------------------------------------------------

describe('the checklist page of the example, sending by mail', () => {
  let site;
  let browser;
  let setupError = null;

  before(async () => {
    try {
      site = buildSite();
      browser = await launchBrowser();
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await browser?.close();
    if (site && !process.env.RAPPORT_KEEP_OUT) site.cleanup();
  });
  const ready = () => {
    if (setupError) throw setupError;
  };

  test('first screen: title, summary and a Start link to the first question, the intro folded; Start brings the first question with focus', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE);
    const { page } = rec;
    const start = page.locator('[data-action="start"]');
    assert.equal(await start.count(), 1, 'one [data-action="start"]');
    assert.equal(await start.evaluate((el) => el.tagName), 'A');
    const first = await page.locator('fieldset[data-question]').first().getAttribute('data-question');
    assert.equal(first, 'need');
    assert.equal(await start.getAttribute('href'), `#Question-${first}`);
    assert.equal(await page.locator(`#Question-${first}`).getAttribute('data-question'), first);
    // Under the h1 and the .lead, in that order.
    const order = await page.evaluate(() => {
      const h1 = document.querySelector('main h1');
      const lead = document.querySelector('main .lead');
      const start = document.querySelector('[data-action="start"]');
      const after = (a, b) => !!(a && b && a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      return { h1BeforeLead: after(h1, lead), leadBeforeStart: after(lead, start) };
    });
    assert.deepEqual(order, { h1BeforeLead: true, leadBeforeStart: true }, 'h1, then .lead, then Start');
    // The intro is folded.
    const intro = page.locator('details.checklist-intro');
    assert.equal(await intro.count(), 1, 'details.checklist-intro');
    assert.equal(await intro.evaluate((d) => d.open), false, 'the intro starts folded');
    // At 360×740 the h1, the .lead and Start are on the first screen, in both languages.
    for (const sel of ['main h1', 'main .lead', '[data-action="start"]']) {
      const b = await box(page.locator(sel).first());
      assert.ok(topInView(b), `${FIT}: ${sel}: top ${b.top} not within the 740 px viewport on load`);
    }
    const it = await open(browser, site, FIT_IT, '', PHONE);
    for (const sel of ['main h1', 'main .lead', '[data-action="start"]']) {
      const b = await box(it.page.locator(sel).first());
      assert.ok(topInView(b), `${FIT_IT}: ${sel}: top ${b.top} not within the 740 px viewport on load`);
    }
    assert.equal(await it.page.locator('[data-action="start"]').getAttribute('href'), '#Question-need');
    assertClean(it, FIT_IT);
    await it.context.close();
    // Start: the first question comes into view and its first input has focus.
    await start.click();
    await page.waitForFunction(
      () => {
        const f = document.querySelector('fieldset[data-question]');
        const t = f.getBoundingClientRect().top;
        return t >= -1 && t < innerHeight / 2;
      },
      null,
      { timeout: 3000 },
    ).catch(() => {});
    const b = await box(page.locator('fieldset[data-question]').first());
    assert.ok(b.top >= -1 && b.top < b.vh / 2, `first question's top at ${b.top} after Start (viewport ${b.vh})`);
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName, name: a.name, value: a.value };
    });
    assert.deepEqual(focused, { tag: 'INPUT', name: 'need', value: 'words' }, 'focus on the first input');
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('first screen of the article that shows the checklist: its Start link and, scrolled to its header, title, summary and Start on screen', async () => {
    ready();
    const rec = await open(browser, site, ARTICLE, '', PHONE);
    const { page } = rec;
    const root = page.locator('.checklist-embed');
    const start = root.locator('[data-action="start"]');
    assert.equal(await start.getAttribute('href'), '#Checklist-are-we-a-fit-Question-need');
    assert.equal(await page.locator('#Checklist-are-we-a-fit-Question-need').getAttribute('data-question'), 'need');
    await root.locator('header').first().evaluate((h) => h.scrollIntoView({ block: 'start' }));
    for (const [what, loc] of [
      ['the checklist title', root.locator('header :is(h2, h3)').first()],
      ['the .lead', root.locator('.lead').first()],
      ['[data-action="start"]', start],
    ]) {
      const b = await box(loc);
      assert.ok(topInView(b), `${what} in .checklist-embed: top ${b.top}, viewport ${b.vh}`);
    }
    await start.click();
    await page.waitForTimeout(600);
    const b = await box(root.locator('fieldset[data-question]').first());
    assert.ok(b.top >= -1 && b.top < b.vh / 2, `first question's top at ${b.top} after Start`);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'need');
    assertClean(rec, ARTICLE);
    await rec.context.close();
  });

  test('screenshots of the first screen, 360×740 and 1280×800, English and Italian', async () => {
    ready();
    for (const [lang, rel] of [['en', FIT], ['it', FIT_IT]]) {
      for (const [name, vp] of [['phone-360x740', PHONE], ['laptop-1280x800', LAPTOP]]) {
        const rec = await open(browser, site, rel, '', vp);
        await screenShot(rec.page, `prospect-first-screen-${lang}-${name}`);
        assertClean(rec, rel);
        await rec.context.close();
      }
    }
  });

  test('answering by pointer moves on to the next unanswered question, the last one to the outcome, which gets focus; progress reads "N of M answered"', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE, { reducedMotion: 'reduce' });
    const { page } = rec;
    const progress = page.locator('.checklist-progress .progress-text');
    await answerLabel(page, 'need', 'website').click();
    let b = await box(page.locator('fieldset[data-question="long-term"]'));
    assert.ok(b.top >= -1 && b.top < b.vh / 2, `after "need" by pointer, the next question's top is at ${b.top} (viewport ${b.vh})`);
    assert.equal(norm(await progress.textContent()), '1 of 9 answered');
    // Skip one: answering "timeline" goes to "decides", and answering "honesty" (before a
    // skipped one) goes to the first unanswered after it.
    await answerLabel(page, 'honesty', 'yes').click();
    b = await box(page.locator('fieldset[data-question="timeline"]'));
    assert.ok(b.top >= -1 && b.top < b.vh / 2, `after "honesty", "timeline" at ${b.top}`);
    // Everything else, by pointer, in page order; the last visible one is "before".
    await answerLikeAPerson(page, GREAT_ANSWERS);
    const state = await page.evaluate(() => {
      const o = document.querySelector('.checklist-outcome');
      const r = o.getBoundingClientRect();
      return {
        id: o.id,
        tabindex: o.getAttribute('tabindex'),
        focused: document.activeElement === o,
        top: Math.round(r.top),
        vh: innerHeight,
        band: document.querySelector('[data-result]').getAttribute('data-band'),
      };
    });
    assert.equal(state.id, 'Outcome');
    assert.equal(state.tabindex, '-1');
    assert.equal(state.band, 'great');
    assert.ok(state.focused, '.checklist-outcome has focus after the last answer');
    assert.ok(state.top >= -1 && state.top < state.vh, `.checklist-outcome top at ${state.top}, viewport ${state.vh}`);
    const text = norm(await progress.textContent());
    assert.equal(text, '9 of 9 answered');
    assert.ok(!text.includes('%'), `progress shows no percentage: "${text}"`);
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('answering by pointer scrolls smoothly to the next question without reduced motion', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE, { reducedMotion: 'no-preference' });
    const { page } = rec;
    await answerLabel(page, 'need', 'brand').click();
    const moved = await page
      .waitForFunction(
        () => {
          const t = document.querySelector('fieldset[data-question="long-term"]').getBoundingClientRect().top;
          return t >= -1 && t < innerHeight / 2;
        },
        null,
        { timeout: 4000 },
      )
      .then(() => true, () => false);
    const b = await box(page.locator('fieldset[data-question="long-term"]'));
    assert.ok(moved, `"long-term" never came up after a pointer answer (top ${b.top})`);
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('keyboard: arrow keys change the answer without moving focus or the page; Tab goes on to the next question', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE, { reducedMotion: 'reduce' });
    const { page } = rec;
    const first = page.locator('input[name="timeline"][value="two-weeks"]');
    await first.evaluate((i) => i.scrollIntoView({ block: 'center' }));
    await first.focus();
    await page.keyboard.press('Space');
    const y0 = await page.evaluate(() => scrollY);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(200);
    const afterArrow = await page.evaluate(() => ({
      y: scrollY,
      focus: `${document.activeElement.name}=${document.activeElement.value}`,
      checked: document.querySelector('input[name="timeline"]:checked')?.value,
    }));
    assert.equal(afterArrow.checked, 'one-to-three-months', 'ArrowDown chose the next answer');
    assert.equal(afterArrow.focus, 'timeline=one-to-three-months', 'focus stays in the radio group');
    assert.ok(Math.abs(afterArrow.y - y0) <= 1, `the page scrolled from ${y0} to ${afterArrow.y} on an arrow key`);
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.closest('fieldset[data-question]')?.getAttribute('data-question'));
    assert.equal(next, 'decides', 'Tab goes on to the next question');
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('a complete share link opens at the outcome, focused; the great result has its title first and "Write to us" (mailto with the answers) right after', async () => {
    ready();
    const rec = await open(browser, site, FIT, GREAT, PHONE);
    const { page } = rec;
    const state = await page.evaluate(() => {
      const o = document.querySelector('.checklist-outcome');
      const r = o.getBoundingClientRect();
      const result = document.querySelector('[data-result]');
      const title = result.firstElementChild;
      return {
        focused: document.activeElement === o,
        top: Math.round(r.top),
        bottom: Math.round(r.bottom),
        vh: innerHeight,
        band: result.getAttribute('data-band'),
        first: title ? title.className : null,
        title: title ? title.textContent.trim() : null,
        afterTitle: title && title.nextElementSibling ? title.nextElementSibling.outerHTML.slice(0, 120) : null,
        ctaRightAfter: !!(title && title.nextElementSibling && title.nextElementSibling.matches('.result-cta, .result-cta *, :has(> .result-cta)')),
      };
    });
    assert.equal(state.band, 'great');
    assert.ok(state.focused, '.checklist-outcome focused on opening a complete share link');
    assert.ok(state.top < state.vh && state.bottom > 0, `.checklist-outcome in the viewport (top ${state.top}, bottom ${state.bottom})`);
    assert.match(state.first, /\bresult-title\b/, 'first child of [data-result] is .result-title');
    assert.equal(state.title, GREAT_TITLE);
    assert.ok(state.ctaRightAfter, `the cta comes right after the title; found ${state.afterTitle}`);
    const cta = page.locator('[data-result] .result-cta a.cta.button');
    assert.equal(await cta.count(), 1, '[data-result] .result-cta a.cta.button');
    assert.equal(norm(await cta.textContent()), 'Write to us');
    const href = await cta.getAttribute('href');
    assert.ok(href.startsWith(`mailto:${MAIL}?subject=`) && href.includes('&body='), href);
    const { body } = mailParts(href);
    for (const text of ['A new website or a rebuilt one', '4 (An hour a week or more)', `Result: ${GREAT_TITLE}`]) {
      assert.ok(body.includes(text), `the cta's body lacks "${text}":\n${body}`);
    }
    // One primary action: the cta; send is secondary.
    const accents = await accentColours(page);
    const ctaBg = await background(cta);
    const sendBg = await background(page.locator('[data-action="send"]'));
    assert.ok(accents.includes(ctaBg), `the cta has the accent background (${ctaBg}; accents ${accents.join(', ')})`);
    assert.ok(!accents.includes(sendBg), `[data-action="send"] is secondary next to the cta, but has the accent background ${sendBg}`);
    // With JS, the list of all results and the hand-scoring text are hidden.
    assert.equal(await page.locator('.checklist-results').isVisible(), false, '.checklist-results hidden with JS');
    assert.equal(await page.locator('.checklist-how').isVisible(), false, '.checklist-how hidden with JS');
    await screenShot(page, 'prospect-result-great-phone-360x740');
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('a dealbreaker names its reason inside the result, the root is marked, the percentage is small and send is the primary action', async () => {
    ready();
    const rec = await open(browser, site, FIT, DEAL, PHONE);
    const { page } = rec;
    const state = await page.evaluate(() => {
      const result = document.querySelector('[data-result]');
      const reason = result.querySelector('.result-reason');
      return {
        band: result.getAttribute('data-band'),
        first: result.firstElementChild?.className,
        reason: reason ? reason.textContent.replace(/\s+/g, ' ').trim() : null,
        root: document.querySelector('[data-checklist-root]').classList.contains('is-dealbreaker'),
        percentSize: parseFloat(getComputedStyle(document.querySelector('.score-percent')).fontSize),
        cta: result.querySelectorAll('.result-cta a').length,
        focused: document.activeElement === document.querySelector('.checklist-outcome'),
      };
    });
    assert.equal(state.band, 'not-yet');
    assert.match(state.first ?? '', /\bresult-title\b/);
    assert.ok(state.reason && state.reason.includes(DEAL_FLAG), `.result-reason in [data-result]: ${state.reason}`);
    assert.ok(state.root, 'the checklist root has class is-dealbreaker');
    assert.ok(state.percentSize < 20, `.score-percent is ${state.percentSize}px on a dealbreaker`);
    assert.equal(state.cta, 0, 'no cta in this result');
    assert.ok(state.focused);
    const accents = await accentColours(page);
    const sendBg = await background(page.locator('[data-action="send"]'));
    assert.ok(accents.includes(sendBg), `[data-action="send"] is the primary action (accent background) without a cta: ${sendBg}; accents ${accents.join(', ')}`);
    await screenShot(page, 'prospect-result-dealbreaker-phone-360x740');
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('without JavaScript: the list of results and the hand-scoring text show, the search box does not', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE, { javaScriptEnabled: false });
    const { page } = rec;
    assert.equal(await page.locator('.checklist-results').isVisible(), true, '.checklist-results shown without JS');
    assert.equal(await page.locator('.checklist-how').isVisible(), true, '.checklist-how shown without JS');
    assert.equal(await page.locator('input[type="search"]').isVisible(), false, 'the search box is hidden without JS');
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('send by mail: a mailto: to the practice with a readable message that follows the contact fields; pressing it shows the status and the message to copy', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE);
    const { page } = rec;
    const what = norm(await page.locator('.send-what').textContent());
    assert.ok(what.includes(MAIL), `.send-what says where the answers go: "${what}"`);
    await answerLikeAPerson(page, GREAT_ANSWERS);
    const send = page.locator('[data-action="send"]');
    assert.equal(await send.evaluate((el) => el.tagName), 'A');
    const form = page.locator('form[data-checklist="are-we-a-fit"]');
    const contact = form.locator('[data-contact]');
    assert.equal(await contact.count(), 1, "the form's [data-contact]");
    const before = await send.getAttribute('href');
    await contact.locator('textarea[name="message"]').fill('We are opening a second bakery in Turin.');
    await contact.locator('input[name="name"]').fill('Marta Rossi');
    let href = await send.getAttribute('href');
    assert.notEqual(href, before, 'typing in the contact fields updates the href');
    assert.ok(href.startsWith(`mailto:${MAIL}?subject=`) && href.includes('&body='), href.slice(0, 120));
    assert.ok(href.length <= 2000, `the mailto: URL is ${href.length} characters`);
    const link = await page.evaluate(() => location.href);
    let { body, subject } = mailParts(href);
    assert.ok(subject.includes('Are we a good fit?'), subject);
    assert.ok(body.startsWith('Hello,'), body);
    for (const text of [
      'We are opening a second bakery in Turin.',
      'A new website or a rebuilt one',
      '4 (An hour a week or more)',
      `Result: ${GREAT_TITLE}`,
      link,
    ]) {
      assert.ok(body.includes(text), `the message lacks "${text}":\n${body}`);
    }
    assert.ok(body.trimEnd().endsWith('Marta Rossi'), `the name at the end:\n${body}`);
    await contact.locator('input[name="email"]').fill('marta@example.org');
    href = await send.getAttribute('href');
    ({ body } = mailParts(href));
    assert.ok(body.includes('marta@example.org'), 'the e-mail field reaches the message');
    assert.ok(body.indexOf('Marta Rossi') > body.indexOf(link), 'the name closes the message, after the link');
    assert.ok(href.length <= 2000, `the mailto: URL is ${href.length} characters`);
    // Pressing it: a status, and the message to copy (phones without a mail program).
    await keepMailtoInPage(page);
    await send.click();
    const status = page.locator('.send-status');
    await assert.doesNotReject(status.waitFor({ state: 'visible', timeout: 3000 }), '.send-status visible');
    assert.ok(norm(await status.textContent()).length > 0, '.send-status has text');
    const fallback = page.locator('.send-fallback');
    assert.equal(await fallback.isVisible(), true, '.send-fallback shown after send');
    const message = await fallback.locator('textarea').inputValue();
    assert.ok(message.startsWith('Hello,') && message.includes(link) && message.includes('Marta Rossi'), message);
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('print: the Italian record is dated in Italian, with the theme\'s month names', async () => {
    ready();
    const rec = await open(browser, site, FIT_IT, GREAT, LAPTOP);
    const { page } = rec;
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const date = norm(await page.locator('.checklist-record .record-date').textContent());
    const months = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto',
      'settembre', 'ottobre', 'novembre', 'dicembre'];
    const today = new Date();
    const day = today.getDate() === 1 ? '1º' : String(today.getDate());
    assert.equal(date, `Stampato il ${day} ${months[today.getMonth()]} ${today.getFullYear()}`);
    assertClean(rec, FIT_IT);
    await rec.context.close();
  });

  test('print: one A4 page with the date, the share link and the practice\'s contact', async () => {
    ready();
    const rec = await open(browser, site, FIT, GREAT, LAPTOP);
    const { page } = rec;
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    const record = page.locator('.checklist-record');
    assert.equal(await record.isVisible(), true, '.checklist-record displayed in print');
    const date = norm(await record.locator('.record-date').textContent());
    assert.ok(date.length > 0 && date.includes(String(new Date().getFullYear())), `.record-date: "${date}"`);
    const link = norm(await record.locator('.record-link').textContent());
    assert.equal(link, await page.evaluate(() => location.href), '.record-link is the share link');
    const printed = await page.evaluate(() => document.body.innerText);
    assert.ok(printed.includes(MAIL), `${MAIL} in the printed text`);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, 'prospect-print.pdf');
    const pdf = await page.pdf({ path: file, format: 'A4' });
    console.log(`# pdf: ${file}`);
    assert.equal(pdfPages(pdf), 1, `the printed record is ${pdfPages(pdf)} A4 pages`);
    assertClean(rec, FIT);
    await rec.context.close();
  });

  test('no page is wider than a 320 or 360 px phone, with JavaScript and without; no search box without JS, no heading anchors on touch', async () => {
    ready();
    const pages = indexPages(site.out);
    assert.ok(pages.length > 30, `${pages.length} pages`);
    const answered = [
      [FIT, GREAT],
      [FIT_IT, GREAT],
      [ARTICLE, GREAT],
      [ARTICLE_IT, GREAT],
    ];
    const wide = [];
    const anchors = [];
    const search = [];
    for (const vp of [NARROW, PHONE]) {
      for (const js of [true, false]) {
        const rec = await openRecorded(browser, vp, { javaScriptEnabled: js });
        const { page } = rec;
        const visits = [...pages.map((p) => [p, '']), ...(js ? answered : [])];
        for (const [rel, fragment] of visits) {
          await page.goto(url(site, rel, fragment));
          const m = await page.evaluate(() => ({
            sw: document.documentElement.scrollWidth,
            iw: innerWidth,
            anchors: [...document.querySelectorAll('.heading-anchor')].filter((a) => a.checkVisibility({ visibilityProperty: true })).length,
            search: [...document.querySelectorAll('input[type="search"]')].filter((i) => i.checkVisibility({ visibilityProperty: true })).length,
          }));
          const limit = Math.min(m.iw, vp.width);
          const where = `${rel}${fragment ? ' (all answered)' : ''} at ${vp.width}px ${js ? 'with' : 'without'} JS`;
          if (m.sw > limit) wide.push(`${where}: scrollWidth ${m.sw} > ${limit}: ${(await overflowers(page)).join(', ')}`);
          if (m.anchors) anchors.push(`${where}: ${m.anchors} visible .heading-anchor`);
          if (!js && m.search) search.push(`${where}: input[type="search"] visible`);
        }
        // Going from page to page at once aborts what a page still loads
        // after its load event (its icon): that is this test's doing.
        rec.failedRequests = rec.failedRequests.filter((f) => !f.endsWith('(net::ERR_ABORTED)'));
        assertClean(rec, `pages at ${vp.width}px ${js ? 'with' : 'without'} JS`);
        await rec.context.close();
      }
    }
    assert.deepEqual(wide, [], wide.join('\n'));
    assert.deepEqual(search, [], search.join('\n'));
    assert.deepEqual(anchors, [], anchors.join('\n'));
  });

  test('at 1280×800 the sticky score panel fits the viewport and hides nothing', async () => {
    ready();
    const found = [];
    for (const [what, fragment] of [['empty', ''], ['great', GREAT], ['dealbreaker', DEAL]]) {
      const rec = await open(browser, site, FIT, fragment, LAPTOP);
      const { page } = rec;
      const m = await page.locator('.checklist-score').evaluate((el) => ({
        height: Math.round(el.getBoundingClientRect().height),
        vh: innerHeight,
        sh: el.scrollHeight,
        ch: el.clientHeight,
        position: getComputedStyle(el).position,
      }));
      if (!(m.height < m.vh)) found.push(`${what}: .checklist-score is ${m.height}px tall in a ${m.vh}px viewport`);
      if (m.sh !== m.ch) found.push(`${what}: .checklist-score scrollHeight ${m.sh} != clientHeight ${m.ch}`);
      assertClean(rec, FIT);
      await rec.context.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });

  test('home page: the offer near the top links to the checklist, in English and Italian; the Checklists section counts checklists', async () => {
    ready();
    for (const [rel, target, noun, notNoun] of [
      ['index.html', FIT, /checklists?\b/i, /articles?/i],
      ['it/index.html', FIT_IT, /checklist/i, /articol/i],
    ]) {
      const rec = await open(browser, site, rel, '', PHONE);
      const { page } = rec;
      const offer = page.locator('ul.offers li.offer').first();
      assert.equal(await offer.count(), 1, `${rel}: ul.offers li.offer`);
      const top = await offer.evaluate((el) => el.getBoundingClientRect().top + scrollY);
      assert.ok(top < 740, `${rel}: the offer's top is at ${Math.round(top)} px`);
      const links = await offer.locator('a[href]').evaluateAll((as) => as.map((a) => a.href.split('#')[0]));
      assert.ok(links.includes(url(site, target)), `${rel}: the offer links to ${target}: ${links.join(', ')}`);
      const count = await page.evaluate(() => {
        const a = [...document.querySelectorAll('main h2 a[href]')].find((l) => /checklists\/index\.html$/.test(l.href));
        const section = a && a.closest('section, .home-section, li, div');
        const c = section && section.querySelector('.count');
        return c ? c.textContent.trim() : null;
      });
      assert.ok(count && noun.test(count) && !notNoun.test(count), `${rel}: the Checklists section's count reads "${count}"`);
      assertClean(rec, rel);
      await rec.context.close();
    }
  });

  test('checklist.js is under 8 KiB gzipped and the pages stay on file://', async () => {
    ready();
    const js = fs.readFileSync(path.join(site.out, 'theme', 'checklist.js'));
    const gz = zlib.gzipSync(js, { level: 9 }).length;
    assert.ok(gz < 8192, `theme/checklist.js is ${gz} bytes gzipped (${js.length} plain)`);
    for (const [rel, fragment] of [[FIT, ''], [FIT, GREAT], [FIT_IT, DEAL], [ARTICLE, GREAT]]) {
      const rec = await open(browser, site, rel, fragment, PHONE);
      assert.ok(rec.requests.some((u) => u.endsWith('/theme/checklist.js')), `${rel} loads theme/checklist.js`);
      assertClean(rec, `${rel}${fragment}`);
      await rec.context.close();
    }
  });

  test('axe-core finds nothing on the checklist page empty, half answered, complete and dealbreaker, at 360 and 1280', async () => {
    ready();
    const found = [];
    for (const vp of [PHONE, LAPTOP]) {
      const rec = await openRecorded(browser, vp, { bypassCSP: true });
      const { page } = rec;
      for (const [what, fragment] of [['empty', ''], ['half answered', null], ['complete', GREAT], ['dealbreaker', DEAL]]) {
        await page.goto('about:blank');
        await page.goto(url(site, FIT, fragment ?? ''));
        await page.locator('[data-checklist-root].is-live').waitFor({ state: 'attached' });
        if (fragment === null) {
          for (const [q, a] of [['need', 'words'], ['long-term', 'yes'], ['honesty', 'yes'], ['timeline', 'later']]) {
            await answerLabel(page, q, a).click();
          }
        }
        found.push(...(await axeViolations(page)).map((v) => `${what} at ${vp.width}: ${v}`));
      }
      await rec.context.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
});

// ---------------------------------------------------------------------------

/** A receiver for the answers on 127.0.0.1: records every request; `mode` 'ok' or 'fail'. */
function startReceiver() {
  const rx = { posts: [], requests: [], mode: 'ok', server: null, port: 0 };
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': '*',
    'Access-Control-Allow-Private-Network': 'true',
  };
  rx.server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      rx.requests.push(`${req.method} ${req.url}`);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      if (req.method === 'POST') rx.posts.push({ url: req.url, headers: req.headers, body });
      if (rx.mode === 'fail') {
        res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' });
        res.end('broken');
        return;
      }
      const html = /text\/html/.test(req.headers.accept || '');
      res.writeHead(200, { ...cors, 'Content-Type': html ? 'text/html; charset=utf-8' : 'application/json' });
      res.end(html ? '<!doctype html><html lang="en"><title>Thanks</title><p>Thank you.</p></html>' : '{"ok":true}');
    });
  });
  return new Promise((resolve, reject) => {
    rx.server.once('error', reject);
    rx.server.listen(0, '127.0.0.1', () => {
      rx.port = rx.server.address().port;
      resolve(rx);
    });
  });
}

describe('the checklist page of a copy of the example, sending to an endpoint', () => {
  let site;
  let browser;
  let rx;
  let endpoint;
  let origin;
  let setupError = null;

  before(async () => {
    try {
      rx = await startReceiver();
      origin = `http://127.0.0.1:${rx.port}`;
      endpoint = `${origin}/answers`;
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-prospect-'));
      const src = path.join(tmp, 'src');
      fs.mkdirSync(src);
      fs.copyFileSync(path.join(REPO_ROOT, 'site.yaml'), path.join(src, 'site.yaml'));
      for (const dir of ['content', 'static']) {
        if (fs.existsSync(path.join(REPO_ROOT, dir))) fs.cpSync(path.join(REPO_ROOT, dir), path.join(src, dir), { recursive: true });
      }
      for (const name of ['are-we-a-fit.yaml', 'are-we-a-fit.it.yaml']) {
        const file = path.join(src, 'content', 'checklists', name);
        const text = fs.readFileSync(file, 'utf8');
        assert.match(text, /^send_to:.*$/m, `${name} has a send_to: line`);
        fs.writeFileSync(file, text.replace(/^send_to:.*$/m, `send_to: ${endpoint}`));
      }
      site = buildSite({ source: src, tmp });
      browser = await launchBrowser();
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => (rx?.server ? rx.server.close(r) : r()));
    if (site && !process.env.RAPPORT_KEEP_OUT) site.cleanup();
  });
  const ready = () => {
    if (setupError) throw setupError;
  };

  /** Like assertClean, but the receiver is allowed (and its 500 answer when `failing`). */
  function assertCleanButReceiver(rec, label, failing = false) {
    const p = problems(rec);
    p.nonFileRequests = p.nonFileRequests.filter((u) => !u.startsWith(origin + '/'));
    if (failing) p.consoleErrors = p.consoleErrors.filter((e) => !/status of 500/.test(e));
    assert.deepEqual(p, { nonFileRequests: [], failedRequests: [], consoleErrors: [], pageErrors: [] }, label);
  }

  const policy = (page) => page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');

  test('the checklist page (and the article showing it) allow the endpoint in their policy; other pages keep form-action \'none\'; the form posts there', async () => {
    ready();
    const rec = await open(browser, site, FIT, '', PHONE);
    const { page } = rec;
    const csp = await policy(page);
    assert.ok(csp.includes(`connect-src ${origin}`), csp);
    assert.ok(csp.includes(`form-action ${origin}`), csp);
    const form = page.locator('form[data-checklist="are-we-a-fit"]');
    assert.equal(await form.getAttribute('action'), endpoint);
    assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'post');
    const send = page.locator('[data-action="send"]');
    assert.deepEqual(await send.evaluate((b) => [b.tagName, b.type]), ['BUTTON', 'submit']);
    for (const rel of [ARTICLE]) {
      await page.goto(url(site, rel));
      const c = await policy(page);
      assert.ok(c.includes(`connect-src ${origin}`) && c.includes(`form-action ${origin}`), `${rel}: ${c}`);
    }
    await page.goto(url(site, OTHER_ARTICLE));
    const other = await policy(page);
    assert.ok(other.includes("form-action 'none'"), `${OTHER_ARTICLE}: ${other}`);
    assert.ok(!other.includes('connect-src'), `${OTHER_ARTICLE}: ${other}`);
    assert.deepEqual(rx.posts, [], 'nothing sent before pressing send');
    assertCleanButReceiver(rec, FIT);
    await rec.context.close();
  });

  test('pressing send makes one urlencoded POST with the answers, the result and the contact fields; success is announced', async () => {
    ready();
    rx.mode = 'ok';
    rx.posts.length = 0;
    const rec = await open(browser, site, FIT, '', PHONE);
    const { page } = rec;
    await answerLikeAPerson(page, { ...GREAT_ANSWERS, 'found-us': ['recommended', 'articles'] });
    const contact = page.locator('form[data-checklist="are-we-a-fit"] [data-contact]');
    await contact.locator('input[name="name"]').fill('Marta Rossi');
    await contact.locator('input[name="email"]').fill('marta@example.org');
    await contact.locator('textarea[name="message"]').fill('A second bakery.');
    assert.deepEqual(rx.posts, [], 'nothing sent before pressing send');
    const link = await page.evaluate(() => location.href);
    await page.locator('[data-action="send"]').click();
    const status = page.locator('.send-status');
    await status.and(page.locator('.is-sent')).waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(300);
    assert.equal(rx.posts.length, 1, `one POST (got ${rx.posts.length}: ${rx.requests.join(', ')})`);
    const post = rx.posts[0];
    assert.equal(post.url, '/answers');
    assert.match(post.headers['content-type'] || '', /^application\/x-www-form-urlencoded\b/);
    const f = new URLSearchParams(post.body);
    assert.equal(f.get('checklist'), 'are-we-a-fit');
    assert.equal(f.get('language'), 'en');
    assert.equal(f.get('link'), link);
    assert.ok(f.get('link').includes('#are-we-a-fit:'), f.get('link'));
    for (const n of ['score', 'max', 'percent']) assert.match(f.get(n) ?? '', /^\d+$/, `${n}=${f.get(n)}`);
    assert.equal(f.get('result'), 'great');
    assert.equal(f.get('result_title'), GREAT_TITLE);
    for (const [q, ids] of Object.entries(GREAT_ANSWERS)) {
      if (q === 'found-us') continue;
      assert.deepEqual(f.getAll(q), ids, `${q}`);
    }
    assert.deepEqual(f.getAll('found-us').sort(), ['articles', 'recommended'], 'found-us once per ticked box');
    assert.equal(f.getAll('how-it-ended').length, 0, 'a hidden question is not sent');
    assert.equal(f.get('name'), 'Marta Rossi');
    assert.equal(f.get('email'), 'marta@example.org');
    assert.equal(f.get('message'), 'A second bakery.');
    const s = await status.evaluate((el) => ({
      cls: el.className,
      text: el.textContent.trim(),
      visible: el.checkVisibility(),
      role: el.getAttribute('role'),
      live: el.getAttribute('aria-live'),
    }));
    assert.match(s.cls, /\bis-sent\b/, `.send-status class "${s.cls}"`);
    assert.ok(s.visible && s.text.length > 0, `.send-status visible with text: "${s.text}"`);
    assert.ok(s.role === 'status' || s.live === 'polite', 'announced politely');
    assertCleanButReceiver(rec, FIT);
    await rec.context.close();
  });

  test('a failing receiver: the failure is shown, the message and a mailto to the practice are offered, the answers stay; axe-clean; screenshot', async () => {
    ready();
    rx.mode = 'fail';
    rx.posts.length = 0;
    const found = [];
    try {
      for (const vp of [PHONE, LAPTOP]) {
        const rec = await open(browser, site, FIT, '', vp, { bypassCSP: true });
        const { page } = rec;
        await answerLikeAPerson(page, GREAT_ANSWERS);
        await page.locator('[data-contact] input[name="name"]').fill('Marta Rossi');
        await page.locator('[data-action="send"]').click();
        const failed = page.locator('.send-status.is-failed');
        await failed.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        assert.equal(await failed.isVisible(), true, `.send-status.is-failed visible at ${vp.width}`);
        assert.ok(norm(await failed.textContent()).length > 0);
        const fallback = page.locator('.send-fallback');
        assert.equal(await fallback.isVisible(), true, `.send-fallback visible at ${vp.width}`);
        const mail = fallback.locator('a[data-action="mail"]');
        assert.equal(await mail.count(), 1, '.send-fallback a[data-action="mail"]');
        const href = await mail.getAttribute('href');
        assert.ok(href.startsWith(`mailto:${MAIL}?`), href);
        const { body } = mailParts(href);
        assert.ok(body && body.startsWith('Hello,') && body.includes('A new website or a rebuilt one'), `the mailto's body: ${body}`);
        const checked = await page.$$eval('form[data-checklist] fieldset[data-question] input:checked', (is) => is.map((i) => `${i.name}=${i.value}`));
        assert.deepEqual(
          checked.sort(),
          Object.entries(GREAT_ANSWERS).flatMap(([q, ids]) => ids.map((id) => `${q}=${id}`)).sort(),
          'the answers are still ticked',
        );
        if (vp === PHONE) {
          const part = page.locator('.checklist-send');
          fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
          const file = path.join(SCREENSHOT_DIR, 'prospect-send-failed-phone-360x740.png');
          await part.screenshot({ path: file });
          console.log(`# screenshot: ${file}`);
        }
        // Before axe, whose own requests for the stylesheets fail from file://.
        assertCleanButReceiver(rec, `${FIT} at ${vp.width}`, true);
        found.push(...(await axeViolations(page)).map((v) => `failed send at ${vp.width}: ${v}`));
        await rec.context.close();
      }
    } finally {
      rx.mode = 'ok';
    }
    assert.ok(rx.posts.length >= 2, 'the receiver was asked');
    assert.deepEqual(found, [], found.join('\n'));
  });

  test('without JavaScript the form posts the ticked answers and the checklist id natively', async () => {
    ready();
    rx.mode = 'ok';
    rx.posts.length = 0;
    const rec = await open(browser, site, FIT, '', PHONE, { javaScriptEnabled: false });
    const { page } = rec;
    for (const [q, a] of [['need', 'brand'], ['timeline', 'later'], ['found-us', 'recommended'], ['found-us', 'search']]) {
      await answerLabel(page, q, a).click();
    }
    const send = page.locator('[data-action="send"]');
    assert.equal(await send.isVisible(), true, 'the send button is there without JS');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(origin), { timeout: 10_000 }), send.click()]);
    assert.equal(rx.posts.length, 1, `one native POST (${rx.requests.join(', ')})`);
    const f = new URLSearchParams(rx.posts[0].body);
    assert.match(rx.posts[0].headers['content-type'] || '', /^application\/x-www-form-urlencoded\b/);
    assert.equal(f.get('checklist'), 'are-we-a-fit');
    assert.deepEqual(f.getAll('need'), ['brand']);
    assert.deepEqual(f.getAll('timeline'), ['later']);
    assert.deepEqual(f.getAll('found-us'), ['recommended', 'search']);
    assert.equal(f.getAll('long-term').length, 0, 'unanswered questions are not sent');
    assertCleanButReceiver(rec, FIT);
    await rec.context.close();
  });
});
