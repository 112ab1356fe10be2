/**
 * What an audit of the page found and its fixes keep: node roles in presenter mode, the Basic
 * Paxos table inside its panel, the Raft logs following the newest entries, event log wording,
 * space-time labels apart, translated setup knobs, link menus, the scrubber's keys.
 */
import { expect, test, type Page } from '@playwright/test';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

/**
 * Each node's role lies inside the box of its circle, horizontally, or (a caption, in presenter
 * mode, when it would not fit at 18 px) centred under it.
 */
async function rolesInsideNodes(page: Page): Promise<boolean[]> {
  return page.locator('[data-node-id]').evaluateAll((nodes) => nodes.map((n) => {
    const body = n.querySelector('.node-body')!.getBoundingClientRect();
    const role = n.querySelector('.node-role');
    if (!role) return false;
    const r = role.getBoundingClientRect();
    if (role.classList.contains('is-caption')) return r.top >= body.bottom - 1 && Math.abs((r.left + r.right) / 2 - (body.left + body.right) / 2) < 2;
    return r.width > 0 && r.left >= body.left && r.right <= body.right;
  }));
}

test('presenter mode shows each node\'s role (leader, follower, down, learned A) in large type, inside the node or under it', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 300)}&present=1`);
  await expect(page.locator('[data-role="leader"] .node-role')).toHaveText('leader');
  await expect(page.locator('[data-role="follower"] .node-role').first()).toBeVisible();
  const size = await page.locator('[data-role="leader"] .node-role').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(size).toBeGreaterThanOrEqual(18);
  expect(await rolesInsideNodes(page)).toEqual([true, true, true, true, true]);
  const paxos: Scenario = { version: 1, protocol: 'paxos', nodes: 5, seed: 1,
    events: [{ at: 10, type: 'request', node: 1, command: 'A' }, { at: 300, type: 'crash', node: 3 }] };
  await page.goto(`/${encodeLink(paxos, 600)}&present=1&lang=zh`);
  await expect(page.locator('[data-node-id="3"] .node-role')).toBeVisible();
  await page.goto(`/${encodeLink(paxos, 600)}&present=1&lang=en`);
  await expect(page.locator('[data-node-id="1"] .node-role')).toHaveText('learned A');
  await expect(page.locator('[data-node-id="3"] .node-role')).toHaveText('down');
  expect(await rolesInsideNodes(page)).toEqual([true, true, true, true, true]);
});

for (const view of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }, { width: 1440, height: 900 }, { width: 1280, height: 720, present: true }]) {
  test(`the Basic Paxos acceptor table fits its panel at ${view.width}x${view.height}${view.present ? ' in presenter mode' : ''}`, async ({ page }) => {
    await page.setViewportSize(view);
    const entry = libraryEntry('paxos-duelling-proposers');
    await page.goto(`/${encodeLink(entry.scenario, entry.moment.at)}${view.present ? '&present=1' : ''}`);
    const table = page.locator('.acceptor-table');
    await expect(table).toBeVisible();
    const fit = await table.evaluate((t) => {
      const box = t.closest('.panel-body')!;
      const inner = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      const right = inner.right - parseFloat(style.paddingRight) + 0.5;
      return { table: t.getBoundingClientRect().right <= right, scroll: box.scrollWidth <= box.clientWidth,
        lastHeader: t.querySelector('thead th:last-child')!.getBoundingClientRect().right <= right };
    });
    expect(fit).toEqual({ table: true, scroll: true, lastHeader: true });
    await expect(table.locator('thead th').last()).toHaveText('accepted by');
  });
}

test('the Raft logs panel follows the newest entries, unless the user scrolls it away', async ({ page }) => {
  const busy: Scenario = { ...DEFAULT, events: Array.from({ length: 40 }, (_, i) => ({ at: 400 + 5 * i, type: 'request' as const, node: 'leader' as const, command: `x=${i + 1}` })) };
  const body = page.locator('.panel-protocol .panel-body');
  const newest = () => page.locator('.log-index').last().textContent();
  /** Is the column of this index between the sticky node names and the panel's right edge? */
  const inView = (index: string) => body.evaluate((box, text) => {
    const b = box.getBoundingClientRect();
    const name = box.querySelector('.log-name')!.getBoundingClientRect();
    const cell = [...box.querySelectorAll('.log-index')].find((e) => e.textContent === text)!.getBoundingClientRect();
    return cell.left >= name.right - 0.5 && cell.right <= b.right + 0.5;
  }, index);
  const step = async (times: number) => { for (let i = 0; i < times; i++) await page.getByRole('button', { name: 'Step', exact: true }).click(); };

  // 40 entries (and a column for the leader's nextIndex after them)
  await page.goto(`/${encodeLink(busy, 700)}`);
  await expect(page.locator('.log-cell[title^="index 40 "]').first()).toBeAttached();
  await expect.poll(() => inView('40')).toBe(true);
  expect(await inView(String(await newest()))).toBe(true);
  expect(await inView('1')).toBe(false);

  await page.goto(`/${encodeLink(busy, 500)}`);
  const before = Number(await newest());
  expect(before).toBeGreaterThan(14);
  await expect.poll(() => inView(String(before))).toBe(true);
  // the user scrolls back to the start: new entries leave it there
  await body.evaluate((box) => { box.scrollLeft = 0; });
  await expect.poll(() => inView('1')).toBe(true);
  await step(30);
  const later = Number(await newest());
  expect(later).toBeGreaterThan(before);
  expect(await inView('1')).toBe(true);
  expect(await inView(String(later))).toBe(false);
  // scrolled back to the end, it follows again
  await body.evaluate((box) => { box.scrollLeft = box.scrollWidth; });
  await step(30);
  const last = Number(await newest());
  expect(last).toBeGreaterThan(later);
  await expect.poll(() => inView(String(last))).toBe(true);
});

test('the event log keeps its newest record in view as the run goes on, unless the user scrolls up', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 3000)}`);
  const log = page.getByRole('log', { name: 'Event log' });
  /** Is the newest record (the row placed lowest in the list) wholly in view, and how many records are there? */
  const newestInView = () => log.evaluate((box) => {
    const b = box.getBoundingClientRect();
    const rows = [...box.querySelectorAll<HTMLElement>('.event-row')];
    const newest = rows.reduce((x, y) => (y.offsetTop > x.offsetTop ? y : x));
    const r = newest.getBoundingClientRect();
    return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
  });
  const records = async () => Number((await page.locator('.event-log-count').textContent())!.match(/\d+/)![0]);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  let before = await records();
  for (let i = 0; i < 8; i++) {
    await step.click();
    await expect.poll(records).toBeGreaterThan(before);
    before = await records();
    await expect.poll(newestInView).toBe(true);
  }
  // scrolled up, the list stays where the user put it while records are added
  await log.evaluate((box) => { box.scrollTop = 0; });
  for (let i = 0; i < 5; i++) await step.click();
  await expect.poll(records).toBeGreaterThan(before);
  expect(await log.evaluate((box) => box.scrollTop)).toBe(0);
  expect(await newestInView()).toBe(false);
});

