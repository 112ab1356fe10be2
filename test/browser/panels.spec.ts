/**
 * The protocol panels in the page: the violation notice and the cells that broke an invariant,
 * however the moment was reached; rows that fit their box with projector-sized text; hooks the
 * narration points at.
 */
import { expect, test, type Page } from '@playwright/test';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { LESSONS } from '../../src/scenario/lessons';
import { textsWiderThanNodes } from './support/nodeLabels';
import { watchConsole } from './support/page';

const figure8Bug = libraryEntry('raft-figure-8-commit-previous-term-bug');
const firstViolation = runScenario(figure8Bug.scenario, 1500).violations[0];

/** Raft, 9 nodes, three commands, a crashed leader: long enough rows, one of them down. */
const NINE: Scenario = {
  version: 1, protocol: 'raft', nodes: 9, seed: 3,
  events: [
    { at: 400, type: 'request', node: 'leader', command: 'a' }, { at: 450, type: 'request', node: 'leader', command: 'b' },
    { at: 500, type: 'crash', node: 'leader' }, { at: 900, type: 'request', node: 'leader', command: 'c' },
  ],
};

/** Every row is whole in view: the point at its centre and at both ends of its lead hit it. */
async function rowsInView(page: Page): Promise<string[]> {
  return page.locator('[data-log-row]').evaluateAll((rows) => rows.filter((r) => {
    // the row's head (its node name) stays in view; a long row scrolls sideways under it
    const box = (r.firstElementChild ?? r).getBoundingClientRect();
    const hit = (x: number, y: number) => r.contains(document.elementFromPoint(x, y));
    return !(hit(box.left + 4, box.top + box.height / 2) && hit(box.left + 4, box.top + 2) && hit(box.left + 4, box.bottom - 2));
  }).map((r) => r.getAttribute('data-log-row')!));
}

/** The smallest font size (CSS px) of any text in the protocol panel's rows. */
const smallestRowText = (page: Page) => page.locator('.panel-protocol [data-log-row], .panel-protocol .log-head').evaluateAll((rows) => {
  let least = Infinity;
  for (const r of rows) {
    const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent!.trim() || el.getClientRects().length === 0) continue;
      least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
    }
  }
  return least;
});

