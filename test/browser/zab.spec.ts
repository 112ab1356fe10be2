/**
 * Zab on the page: nodes show role, phase and epoch; the history panel has one row per node and
 * the cluster's delivered row; a Zab run shows the trace hash Node computes; the lesson opens.
 */
import { expect, test } from '@playwright/test';
import { hashOf, status, watchConsole } from './support/page';
import { generateCase } from '../../src/scenario/fuzz';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

test('a Zab run: nodes carry role, phase and epoch, history rows carry data-log-row, and the hash is Node\'s', async ({ page }) => {
  const problems = watchConsole(page);
  const entry = libraryEntry('zab-leader-crash-proposal-survives');
  const scenario = validateScenario(entry.scenario);
  const at = entry.moment.at;
  await page.goto(`/${encodeLink(scenario, at)}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(scenario, at).traceHash);

  const node = (id: number) => page.locator(`[data-node-id="${id}"]`).first();
  await expect(node(4)).toHaveAttribute('data-role', 'leading');
  await expect(node(4)).toHaveAttribute('data-phase', 'broadcast');
  await expect(node(4)).toHaveAttribute('data-epoch', '2');
  await expect(node(1)).toHaveAttribute('data-role', 'following');
  await expect(node(5)).toHaveAttribute('data-up', 'false');

  for (const id of [1, 2, 3, 4, 5]) await expect(page.locator(`[data-log-row="${id}"]`)).toHaveCount(1);
  const cluster = page.locator('[data-log-row="cluster"]');
  await expect(cluster.getByRole('cell').first()).toHaveAttribute('title', /zxid \(1, 1\): "x=1"/);
  await expect(page.locator('[data-log-row="4"]').getByRole('cell').first()).toHaveAttribute('title', /zxid \(1, 1\) · x=1 · delivered/);
  expect(problems).toEqual([]);
});

test('fuzzer-drawn Zab runs show the trace hash Node computes, and the lesson opens on its step', async ({ page }) => {
  const problems = watchConsole(page);
  for (const [seed, at] of [[41, 3333.5], [42, 7021.25]] as const) {
    const scenario = generateCase(seed, { protocol: 'zab' }).scenario;
    await page.goto('about:blank');
    await page.goto(`/${encodeLink(scenario, at)}`);
    await expect(status(page), `seed ${seed}`).toHaveAttribute('data-trace-hash', runScenario(scenario, at).traceHash);
  }
  await page.goto('about:blank');
  await page.goto('/#lesson=zab-recovery&step=5&lang=zh');
  await expect(page.locator('.lesson-bar').getByText('先恢复，再广播').first()).toBeVisible();
  expect(await hashOf(page)).toMatch(/^[0-9a-f]+$/);
  expect(problems).toEqual([]);
});
