/**
 * The history view: one lane per client, each operation a bar from call to return, and the
 * checker's account of the history. On a linearizable run it draws a tick inside each operation's
 * bar; on the stale-read bug's run it highlights the write, the newer write and the stale read and
 * says why (in both languages). Its verdict is the report's and the invariants panel's; it follows
 * the moment shown, zooms, opens from a link (`&history=1`) or the toolbar, and fits a phone.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchConsole } from './support/page';
import { LESSONS } from '../../src/scenario/lessons';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

const view = (page: Page) => page.getByTestId('history-view');
const verdict = (page: Page) => page.getByTestId('history-verdict');
/** The invariants panel's own line for the history. */
const panelVerdict = (page: Page) => page.locator('li[data-linearizable]');

const stale = validateScenario(libraryEntry('raft-stale-read-bug').scenario);
const clean = validateScenario(libraryEntry('raft-read-index').scenario);

test('a linearizable run: the verdict is the report\'s, and each tick sits inside its operation\'s bar', async ({ page }) => {
  const problems = watchConsole(page);
  const report = buildReport(runScenario(clean, 1790));
  expect(report.linearizable).toBe(true);
  await page.goto(`/${encodeLink(clean, 1790)}&history=1`);
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'true');
  await expect(panelVerdict(page)).toHaveAttribute('data-linearizable', 'true');
  await expect(verdict(page)).toContainText('Linearizable');
  const points = view(page).locator('[data-linearization-point]');
  expect(await points.count()).toBeGreaterThan(5);
  for (const point of await points.all()) {
    const op = await point.getAttribute('data-history-op');
    const bar = view(page).locator(`.history-op[data-history-op="${op}"] .history-op-bar`);
    const [p, b] = [(await point.boundingBox())!, (await bar.boundingBox())!];
    // the tick is within the bar's span (call to return), give or take its own width
    expect(p.x).toBeGreaterThanOrEqual(b.x - 2);
    expect(p.x).toBeLessThanOrEqual(b.x + b.width + 2);
    // and on the bar's lane
    expect(Math.abs(p.y + p.height - (b.y + b.height))).toBeLessThan(b.height + 12);
  }
  // the order numbers run 1, 2, 3… on the key, as the ticks stand in time
  const orders = await points.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-linearization-point')), e.getBoundingClientRect().x]));
  const byOrder = [...orders].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < byOrder.length; i++) expect(byOrder[i][1]).toBeGreaterThanOrEqual(byOrder[i - 1][1] - 1);
  expect(view(page).locator('[data-conflict-role]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

for (const lang of ['en', 'zh'] as const) {
  test(`the stale-read bug (${lang}): the write, the newer write and the stale read, highlighted and explained`, async ({ page }) => {
    const problems = watchConsole(page);
    const report = buildReport(runScenario(stale, 1790));
    expect(report.linearizable).toBe(false);
    await page.goto(`/${encodeLink(stale, 1790)}&history=1&lang=${lang}`);
    await expect(verdict(page)).toHaveAttribute('data-linearizable', 'false');
    await expect(panelVerdict(page)).toHaveAttribute('data-linearizable', 'false');
    const roles = await view(page).locator('.history-op[data-conflict-role]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conflict-role')));
    expect(roles.sort()).toEqual(['newer-write', 'stale-read', 'write']);
    // the stale read is the report's own: client 1's get of k0 answered v4
    const read = runScenario(stale, 1790).clientHistory.findIndex((h) => h.op === 'get' && h.output === 'v4' && h.call > 1780);
    await expect(view(page).locator(`.history-op[data-history-op="${read}"]`)).toHaveAttribute('data-conflict-role', 'stale-read');
    const why = page.getByTestId('history-explanation');
    await expect(why).toHaveAttribute('data-kind', 'stale-read');
    await expect(why).toContainText(lang === 'en' ? /So the read had to see v5, yet it returned the older v4: a stale read/ : /所以这次读必须看到 v5，却返回了更旧的 v4：这是一次陈旧读/);
    await expect(verdict(page)).toContainText(lang === 'en' ? 'Not linearizable' : '不可线性化');
    expect(problems).toEqual([]);
  });
}

test('it follows the moment shown: before the stale answer the history is linearizable and the read is not drawn', async ({ page }) => {
  const problems = watchConsole(page);
  const read = runScenario(stale, 1790).clientHistory.findIndex((h) => h.op === 'get' && h.output === 'v4' && h.call > 1780);
  await page.goto(`/${encodeLink(stale, 1700)}&history=1`);
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'true');
  await expect(panelVerdict(page)).toHaveAttribute('data-linearizable', 'true');
  await expect(view(page).locator(`[data-history-op="${read}"]`)).toHaveCount(0);
  // no operation called after the moment shown is drawn
  const calls = await view(page).locator('.history-op').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-history-op'))));
  const history = runScenario(stale, 1790).clientHistory;
  for (const i of calls) expect(history[i].call).toBeLessThanOrEqual(1700);
  // the same run, later: the page seeks, and the view's verdict changes with the panel's
  await page.evaluate((hash) => { location.hash = hash; }, `${encodeLink(stale, 1790)}&history=1`);
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'false');
  await expect(panelVerdict(page)).toHaveAttribute('data-linearizable', 'false');
  await expect(view(page).locator(`[data-history-op="${read}"]`)).toHaveAttribute('data-conflict-role', 'stale-read');
  expect(problems).toEqual([]);
});

