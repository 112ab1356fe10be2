/**
 * The busy cluster of the frame-time benchmark (9 nodes, a few hundred messages in flight) renders
 * and animates. How fast it does so is measured by `npm run bench`, not asserted here: timed tests
 * are flaky on shared 2-core machines.
 */
import { expect, test } from '@playwright/test';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';

const BUSY: Scenario = {
  version: 1, protocol: 'raft', nodes: 9, seed: 5,
  // long flights and a steady leader keep ~300 messages on the wire
  network: { latency: { min: 600, max: 1200 } },
  config: { electionTimeout: { min: 3000, max: 5000 }, heartbeatInterval: 50 },
  events: [],
};

test('9 nodes and hundreds of messages in flight keep flying while playing', async ({ page }) => {
  await page.goto(`/${encodeLink(BUSY, 9000)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  const inFlight = await page.locator('[data-message-id]').count();
  expect(inFlight).toBeGreaterThanOrEqual(200);
  const status = page.getByTestId('sim-status');
  const startTime = Number(await status.getAttribute('data-time'));
  await page.getByRole('slider', { name: /speed/i }).fill('0'); // 1× real time
  await page.getByRole('button', { name: 'Play' }).click();
  // the page keeps animating: the virtual clock moves and the wire stays full
  await expect.poll(async () => Number(await status.getAttribute('data-time'))).toBeGreaterThan(startTime + 200);
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(await page.locator('[data-message-id]').count()).toBeGreaterThanOrEqual(200);
  // Frame time is a speed target: `npm run bench -- --only=frame-p95` measures it (never a timed test).
});