test('"Go to the moment to watch" in Figure 8 with the bug shows the violation and marks the entries that broke it', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Scenario library' }).selectOption(figure8Bug.id);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Go to the moment to watch' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Invariant ${firstViolation.invariant}`);
  await expect(alert).toContainText('teaching bug switched on (commit-previous-term)');
  // S5 was elected without the committed x=2 at index 2
  await expect(page.locator('[data-log-row="5"] [data-log-index="2"]')).toHaveClass(/is-conflict/);
  await expect(page.locator('[data-log-row="cluster"] [data-log-index="2"]')).toHaveClass(/is-conflict/);
  await expect(page.locator('[data-log-row="cluster"] [data-log-index="2"]')).toContainText('x=2');
  expect(problems).toEqual([]);
});

test('scrubbing past a violation shows the notice, scrubbing back before it removes it', async ({ page }) => {
  await page.goto(`/${encodeLink(figure8Bug.scenario, 0)}`);
  const scrubber = page.getByRole('slider', { name: 'Virtual time' });
  await scrubber.fill(String(firstViolation.time + 100));
  await expect(page.getByRole('alert')).toContainText(firstViolation.invariant);
  await expect(page.locator('.is-conflict').first()).toBeVisible();
  await scrubber.fill(String(firstViolation.time - 100));
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.is-conflict')).toHaveCount(0);
});

test('a Multi-Paxos run shows what was chosen on the cells and in the Chosen row', async ({ page }) => {
  const entry = libraryEntry('multi-paxos-leader-fails-noop-gap');
  await page.goto(`/${encodeLink(entry.scenario, entry.moment.at)}`);
  const chosenRow = page.locator('[data-log-row="cluster"]');
  await expect(chosenRow).toContainText('Chosen');
  await expect(chosenRow.locator('[data-slot]')).toHaveText(['a', 'no-op', 'c']);
  for (const id of [2, 3, 4, 5]) {
    await expect(page.locator(`[data-log-row="${id}"] [data-slot]`).evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status'))))
      .resolves.toEqual(['chosen', 'chosen', 'chosen']);
  }
  await expect(page.locator('[data-log-row="1"] [data-slot="1"]')).toHaveAttribute('data-status', 'accepted');
});

test('9 nodes at 1440x900: every log row and the cluster row fit a box of 240 px, with no scroll but sideways', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const problems = watchConsole(page);
  await page.goto(`/${encodeLink(NINE, 1200)}`);
  // the page's layout gives the panel its box; here one about a quarter of the page's height
  await page.addStyleTag({ content: '.panel-protocol { flex: none !important; height: 240px !important; max-height: none !important; }' });
  await expect(page.locator('[data-log-row]')).toHaveCount(10);
  await expect.poll(() => rowsInView(page)).toEqual([]);
  const body = page.locator('.panel-protocol .panel-body');
  expect(await body.evaluate((b) => b.scrollHeight <= b.clientHeight + 1)).toBe(true);
  expect(await smallestRowText(page)).toBeGreaterThanOrEqual(11);
  expect(problems).toEqual([]);
});

test('the cells\' text size follows the row height in whole pixels, in every protocol panel, presenting or not', async ({ page }) => {
  // each new size is a font the browser must look up (milliseconds, in the frame that first draws it):
  // a size that followed the row height to the hundredth made one for every node count and box
  await page.setViewportSize({ width: 1280, height: 720 });
  const tableFontSize = () => page.locator('.panel-protocol :is(.log-table, .acceptor-table)').first()
    .evaluate((t) => getComputedStyle(t).fontSize);
  const paxos = libraryEntry('paxos-value-hijacking');
  const multi = libraryEntry('multi-paxos-leader-fails-noop-gap');
  for (const [scenario, at] of [[NINE, 1200], [paxos.scenario, paxos.moment.at], [multi.scenario, multi.moment.at]] as const) {
    for (const present of ['', '&present=1']) {
      await page.goto(`/${encodeLink(scenario, at)}${present}`);
      await expect(page.locator('[data-log-row="cluster"]')).toBeVisible();
      const sizes = new Set<string>();
      for (const height of [230, 287, 333, 401, 555]) {
        await page.addStyleTag({ content: `.panel-protocol { flex: none !important; height: ${height}px !important; max-height: none !important; }` });
        // (the rows are fitted on the frame after the box changes)
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        sizes.add(await tableFontSize());
      }
      expect([...sizes].filter((size) => !/^\d+px$/.test(size)), `${scenario.protocol}${present}`).toEqual([]);
      // and the rows do follow the box: not one size for every height
      if (scenario === NINE) expect(sizes.size, `${scenario.protocol}${present}: ${[...sizes].join(' ')}`).toBeGreaterThan(1);
    }
  }
});

test('presenter mode: panel text is at least 18 px, and 9 rows and the cluster row fit a box of the size the stage gives', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/${encodeLink(NINE, 1200)}&present=1`);
  // the page's layout gives the panel its box; here a box of 400 px, what the stage gives it beside
  // the cluster under a lesson's narration at this size
  await page.addStyleTag({ content: '.panel-protocol { flex: none !important; height: 400px !important; max-height: none !important; }' });
  await expect(page.locator('[data-log-row]')).toHaveCount(10);
  await expect.poll(() => rowsInView(page)).toEqual([]);
  expect(await smallestRowText(page)).toBeGreaterThanOrEqual(18);
  // the rows grow back when the box does
  const rowHeight = () => page.locator('[data-log-row="1"]').evaluate((r) => r.getBoundingClientRect().height);
  const small = await rowHeight();
  await page.addStyleTag({ content: '.panel-protocol { height: 600px !important; }' });
  await expect.poll(rowHeight).toBeGreaterThan(small);
  for (const protocol of ['paxos', 'multi-paxos'] as const) {
    const entry = libraryEntry(protocol === 'paxos' ? 'paxos-value-hijacking' : 'multi-paxos-leader-fails-noop-gap');
    await page.goto(`/${encodeLink(entry.scenario, entry.moment.at)}&present=1`);
    await expect(page.locator('[data-log-row="cluster"]')).toBeVisible();
    expect(await smallestRowText(page)).toBeGreaterThanOrEqual(18);
  }
});