test('the toolbar opens and closes it, the address bar carries it, and the window zooms', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/${encodeLink(clean, 1790)}`);
  await expect(view(page)).toHaveCount(0);
  const toggle = page.getByRole('button', { name: 'History', exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(view(page)).toBeVisible();
  await expect(page).toHaveURL(/&history=1/);
  // the default window is the last second; zooming in halves it, "Whole run" shows it all
  await expect(view(page)).toHaveAttribute('data-window', '790-1790');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(view(page)).toHaveAttribute('data-window', '1040-1540');
  await page.getByRole('button', { name: 'Whole run' }).click();
  await expect(view(page)).toHaveAttribute('data-window', '0-1790');
  const all = await view(page).locator('.history-op').count();
  expect(all).toBe(runScenario(clean, 1790).clientHistory.length);
  await toggle.click();
  await expect(view(page)).toHaveCount(0);
  await expect(page).not.toHaveURL(/history=1/);
  expect(problems).toEqual([]);
});

test('on a phone the lanes fit the width and the explanation reads in full', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/${encodeLink(stale, 1790)}&history=1`);
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'false');
  const box = (await view(page).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByTestId('history-explanation')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a lesson step that shows the history opens the view, with the conflict, while the drawers stay closed', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/#lesson=raft-stale-reads&step=2');
  await expect(page.locator('.lesson-bar')).toBeVisible();
  await expect(view(page)).toHaveCount(0);
  await page.goto('about:blank');
  await page.goto('/#lesson=raft-stale-reads&step=3');
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'false');
  await expect(page.getByTestId('history-explanation')).toHaveAttribute('data-kind', 'stale-read');
  await expect(page.locator('#tools')).toBeHidden();
  await expect(page.getByRole('button', { name: 'History', exact: true })).toHaveAttribute('aria-pressed', 'true');
  expect(problems).toEqual([]);
});

test('presenting on 1280x720, the history takes the protocol panel\'s place, every lane in view; closing it brings the logs back', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/#lesson=raft-stale-reads&step=3&present=1');
  await expect(verdict(page)).toHaveAttribute('data-linearizable', 'false');
  await expect(page.locator('.panel-protocol')).toBeHidden();
  for (const lane of await view(page).locator('[data-history-lane]').all()) {
    const box = (await lane.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
  }
  const read = view(page).locator('.history-op[data-conflict-role="stale-read"]');
  await expect(read).toContainText('the stale read: get k0→v4');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(view(page)).toHaveCount(0);
  await expect(page.locator('.panel-protocol')).toBeVisible();
  expect(problems).toEqual([]);
});

/** The lesson steps that open the history view. */
const historySteps = LESSONS.flatMap((l) => l.steps.map((s, i) => ({ id: l.id, step: i + 1, shows: s.show?.includes('history') })))
  .filter((s) => s.shows);

/** Flags (a conflict's words over a short bar) that run into another flag in their lane. */
const collidingFlags = (page: Page) => page.evaluate(() => {
  const flags = [...document.querySelectorAll('.history-op-flag')].map((f) => ({
    lane: f.closest<HTMLElement>('.history-op')!.dataset.client, text: f.textContent, b: f.getBoundingClientRect(),
  }));
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) for (let j = i + 1; j < flags.length; j++) {
    const a = flags[i], c = flags[j];
    if (a.lane === c.lane && Math.min(a.b.right, c.b.right) - Math.max(a.b.left, c.b.left) > -2) out.push(`client ${a.lane}: "${a.text}" ${Math.round(a.b.left)}..${Math.round(a.b.right)} x "${c.text}" ${Math.round(c.b.left)}..${Math.round(c.b.right)}`);
  }
  return out;
});

for (const lang of ['en', 'zh']) {
  test(`every lesson step that shows the history, presenting at 1280x720 (${lang}): the conflict's flags in one lane keep apart`, async ({ page }) => {
    for (const { id, step } of historySteps) {
      await page.goto(`/#lesson=${id}&step=${step}&present=1&lang=${lang}`);
      await expect(page.getByTestId('history-explanation')).toBeVisible();
      await expect.soft.poll(() => collidingFlags(page), { message: `${id} step ${step}`, timeout: 3000 }).toEqual([]);
    }
  });
}

/** Lanes outside the history panel's box, and flags lying over their own operation's bar. */
const hiddenLanesAndCoveredBars = (page: Page) => page.evaluate(() => {
  const panel = document.querySelector('.panel-history')!.getBoundingClientRect();
  const out: string[] = [];
  for (const lane of document.querySelectorAll<HTMLElement>('[data-history-lane]')) {
    const b = lane.getBoundingClientRect();
    if (b.top < panel.top - 1 || b.bottom > panel.bottom + 1) out.push(`lane ${lane.dataset.historyLane}: ${Math.round(b.top)}-${Math.round(b.bottom)} outside ${Math.round(panel.top)}-${Math.round(panel.bottom)}`);
  }
  for (const flag of document.querySelectorAll('.history-op-flag')) {
    const bar = flag.closest('.history-op')!.querySelector('.history-op-bar')!.getBoundingClientRect();
    const f = flag.getBoundingClientRect();
    if (f.bottom > bar.top + 1) out.push(`"${flag.textContent}" reaches ${Math.round(f.bottom - bar.top)} px into its bar`);
  }
  return out;
});

for (const lang of ['en', 'zh']) {
  test(`every lesson step that shows the history, presenting at 1280x720 (${lang}): every client's lane is in view, each flag above its bar`, async ({ page }) => {
    for (const { id, step } of historySteps) {
      await page.goto(`/#lesson=${id}&step=${step}&present=1&lang=${lang}`);
      await expect(page.getByTestId('history-explanation')).toBeVisible();
      await expect.soft.poll(() => hiddenLanesAndCoveredBars(page), { message: `${id} step ${step}`, timeout: 3000 }).toEqual([]);
    }
  });
}
