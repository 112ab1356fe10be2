/**
 * The busy cluster of the frame-time benchmark (9 nodes, a few hundred messages in flight) renders
 * and animates. How fast it does so is measured by `npm run bench`, not asserted here: timed tests
 * are flaky on shared 2-core machines.
 */
import { expect, test } from '@playwright/test';
import { encodeLink } from '../../src/scenario/link';
import { formatTime } from '../../src/ui/views/format';
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

/** Pixels that differ between two PNG screenshots of the same box (decoded in the page). */
async function differingPixels(page: import('@playwright/test').Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(async ([x, y]) => {
    const decode = async (b64: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height).data;
    };
    const [p, q] = [await decode(x), await decode(y)];
    let n = 0;
    for (let i = 0; i < p.length; i += 4) if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 30) n++;
    return n;
  }, [a.toString('base64'), b.toString('base64')] as const);
}

test('while the run plays a worker paints the messages and timers, and the page draws the moment it stops on', async ({ page }) => {
  await page.goto(`/${encodeLink(BUSY, 9000)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  const workerCanvas = page.locator('.worker-canvas');
  const pageCanvas = page.locator('.cluster-canvas');
  await expect(pageCanvas).toHaveCount(1); // paused with over 40 messages: the page's own canvas
  await page.getByRole('slider', { name: /speed/i }).fill('0');
  await page.getByRole('button', { name: 'Play' }).click();
  // once the worker has painted a moment its canvas shows, and the page's own is gone
  await expect(workerCanvas).toHaveCSS('visibility', 'visible');
  await expect(pageCanvas).toHaveCount(0);
  // what it painted is on screen: hiding it takes the ~300 moving dots away
  const stage = page.locator('.cluster');
  const shown = await stage.screenshot();
  await workerCanvas.evaluate((c) => { c.style.opacity = '0'; });
  const without = await stage.screenshot();
  await workerCanvas.evaluate((c) => { c.style.opacity = ''; });
  expect(await differingPixels(page, shown, without)).toBeGreaterThan(5000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(workerCanvas).toHaveCSS('visibility', 'hidden');
  await expect(pageCanvas).toHaveCount(1);
  expect(await page.locator('[data-message-id]').count()).toBeGreaterThanOrEqual(200);
});

test('while the run plays the worker paints the clock and the scrubber too, and stopped the page shows the moment', async ({ page }) => {
  await page.goto(`/${encodeLink(BUSY, 9000)}`);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  const status = page.getByTestId('sim-status');
  const overlays = ['.sim-status', '.scrubber'].map((box) => ({
    box: page.locator(box),
    worker: page.locator(`${box} > canvas[data-painted-by="worker"]`),
    own: page.locator(`${box} > canvas.playing-canvas:not([data-painted-by])`),
  }));
  await page.getByRole('slider', { name: /speed/i }).fill('0');
  await page.getByRole('button', { name: 'Play' }).click();
  for (const o of overlays) {
    // once the worker has painted a moment its canvas shows, and the page's own is hidden
    await expect(o.worker).toHaveCSS('visibility', 'visible');
    await expect(o.own).toHaveCSS('visibility', 'hidden');
    // what it painted is on screen: hiding it takes the clock's digits (the thumb and track) away,
    // and nothing else there moves while it is hidden (the page draws no clock or thumb of its own)
    const shown = await o.box.screenshot();
    await o.worker.evaluate((c) => { c.style.opacity = '0'; });
    const without = await o.box.screenshot();
    await page.waitForTimeout(300);
    const stillWithout = await o.box.screenshot();
    await o.worker.evaluate((c) => { c.style.opacity = ''; });
    expect(await differingPixels(page, shown, without)).toBeGreaterThan(100);
    expect(await differingPixels(page, without, stillWithout)).toBeLessThan(10);
  }
  await page.getByRole('button', { name: 'Pause' }).click();
  // stopped: no canvas over either element, and the clock's own text names the moment stopped on
  for (const o of overlays) {
    await expect(o.worker).toBeHidden();
    await expect(o.own).toBeHidden();
  }
  const time = Number(await status.getAttribute('data-time'));
  await expect(status.locator('.status-time')).toBeVisible();
  expect(await status.locator('.status-time').textContent()).toBe(`${formatTime(time)} ms`);
});
