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

/** Twelve steps into the default run: votes on the wire. */
async function votesOnTheWire(page: Page, lang: 'en' | 'zh') {
  await page.goto(`/?${lang}#lang=${lang}`);
  const step = page.getByRole('button', { name: lang === 'en' ? 'Step' : '单步', exact: true });
  for (let i = 0; i < 12; i++) await step.tap();
  await expect(page.locator('[data-message-id]').first()).toBeVisible();
  return step;
}

test('on a phone a node\'s or a message\'s menu closes when a finger lands outside the cluster (it stayed, and went empty once its message arrived)', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['en', 'zh'] as const) {
    const step = await votesOnTheWire(page, lang);
    const menu = page.getByRole('menu');
    // a message's menu, then Step: the message arrives and its menu must not stay behind, empty
    const message = page.locator('[data-message-id]').first();
    const id = await message.getAttribute('data-message-id');
    await message.tap();
    await expect(menu).toHaveCount(1);
    await step.tap();
    await expect(menu, `${lang}: message ${id}'s menu after a tap on Step`).toHaveCount(0);
    // a node's menu, then a tap on the logs below the cluster
    await page.locator('[data-node-id="2"]').first().tap();
    await expect(menu).toHaveCount(1);
    await page.locator('.panel-protocol').tap({ position: { x: 20, y: 20 } });
    await expect(menu, `${lang}: the node's menu after a tap on the logs`).toHaveCount(0);
    // a tap inside the menu still acts
    await page.locator('[data-node-id="2"]').first().tap();
    await menu.getByRole('menuitem', { name: lang === 'en' ? 'Crash' : '崩溃', exact: true }).tap();
    await expect(page.locator('[data-node-id="2"][data-up="false"]').first()).toBeVisible();
    await expect(menu).toHaveCount(0);
  }
  expect(problems).toEqual([]);
});

test('on a phone a finger 11 px off a message\'s dot still opens that message\'s menu (its target was the 18 px dot; the tap opened a link\'s menu)', async ({ page }) => {
  const problems = watchConsole(page);
  for (const size of PHONES) {
    await page.setViewportSize(size);
    await votesOnTheWire(page, 'en');
    // the dots clear of a node and of other dots (where two are near, the later one takes the tap)
    const dots = await page.locator('[data-message-id]:not(.is-under-node)').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-message-id')!, x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }));
    const alone = dots.filter((d) => dots.every((o) => o === d || Math.hypot(o.x - d.x, o.y - d.y) > 40));
    expect(alone.length, `${size.width}: dots to tap`).toBeGreaterThan(1);
    for (const d of alone) {
      for (const [dx, dy] of [[11, 0], [0, -11]]) {
        await page.touchscreen.tap(d.x + dx, d.y + dy);
        const menu = page.getByRole('menu');
        await expect(menu, `${size.width}: a tap ${dx},${dy} px off message ${d.id}`).toHaveAttribute('aria-label', new RegExp(`^Message #${d.id}:`));
        await page.keyboard.press('Escape');
        await expect(menu).toHaveCount(0);
      }
    }
    // a node's centre still opens the node's menu
    await page.locator('[data-node-id="1"]').first().tap();
    await expect(page.getByRole('menu')).toHaveAttribute('aria-label', 'S1');
  }
  expect(problems).toEqual([]);
});