test('a long log scrolls inside the panel and keeps the newest entries in view on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const busy: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1,
    events: Array.from({ length: 30 }, (_, i) => ({ at: 400 + 5 * i, type: 'request' as const, node: 'leader' as const, command: `x=${i + 1}` })) };
  await page.goto(`/${encodeLink(busy, 700)}`);
  const newest = page.locator('[data-log-row="cluster"] [data-log-index="30"]');
  await expect(newest).toBeAttached();
  const body = page.locator('.panel-protocol .panel-body');
  await expect.poll(() => body.evaluate((b) => b.scrollLeft > 0 && b.scrollLeft + b.clientWidth >= b.scrollWidth - 4)).toBe(true);
  // the row heads stay in view while the cells scroll under them
  const lead = await page.locator('[data-log-row="1"] .log-lead').boundingBox();
  const panel = await body.boundingBox();
  expect(lead!.x).toBeGreaterThanOrEqual(panel!.x);
});

test('a log of 150 entries renders the columns in view (and a margin), and every column is there wherever it is scrolled', async ({ page }) => {
  const long: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1,
    events: Array.from({ length: 150 }, (_, i) => ({ at: 400 + 5 * i, type: 'request' as const, node: 'leader' as const, command: `x=${i + 1}` })) };
  await page.goto(`/${encodeLink(long, 1600)}`);
  await expect(page.locator('[data-log-row="cluster"] [data-log-index="150"]')).toBeAttached();
  const body = page.locator('.panel-protocol .panel-body');
  /** The head's indices between the sticky row heads and the panel's right edge, and how many are rendered. */
  const inView = () => body.evaluate((box) => {
    const b = box.getBoundingClientRect();
    const lead = box.querySelector('.log-head .log-lead')!.getBoundingClientRect();
    const heads = [...box.querySelectorAll<HTMLElement>('.log-head .log-index')];
    const seen = heads.filter((h) => { const r = h.getBoundingClientRect(); return r.right > lead.right + 1 && r.left < b.right - 1; });
    const first = seen[0]?.getBoundingClientRect(), last = seen.at(-1)?.getBoundingClientRect();
    return { rendered: heads.length, shown: seen.map((h) => Number(h.textContent)), coversLeft: !!first && first.left <= lead.right + first.width,
      coversRight: !!last && last.right >= b.right - last.width - 4 };
  });
  const consecutive = (xs: number[]) => xs.every((x, k) => k === 0 || x === xs[k - 1] + 1);
  await expect.poll(async () => (await inView()).shown.at(-1)! >= 150).toBe(true); // following the newest (and the leader's nextIndex)
  for (const to of ['start', 'middle', 'end'] as const) {
    await body.evaluate((box, where) => {
      box.scrollLeft = where === 'start' ? 0 : where === 'end' ? box.scrollWidth : (box.scrollWidth - box.clientWidth) / 2;
    }, to);
    await expect.poll(async () => { const v = await inView(); return v.coversLeft && v.coversRight && consecutive(v.shown); }, { message: to }).toBe(true);
    const v = await inView();
    expect(v.rendered, 'not every column is rendered').toBeLessThan(150);
    if (to === 'start') expect(v.shown[0]).toBe(1);
    if (to === 'middle') expect(Math.abs(v.shown[v.shown.length >> 1] - 75)).toBeLessThan(10);
    if (to === 'end') expect(v.shown.at(-1)).toBeGreaterThanOrEqual(150);
  }
  // scrolled far along, then back in time to a shorter log: its columns in view are there, and still not all of them
  await body.evaluate((box) => { box.scrollLeft = (box.scrollWidth - box.clientWidth) * 0.9; });
  await expect.poll(async () => (await inView()).shown[0] > 110).toBe(true);
  await page.getByRole('slider', { name: 'Virtual time' }).fill('860');
  await expect(page.locator('[data-log-row="cluster"] [data-log-index="120"]')).toHaveCount(0);
  await expect.poll(async () => { const v = await inView(); return v.shown.length > 3 && v.coversLeft && v.coversRight && consecutive(v.shown); }).toBe(true);
  expect((await inView()).rendered).toBeLessThan(80);
});

