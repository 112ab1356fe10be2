/**
 * The views and tools beyond the basics: invariant violations stop playback, step-by-step
 * delivery, links, Paxos and Multi-Paxos panels, language and theme.
 */
import { expect, test } from '@playwright/test';
import { status } from './support/page';
import { libraryEntry } from '../../src/scenario/library';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

test('a violated invariant stops playback at that moment and explains itself', async ({ page }) => {
  const scenario = libraryEntry('raft-figure-8-commit-previous-term-bug').scenario;
  const first = runScenario(scenario, 1500).violations[0];
  expect(first).toBeDefined();
  await page.goto(`/${encodeLink(scenario, Math.max(0, first.time - 40))}`);
  await page.getByRole('slider', { name: /speed/i }).fill('-1'); // 0.1×
  await page.getByRole('button', { name: 'Play' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(first.invariant, { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true'); // stopped
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  expect(Number(await status(page).getAttribute('data-time'))).toBe(first.time);
  await expect(page.locator(`[data-invariant="${first.invariant}"]`)).toHaveAttribute('data-ok', 'false');
  expect(await status(page).getAttribute('data-trace-hash')).toBe(runScenario(scenario, first.time).traceHash);
});

test('step-by-step mode: messages wait until delivered, dropped or duplicated by hand', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 1000)}`);
  await page.getByRole('checkbox', { name: 'Deliver messages by hand' }).check();
  await page.keyboard.press('c'); // a client request: the leader sends AppendEntries
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const held = page.locator('[data-message-id]');
  await expect(held.first()).toBeVisible();
  const count = await held.count();
  expect(count).toBeGreaterThanOrEqual(4);
  const id = await held.first().getAttribute('data-message-id');
  await held.first().click();
  await page.getByRole('menuitem', { name: 'Deliver now' }).click();
  await expect(page.locator(`[data-message-id="${id}"]`)).toHaveCount(0);
  const second = await held.first().getAttribute('data-message-id');
  await held.first().click();
  await page.getByRole('menuitem', { name: 'Drop' }).click();
  await expect(page.locator(`[data-message-id="${second}"]`)).toHaveCount(0);
  // a copy of one message joins it on the wire, with the next id
  const before = await held.count();
  const third = await held.first().getAttribute('data-message-id');
  await held.first().click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(held).toHaveCount(before + 1);
  await expect(page.locator(`[data-message-id="${third}"]`)).toHaveCount(1);
  const { scenario } = decodeLink(page.url());
  expect(scenario.events.map((e) => e.type)).toEqual(['network', 'request', 'deliver', 'drop', 'duplicate']);
  const t = Number(await status(page).getAttribute('data-time'));
  expect(await status(page).getAttribute('data-trace-hash')).toBe(runScenario(scenario, t).traceHash);
});

test('a link can be cut from its menu and the cut is drawn', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 500)}`);
  await page.locator('[data-link="1-2"] .link-hit').click({ force: true });
  await page.getByRole('menuitem', { name: 'Cut' }).click();
  await expect(page.locator('[data-link="1-2"]')).toHaveClass(/is-cut/);
  const events = decodeLink(page.url()).scenario.events;
  expect(events).toEqual([
    expect.objectContaining({ type: 'link', from: 1, to: 2, dropRate: 1 }),
    expect.objectContaining({ type: 'link', from: 2, to: 1, dropRate: 1 }),
  ]);
});

test('a partition separates the groups on the ring', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 500)}`);
  await page.getByRole('button', { name: 'Split 2/3' }).click();
  await expect(page.locator('[data-partition-group]')).toHaveCount(2);
  await expect(page.locator('[data-link="1-3"]')).toHaveClass(/is-separated/);
  await expect(page.locator('[data-link="1-2"]')).not.toHaveClass(/is-separated/);
  await page.getByRole('button', { name: 'Heal' }).click();
  await expect(page.locator('[data-partition-group]')).toHaveCount(0);
});

test('Basic Paxos shows the acceptor table; Multi-Paxos the slot grid', async ({ page }) => {
  const paxos: Scenario = { version: 1, protocol: 'paxos', nodes: 5, seed: 3, events: [{ at: 10, type: 'request', node: 2, command: 'A' }] };
  await page.goto(`/${encodeLink(paxos, 400)}`);
  const cli = runScenario(paxos, 400);
  const report = cli.nodeIds.map((id) => cli.protocol.reportNode(cli.nodes[id]) as { learned: string | null });
  expect(report.every((n) => n.learned === 'A')).toBe(true);
  for (const id of cli.nodeIds) {
    await expect(page.locator(`[data-acceptor="${id}"]`)).toContainText('A');
    await expect(page.locator(`[data-node-id="${id}"]`)).toHaveAttribute('data-learned', 'A');
  }
  const multi: Scenario = {
    version: 1, protocol: 'multi-paxos', nodes: 3, seed: 3,
    events: [{ at: 400, type: 'request', node: 'leader', command: 'x=1' }, { at: 410, type: 'request', node: 'leader', command: 'y=2' }],
  };
  await page.goto(`/${encodeLink(multi, 700)}`);
  const mp = runScenario(multi, 700);
  const slots = mp.nodeIds.map((id) => (mp.protocol.reportNode(mp.nodes[id]) as { slots: { status: string }[] }).slots);
  const chosen = slots.flat().filter((x) => x.status === 'chosen').length;
  expect(chosen).toBe(6); // both commands chosen on all three nodes
  await expect(page.locator('[data-log-row]:not([data-log-row="cluster"]) [data-status="chosen"]')).toHaveCount(chosen);
  await expect(page.locator('[data-log-row="1"]')).toContainText('x=1');
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
});

test('language and theme switch and are remembered', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('button', { name: '播放' })).toBeVisible();
  await page.getByRole('checkbox', { name: '深色主题' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.getByRole('button', { name: '播放' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('in Chinese, the inspector names a node\'s timers in Chinese (it read "election 定时器")', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 2000, { lang: 'zh' })}`);
  await page.locator('[data-node-id="2"]').click();
  const timers = page.locator('.inspector-timers');
  await expect(timers).toContainText(/选举定时器：剩余 [\d.]+ 毫秒/);
  await expect(timers).toContainText('心跳定时器：未启动');
  await expect(timers).not.toContainText(/election|heartbeat/);
});

