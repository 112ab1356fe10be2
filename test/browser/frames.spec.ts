/**
 * Smoothness: 9 nodes with a few hundred messages in flight must keep up with the display while
 * playing. Two measures, taken in the page: the interval between animation frames, and the
 * main-thread work of each frame (from the start of requestAnimationFrame to the first task after
 * the frame is rendered: simulation, React, style, layout and paint).
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

const percentile = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

test('9 nodes and hundreds of messages in flight: frames fit in 1/60 s', async ({ page }) => {
  await page.goto(`/${encodeLink(BUSY, 9000)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  const inFlight = await page.locator('[data-message-id]').count();
  expect(inFlight).toBeGreaterThanOrEqual(200);
  await page.getByRole('slider', { name: /speed/i }).fill('0'); // 1× real time
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(500);
  const { intervals, work } = await page.evaluate(() => new Promise<{ intervals: number[]; work: number[] }>((resolve) => {
    const intervals: number[] = [];
    const work: number[] = [];
    const channel = new MessageChannel();
    let frameStart = 0;
    // a task posted from requestAnimationFrame runs once the frame has been rendered
    channel.port1.onmessage = () => { work.push(performance.now() - frameStart); };
    let last = performance.now();
    const tick = (now: number) => {
      intervals.push(now - last);
      last = now;
      frameStart = performance.now();
      channel.port2.postMessage(null);
      if (intervals.length < 300) requestAnimationFrame(tick); else setTimeout(() => resolve({ intervals, work }), 50);
    };
    requestAnimationFrame(tick);
  }));
  await page.getByRole('button', { name: 'Pause' }).click();
  const stillFlying = await page.locator('[data-message-id]').count();
  const report = {
    inFlight, stillFlying,
    intervalMedian: percentile(intervals.slice(1), 0.5), intervalP90: percentile(intervals.slice(1), 0.9),
    workMedian: percentile(work, 0.5), workP95: percentile(work, 0.95),
  };
  console.log(JSON.stringify(report));
  expect(stillFlying).toBeGreaterThanOrEqual(200);
  // The page's own work per frame fits in a 60 Hz frame with room to spare; the text panels'
  // refresh (10 times a second) may make an occasional frame longer. Measured on a shared
  // 2-core machine with software rendering: median 6–11 ms, p95 10–19 ms.
  expect(report.workMedian).toBeLessThan(12);
  expect(report.workP95).toBeLessThan(25);
  // and frames come at display rate most of the time
  expect(report.intervalMedian).toBeLessThan(20);
});
