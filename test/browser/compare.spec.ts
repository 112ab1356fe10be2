/**
 * Compare mode (`&compare=<protocol>`): the run on screen and the same script on a second protocol,
 * both clusters drawn on one clock, each at the trace Node computes for it, with the figures of
 * both; a fault added on the page goes to both runs.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { withProtocol } from '../../src/scenario/compare';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

const SCRIPT = validateScenario({
  version: 1, protocol: 'raft', nodes: 5, seed: 7, until: 4000,
  events: [
    { at: 500, type: 'request', node: 'leader', command: 'x=1' },
    { at: 1000, type: 'crash', node: 'leader' },
    { at: 1500, type: 'request', node: 'leader', command: 'x=2' },
    { at: 2500, type: 'restart', node: 1 },
  ],
});
const ZAB = withProtocol(SCRIPT, 'zab');

const side = (page: Page, which: 'left' | 'right') => page.locator(`[data-compare-side="${which}"]`);
const figure = (page: Page, name: string, which: 'left' | 'right') => page.locator(`td[data-figure="${name}"][data-side="${which}"]`);

test('two clusters on one clock, each the run Node computes, with both runs\' figures', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/${encodeLink(SCRIPT, 2000)}&compare=zab`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(SCRIPT, 2000).traceHash);
  await expect(side(page, 'left')).toHaveAttribute('data-protocol', 'raft');
  await expect(side(page, 'right')).toHaveAttribute('data-protocol', 'zab');
  // every node of both clusters, each cluster in its own state: Raft roles on the left, Zab's on the right
  for (const which of ['left', 'right'] as const) await expect(side(page, which).locator('[data-node-id]')).toHaveCount(5);
  const raftAt = runScenario(SCRIPT, 2000);
  const zabAt = runScenario(ZAB, 2000);
  const leaderOf = (sim: typeof raftAt) => sim.leader()!;
  await expect(side(page, 'left').locator(`[data-node-id="${leaderOf(raftAt)}"]`).first()).toHaveAttribute('data-role', 'leader');
  await expect(side(page, 'right').locator(`[data-node-id="${leaderOf(zabAt)}"]`).first()).toHaveAttribute('data-role', 'leading');
  await expect(figure(page, 'messagesSent', 'left')).toHaveText(String(raftAt.stats.messagesSent));
  await expect(figure(page, 'messagesSent', 'right')).toHaveText(String(zabAt.stats.messagesSent));
  await expect(figure(page, 'violations', 'left')).toHaveText('0');
  await expect(figure(page, 'decided', 'right')).toHaveText(String((zabAt.observer.report().committed as unknown[]).length));

  // a step moves both clocks: the right run is Node's run of its script at the new moment
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const t = Number(await status(page).getAttribute('data-time'));
  expect(t).toBeGreaterThan(2000);
  await expect(figure(page, 'messagesSent', 'right')).toHaveText(String(runScenario(ZAB, t).stats.messagesSent));

  // a fault added on the page reaches both runs: the left leader's node goes down on both sides
  const leader = runScenario(SCRIPT, t).leader()!;
  await page.getByRole('button', { name: 'Crash leader' }).click();
  for (const which of ['left', 'right'] as const) {
    await expect(side(page, which).locator(`[data-node-id="${leader}"]`).first()).toHaveAttribute('data-up', 'false');
  }
  expect(problems).toEqual([]);
});

test('the comparison is chosen in the setup panel and kept in the address; a bad one names the field', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/${encodeLink(SCRIPT, 1200)}`);
  await expect(page.locator('[data-compare-side]')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('multi-paxos');
  await expect(side(page, 'right')).toHaveAttribute('data-protocol', 'multi-paxos');
  await expect(page).toHaveURL(/&compare=multi-paxos/);
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('');
  await expect(page.locator('[data-compare-side]')).toHaveCount(0);
  expect(problems).toEqual([]);

  await page.goto('about:blank');
  await page.goto(`/${encodeLink(SCRIPT, 1200)}&compare=pbft`);
  await expect(page.getByRole('alert')).toContainText('compare');
});

test('screenshots: presenter at 1280x720, 1920x1080, a phone, in English and Chinese', async ({ page }) => {
  test.setTimeout(180_000); // six page loads
  const problems = watchConsole(page);
  const dir = '/work/wt/notes/shots/plugin';
  mkdirSync(dir, { recursive: true });
  const shots: [string, number, number, string][] = [
    ['compare-1280-present-en', 1280, 720, '&present=1'],
    ['compare-1280-present-zh', 1280, 720, '&present=1&lang=zh'],
    ['compare-1920-en', 1920, 1080, ''],
    ['compare-1920-zh', 1920, 1080, '&lang=zh'],
    ['compare-390-en', 390, 844, ''],
    ['compare-390-zh', 390, 844, '&lang=zh'],
  ];
  for (const [name, width, height, extra] of shots) {
    await page.setViewportSize({ width, height });
    await page.goto('about:blank');
    await page.goto(`/${encodeLink(SCRIPT, 1380)}&compare=zab${extra}`);
    await expect(side(page, 'right').locator('[data-node-id]')).toHaveCount(5);
    await page.screenshot({ path: `${dir}/${name}.png` });
  }
  expect(problems).toEqual([]);
});