/** A row head whose text reaches into the first cell, and cell texts cut by their cell or truncated. */
const cutPanelTexts = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  const textBox = (el: Element) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
  for (const row of document.querySelectorAll('.panel-protocol .log-row')) {
    const which = row.getAttribute('data-log-row') ?? 'head';
    const name = row.querySelector('.log-name');
    const first = row.querySelector('.log-cell, .log-index');
    if (name && first && textBox(name).right > first.getBoundingClientRect().left + 0.5) out.push(`${which}: "${name.textContent}" runs into column 1`);
    for (const cell of row.querySelectorAll('.log-cell')) {
      const c = cell.getBoundingClientRect();
      for (const t of cell.querySelectorAll<HTMLElement>('.log-term, .log-cmd')) {
        if (getComputedStyle(t).display === 'none') continue;
        const b = textBox(t);
        if (b.top < c.top - 0.5 || b.bottom > c.bottom + 0.5 || t.scrollWidth > t.clientWidth + 1) out.push(`${which}: "${t.textContent}" cut in its cell`);
      }
    }
  }
  return out;
});

for (const [size, present] of [['1280x720', true], ['390x844', false]] as const) {
  for (const lang of ['en', 'zh']) {
    test(`Zab lesson at ${size}${present ? ' presenter' : ''} (${lang}): history heads clear of the cells, both lines of each cell whole, node texts inside the circles`, async ({ page }) => {
      const [width, height] = size.split('x').map(Number);
      await page.setViewportSize({ width, height });
      const extra = `&lang=${lang}${present ? '&present=1' : ''}`;
      await page.goto(`/#lesson=zab-recovery&step=1${extra}`);
      const steps = LESSONS.find((l) => l.id === 'zab-recovery')!.steps.length;
      for (let step = 1; step <= steps; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=zab-recovery&step=${step}${extra}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        await expect(page.locator('.panel-protocol .log-cell').first()).toBeVisible();
        expect(await cutPanelTexts(page), `step ${step}`).toEqual([]);
        expect(await textsWiderThanNodes(page), `step ${step}`).toEqual([]);
      }
    });
  }
}

test('every lesson step on a phone: node texts inside their circles, in both languages', async ({ page }) => {
  test.setTimeout(240_000); // every step of every lesson, twice: it grows with the lessons
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['en', 'zh']) {
    await page.goto(`/#lang=${lang}`);
    for (const lesson of LESSONS) {
      for (let step = 1; step <= lesson.steps.length; step++) {
        await page.evaluate((hash) => { location.hash = hash; }, `lesson=${lesson.id}&step=${step}&lang=${lang}`);
        await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', String(step));
        expect(await textsWiderThanNodes(page), `${lang} ${lesson.id} step ${step}`).toEqual([]);
      }
    }
  }
});

/** The slot cells in view: a ballot on two lines, or a value cut (by its cell, an ellipsis or a squeezed line). */
const unreadableSlots = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  const body = document.querySelector('.panel-protocol .panel-body')!.getBoundingClientRect();
  const lead = document.querySelector('.slot-grid .log-head .log-lead')!.getBoundingClientRect();
  const lines = (el: Element) => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; };
  for (const cell of document.querySelectorAll<HTMLElement>('.slot-grid .log-cell')) {
    const c = cell.getBoundingClientRect();
    // the cells wholly in view (the table scrolls sideways under its row heads)
    if (c.left < lead.right - 1 || c.right > body.right) continue;
    const where = `${cell.closest('[data-log-row]')!.getAttribute('data-log-row')} slot ${cell.dataset.slot}`;
    const term = cell.querySelector<HTMLElement>('.log-term');
    if (term && getComputedStyle(term).display !== 'none' && lines(term) > 1) out.push(`${where}: ballot "${term.textContent}" on ${lines(term)} lines`);
    const cmd = cell.querySelector<HTMLElement>('.log-cmd');
    if (!cmd) continue;
    const b = cmd.getBoundingClientRect();
    if (cmd.scrollWidth > cmd.clientWidth + 1 || b.height < parseFloat(getComputedStyle(cmd).fontSize) || b.right > c.right + 0.5 || b.bottom > c.bottom + 0.5) {
      out.push(`${where}: "${cmd.textContent}" cut (${cmd.clientWidth}/${cmd.scrollWidth} px wide, ${Math.round(b.height)} px high)`);
    }
  }
  return out;
});