test('on a phone the scrubber and the speed slider are 28 px tall, and a finger 11 px off the track still moves them (16 px; the speed slider missed)', async ({ page }) => {
  const problems = watchConsole(page);
  for (const size of PHONES) {
    await page.setViewportSize(size);
    for (const dy of [-11, 11]) {
      await page.goto(`/?${size.width}${dy}#lang=en`);
      const scrubber = page.locator('.scrubber input');
      const s = (await scrubber.boundingBox())!;
      // (Chromium snaps a tap near the scrubber onto it; Safari does not: the box itself must be finger-sized)
      expect(s.height, `${size.width}: the scrubber's height`).toBeGreaterThanOrEqual(28);
      const time = async () => Number(await page.getByTestId('sim-status').getAttribute('data-time'));
      expect(await time()).toBe(0);
      await page.touchscreen.tap(s.x + s.width / 2, s.y + s.height / 2 + dy);
      await expect.poll(time, `${size.width}: a tap ${dy} px off the scrubber's track`).toBeGreaterThan(0);
      await page.locator('button.menu-toggle').tap();
      const speed = page.locator('.speed input');
      const before = await speed.inputValue();
      const b = (await speed.boundingBox())!;
      expect(b.height, `${size.width}: the speed slider's height`).toBeGreaterThanOrEqual(28);
      await page.touchscreen.tap(b.x + 4, b.y + b.height / 2 + dy);
      await expect.poll(() => speed.inputValue(), `${size.width}: a tap ${dy} px off the speed slider's track`).not.toBe(before);
    }
  }
  // the clock's row keeps its height (the playback buttons', 36 px)
  expect((await page.locator('.topbar .scrubber').boundingBox())!.height).toBeLessThanOrEqual(36);
  expect(problems).toEqual([]);
});

test('on a phone the key of what is on the wire keeps clear of the nodes (it ran over S1 in a third of the lesson steps at 360 px)', async ({ page }) => {
  const steps = ['raft-log-replication&step=2', 'multi-paxos&step=3', 'raft-prevote&step=2', 'cap-partition-reads&step=2', 'lock-fencing&step=4'];
  for (const size of PHONES) {
    await page.setViewportSize(size);
    for (const lang of ['en', 'zh']) {
      for (const step of steps) {
        await page.goto(`/?${size.width}${lang}${step}#lesson=${step}&lang=${lang}`);
        await expect(page.locator('.cluster .legend li').first()).toBeVisible();
        const touching = await page.evaluate(() => {
          const nodes = [...document.querySelectorAll('.cluster [data-node-id] .node-body')].map((c) => {
            const r = c.getBoundingClientRect();
            return { id: c.closest('[data-node-id]')!.getAttribute('data-node-id'), x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2 };
          });
          return [...document.querySelectorAll('.cluster .legend li')].flatMap((li) => {
            const b = li.getBoundingClientRect();
            // the point of the item's box nearest each node's centre, against the node's circle
            return nodes.filter((n) => Math.hypot(Math.max(b.left, Math.min(n.x, b.right)) - n.x, Math.max(b.top, Math.min(n.y, b.bottom)) - n.y) < n.r)
              .map((n) => `"${li.textContent}" on S${n.id}`);
          });
        });
        expect(touching, `${size.width} ${lang} ${step}`).toEqual([]);
      }
    }
  }
});

test('on a phone a finger 5 px off the lesson\'s close button or the cluster\'s Key still presses it (each is 24 px tall)', async ({ page }) => {
  for (const size of PHONES) {
    await page.setViewportSize(size);
    await page.goto('about:blank'); // a fresh page each time (a change of hash alone would not reload it)
    await page.goto('/#lesson=raft-leader-election&step=2&lang=en');
    const key = page.locator('.legend-toggle');
    await expect(key).toBeVisible();
    let box = (await key.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height + 5);
    await expect(key, `${size.width}: Key`).toHaveAttribute('aria-expanded', 'true');
    const close = page.locator('.lesson-close');
    box = (await close.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y - 5);
    await expect(page.locator('.lesson-bar'), `${size.width}: the lesson's close button`).toHaveCount(0);
  }
});

test('on a phone, picking a lesson or a scenario from the menu folds the menu away, so the new run is on the screen', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const more = page.locator('button.menu-toggle');
  const pick = async (picker: string, index: number) => {
    await more.tap();
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    const select = page.getByRole('combobox', { name: picker });
    await select.locator('option').nth(index).waitFor({ state: 'attached' });
    await select.selectOption({ index });
    // the menu stayed open, 240 px of pickers and toggles pushing the lesson and the cluster down
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('#toolbar')).toBeHidden();
  };
  await pick('Guided lessons', 1);
  const bar = (await page.locator('.lesson-bar').boundingBox())!;
  expect(bar.y, 'the lesson bar sits under the top bar').toBeLessThan(120);
  await pick('Scenario library', 2);
  expect(problems).toEqual([]);
});
