/**
 * A student on a phone, by touch (hasTouch, isMobile): the top bar's menu button stays on the
 * screen, the cluster's menus close when a finger lands elsewhere, and a message's dot is a
 * target a finger can hit.
 */
import { expect, test, type Page } from '@playwright/test';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';
import { watchConsole } from './support/page';

test.use({ hasTouch: true, isMobile: true });

const raft: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };
const PHONES = [{ width: 360, height: 740 }, { width: 390, height: 844 }];

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('on a phone the menu button stays on the screen whatever the clock shows, and the trace details open under the clock', async ({ page }) => {
  const problems = watchConsole(page);
  for (const size of PHONES) {
    await page.setViewportSize(size);
    // a Chinese clock ("180.0 毫秒") or five digits ("12346 ms") pushed the menu button past the right edge
    for (const [lang, at] of [['zh', 180], ['zh', 12345.6], ['en', 12345.6]] as const) {
      const where = `${size.width} ${lang} ${at}`;
      await page.goto(`/?${where.replace(/ /g, '-')}${encodeLink(raft, at, { lang })}`);
      const more = page.locator('button.menu-toggle');
      await expect(more).toBeVisible();
      const box = (await more.boundingBox())!;
      expect(box.x + box.width, `${where}: the menu button's right edge`).toBeLessThanOrEqual(size.width);
      expect(await pageWidth(page), `${where}: the page scrolls sideways`).toBeLessThanOrEqual(size.width);
      expect((await page.locator('.topbar .scrubber').boundingBox())!.width, `${where}: the scrubber`).toBeGreaterThanOrEqual(40);
      // the trace details ("#"): they opened inside the row, pushing the menu button 140 px off
      await page.locator('.status-more summary').tap();
      const hash = page.locator('.status-hash');
      await expect(hash).toBeVisible();
      const h = (await hash.boundingBox())!;
      expect(h.x, `${where}: the hash's left edge`).toBeGreaterThanOrEqual(0);
      expect(h.x + h.width, `${where}: the hash's right edge`).toBeLessThanOrEqual(size.width);
      expect(await pageWidth(page), `${where}: the page scrolls sideways with the trace details open`).toBeLessThanOrEqual(size.width);
      const after = (await more.boundingBox())!;
      expect(after.x + after.width, `${where}: the menu button with the trace details open`).toBeLessThanOrEqual(size.width);
      // the menu still opens by touch
      await more.tap();
      await expect(more).toHaveAttribute('aria-expanded', 'true');
    }
  }
  expect(problems).toEqual([]);
});