test('the event log counts records, and says when a filter matches none', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 500)}`);
  await expect(page.locator('.event-log-count')).toHaveText(/^(\d+) of \1 records$/);
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('violation');
  await expect(page.getByText('No record matches this filter.')).toBeVisible();
  await expect(page.getByText('Nothing has happened yet. Press Play or Step.')).toHaveCount(0);
});

test('Partition and Heal at one moment are labelled one above the other on the space-time diagram', async ({ page }) => {
  const both: Scenario = { ...DEFAULT, events: [{ at: 300, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 300.5, type: 'heal' }] };
  await page.goto(`/${encodeLink(both, 400)}`);
  const labels = page.locator('.fault-mark text');
  await expect(labels).toHaveCount(2);
  const [a, b] = await labels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0;
  expect(overlap).toBe(false);
});

// a narrow window gives the alert's text several lines, which squeezed the button
for (const view of [{ width: 600, height: 800 }, { width: 1280, height: 720 }]) {
  test(`in Chinese the alert's 关闭 button stays on one line at ${view.width}x${view.height}`, async ({ page }) => {
    await page.setViewportSize(view);
    await page.goto('/#s=%%%broken&lang=zh');
    const dismiss = page.getByRole('alert').getByRole('button', { name: '关闭' });
    await expect(dismiss).toBeVisible();
    const lines = await dismiss.evaluate((b) => {
      const range = document.createRange();
      range.selectNodeContents(b);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
  });
}

test('setup shows every knob by a translated label, its input keeping the knob\'s name', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 0)}`);
  await expect(page.getByLabel('Election timeout min (ms)')).toHaveAttribute('name', 'electionTimeout.min');
  await expect(page.getByLabel('Heartbeat interval (ms)')).toHaveAttribute('name', 'heartbeatInterval');
  await expect(page.getByLabel('Max entries per AppendEntries')).toHaveAttribute('name', 'maxEntriesPerAppend');
  await expect(page.locator('.setup')).not.toContainText('maxEntriesPer');
});

test('a link offers Restore only once it is cut', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 500)}`);
  await page.locator('[data-link="1-2"] .link-hit').click({ force: true });
  await expect(page.getByRole('menuitem', { name: 'Cut' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Restore' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Cut' }).click();
  await page.locator('[data-link="1-2"] .link-hit').click({ force: true });
  await expect(page.getByRole('menuitem', { name: 'Restore' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Restore' }).click();
  await expect(page.locator('[data-link="1-2"]')).not.toHaveClass(/is-cut/);
});

test('the scrubber\'s arrow keys move by 1% of the run, Page keys by 10%, Home and End to the ends', async ({ page }) => {
  await page.goto(`/${encodeLink({ ...DEFAULT, until: 2000 }, 500)}`);
  const status = page.getByTestId('sim-status');
  const time = async () => Number(await status.getAttribute('data-time'));
  const slider = page.getByRole('slider', { name: 'Virtual time' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(time).toBe(520);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(time).toBe(480);
  await page.keyboard.press('PageUp');
  await expect.poll(time).toBe(680);
  await page.keyboard.press('Home');
  await expect.poll(time).toBe(0);
  await page.keyboard.press('End');
  await expect.poll(time).toBe(2000);
});

test('a node\'s menu reaching past the stage stays over the panels below it', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 5000)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  // the lowest node's menu: at 1280x720 it reaches over the space-time diagram under the stage
  const lowest = await page.locator('[data-node-id]').evaluateAll((nodes) => nodes
    .map((n) => ({ id: n.getAttribute('data-node-id')!, y: n.getBoundingClientRect().bottom }))
    .sort((a, b) => b.y - a.y)[0].id);
  await page.locator(`[data-node-id="${lowest}"]`).first().click({ button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const stage = await page.locator('.panel-cluster').boundingBox();
  const box = await menu.boundingBox();
  expect(box!.y + box!.height).toBeGreaterThan(stage!.y + stage!.height); // the case in question
  // every item is what a pointer finds at its centre: none is hidden under another panel
  const onTop = await menu.getByRole('menuitem').evaluateAll((items) => items.map((item) => {
    const r = item.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && item.contains(hit);
  }));
  expect(onTop.length).toBeGreaterThan(3);
  expect(onTop).toEqual(onTop.map(() => true));
});