test('the scenario library opens a ready run and goes to its moment', async ({ page }) => {
  const entry = libraryEntry('raft-figure-8-commit-previous-term-bug');
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Scenario library' }).selectOption(entry.id);
  await expect.poll(() => decodeLink(page.url()).scenario).toEqual(entry.scenario);
  await page.getByRole('button', { name: 'Go to the moment to watch' }).click();
  const s = status(page);
  await expect(s).toHaveAttribute('data-time', String(entry.moment.at));
  expect(await s.getAttribute('data-trace-hash')).toBe(runScenario(entry.scenario, entry.moment.at).traceHash);
  await expect(page.getByText(entry.moment.text.en)).toBeVisible();
});

test('the event log spells out the whole reason of the newest record, or of the one pointed at', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 0)}`);
  await page.getByRole('button', { name: 'Step', exact: true }).click(); // the first election timeout
  const reason = page.getByTestId('event-reason');
  // S1's timer fires first with seed 1; the newest record is its RequestVote to S5
  await expect(reason).toContainText('sends RequestVote(term 1');
  const firstRow = page.locator('.event-row').first();
  await firstRow.hover();
  await expect(reason).toContainText('election timeout fires: it heard from no leader in time, so it starts an election.');
  await page.mouse.move(0, 0);
  await expect(reason).toContainText('sends RequestVote(term 1');
});

test('the logs show what the cluster committed, even when the node that held it is down', async ({ page }) => {
  const entry = libraryEntry('raft-figure-8-commit-previous-term-bug');
  const at = entry.moment.at;
  const report = buildReport(runScenario(entry.scenario, at));
  const committed = report.committed as { index: number; term: number; command: string }[];
  expect(committed.length).toBeGreaterThan(1);
  await page.goto(`/${encodeLink(entry.scenario, at)}`);
  const cells = page.locator('[data-log-row="cluster"] .log-cell');
  await expect(page.locator('[data-log-row="cluster"] .log-cell.is-committed')).toHaveCount(committed.length);
  for (const c of committed) {
    await expect(cells.nth(c.index - 1)).toContainText(c.command);
    await expect(cells.nth(c.index - 1)).toContainText(String(c.term));
  }
  // the committed x=2 is drawn committed on every node holding it, down or up, although the live
  // ones have not heard yet: their commit counters stay below its index
  const x2 = committed.find((c) => c.command === 'x=2')!;
  expect(x2).toBeDefined();
  const sim = runScenario(entry.scenario, at);
  let holders = 0;
  for (const id of sim.nodeIds) {
    const log = (sim.nodes[id] as { durable: { log: { at(i: number): { command: string } | undefined } } }).durable.log;
    if (log.at(x2.index - 1)?.command !== 'x=2') continue;
    holders++;
    const row = page.locator(`[data-log-row="${id}"]`);
    await expect(row.locator(`[data-log-index="${x2.index}"]`)).toHaveClass(/is-committed/);
    if (sim.up[id]) expect(Number(await row.locator('.log-stat').first().textContent())).toBeLessThan(x2.index);
  }
  expect(holders).toBeGreaterThan(1);
});

test('a crashed node is crossed out under its words: the cross is painted first, the words on a halo of the body\'s colour', async ({ page }) => {
  await page.goto(`/${encodeLink({ version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] }, 2000, { present: '1' })}`);
  await expect(page.locator('[data-role="leader"]')).toBeVisible();
  await page.getByRole('button', { name: 'Crash leader' }).click();
  const down = page.locator('.cluster-nodes [data-up="false"]').first();
  await expect(down.locator('.node-cross')).toBeAttached();
  const order = await down.evaluate((node) => {
    const cross = node.querySelector('.node-cross')!;
    return [...node.querySelectorAll('text')].map((t) => Boolean(cross.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
  });
  expect(order.length).toBeGreaterThan(0);
  expect(order.every(Boolean)).toBe(true);
  const name = down.locator('.node-name');
  expect(await name.evaluate((t) => getComputedStyle(t).paintOrder)).toContain('stroke');
});