for (const present of [true, false]) {
  for (const lang of ['en', 'zh']) {
    test(`lock service on Multi-Paxos${present ? ' in presenter mode' : ''} (${lang}): each slot in view shows its ballot on one line and its lock call whole`, async ({ page }) => {
      await page.goto(`/#lang=${lang}${present ? '&present=1' : ''}`);
      await page.getByRole('combobox', { name: lang === 'en' ? 'Scenario library' : '场景库', exact: true }).selectOption('lock-session-expires-partitioned');
      const scrubber = page.getByRole('slider', { name: lang === 'en' ? 'Virtual time' : '虚拟时间', exact: true });
      await scrubber.fill(String(Math.round(Number(await scrubber.getAttribute('max')) * 0.8)));
      await expect(page.locator('[data-log-row="cluster"] .log-cmd').first()).toBeVisible();
      // the calls of a lock service ("keepalive s2", "open ttl=1000") are there to read
      await expect(page.locator('[data-log-row="cluster"] .log-cmd').filter({ hasText: /^(keepalive|acquire|release|open) / }).first()).toBeAttached();
      await expect.poll(() => unreadableSlots(page)).toEqual([]);
    });
  }
}

/** Cells of the acceptors' "proposes in phase 2" column whose words are broken over more lines than they need (a column squeezed to a word or two a line). */
const squeezedProposals = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.acceptor-table td.proposes')].flatMap((td) => {
  const words = document.createRange();
  words.selectNodeContents(td);
  // lines: the words' boxes by their tops, a box more than 4 px below the last starting a new line
  const tops = [...words.getClientRects()].filter((r) => r.width > 0).map((r) => r.top).sort((a, b) => a - b);
  const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > 4).length;
  return lines > 4 ? [`${td.closest('tr')!.getAttribute('data-acceptor')}: "${td.textContent}" on ${lines} lines`] : [];
}));

test('on a phone the Basic Paxos acceptors\' "proposes in phase 2" column keeps a readable width (the table scrolls sideways), in both languages', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const ids = ['paxos-one-proposer', 'paxos-duelling-proposers', 'paxos-value-hijacking', 'paxos-value-hijacking-ignore-accepted-value-bug', 'paxos-acceptor-crash-restart'];
  for (const lang of ['en', 'zh']) {
    for (const id of ids) {
      const entry = libraryEntry(id);
      await page.goto('about:blank');
      await page.goto(`/${encodeLink(entry.scenario as Scenario, entry.moment.at)}&lang=${lang}`);
      await expect(page.locator('.acceptor-table td.proposes').first()).toBeAttached();
      // the rows fit their panel a frame or two after it shows: measure once they settle
      await expect.soft.poll(() => squeezedProposals(page), { message: `${id} (${lang})`, timeout: 2000 }).toEqual([]);
    }
  }
});

test('on a 360 px phone in Chinese the acceptors\' headings keep their words whole ("已学习" stood one character a line)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const entry = libraryEntry('paxos-one-proposer');
  await page.goto(`/${encodeLink(entry.scenario as Scenario, entry.moment.at)}&lang=zh`);
  await expect(page.locator('.acceptor-table thead th').first()).toBeAttached();
  // a heading with no space in it (one Chinese word) lies on one line
  const broken = await page.locator('.acceptor-table thead th').evaluateAll((ths) => ths.filter((th) => {
    const text = th.textContent!.trim();
    if (!text || /\s/.test(text)) return false;
    const words = document.createRange();
    words.selectNodeContents(th);
    return new Set([...words.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1;
  }).map((th) => th.textContent));
  expect(broken).toEqual([]);
});
