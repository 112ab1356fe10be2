/**
 * Every message in flight has an element with its `data-message-id` (CONTRACT §5) that works the
 * same whether the dots are drawn in SVG (few messages) or on a canvas (more than 40): a click on
 * it, or Enter or Space on it, opens that message's menu, and it sits over the message's dot. A
 * message's text label never lies on another message's shape.
 */
import { expect, test, type Page } from '@playwright/test';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };
const handles = (page: Page) => page.locator('[data-message-id]');

/** Step in step-by-step mode until the number of held messages passes `min` (or stays at most `max`). */
async function holdMessages(page: Page, enough: (n: number) => boolean): Promise<number> {
  await page.goto(`/${encodeLink(DEFAULT, 0)}`);
  await page.getByRole('checkbox', { name: 'Deliver messages by hand' }).check();
  for (let i = 0; i < 30; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const n = await handles(page).count();
    if (enough(n)) return n;
  }
  throw new Error('never held the wanted number of messages');
}

/** The centre of an element in page pixels. */
const centreOf = async (page: Page, selector: string) => {
  const box = (await page.locator(selector).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

async function opensByClickAndKeys(page: Page) {
  const ids = await handles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')!));
  const [first, second, third] = ids;
  // a click (no force: the element is hit-testable where it is)
  await page.locator(`[data-message-id="${first}"]`).click();
  await expect(page.getByRole('menu', { name: new RegExp(`^Message #${first}:`) })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Deliver now' }).click();
  await expect(page.locator(`[data-message-id="${first}"]`)).toHaveCount(0);
  // Enter: the menu opens with the focus on its first item
  await page.locator(`[data-message-id="${second}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu', { name: new RegExp(`^Message #${second}:`) })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Drop' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-message-id="${second}"]`)).toHaveCount(0);
  // Space
  await page.locator(`[data-message-id="${third}"]`).focus();
  await page.keyboard.press(' ');
  await expect(page.getByRole('menu', { name: new RegExp(`^Message #${third}:`) })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  const events = decodeLink(page.url()).scenario.events;
  expect(events.slice(-2)).toEqual([
    expect.objectContaining({ type: 'deliver', message: Number(first) }),
    expect.objectContaining({ type: 'drop', message: Number(second) }),
  ]);
}

test('with few messages (SVG) a message element opens its menu by click, Enter and Space, over its dot', async ({ page }) => {
  const n = await holdMessages(page, (k) => k >= 4);
  expect(n).toBeLessThanOrEqual(40);
  await expect(page.locator('.cluster-canvas')).toHaveCount(0);
  // every element sits on a drawn dot
  const dots = await page.locator('.message-dot').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }));
  for (const id of await handles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')!))) {
    const c = await centreOf(page, `[data-message-id="${id}"]`);
    expect(dots.some((d) => Math.hypot(d.x - c.x, d.y - c.y) < 1.5), `message ${id} over a dot`).toBe(true);
  }
  await opensByClickAndKeys(page);
});

test('with more than 40 messages (canvas) a message element opens its menu by click, Enter and Space, over its dot', async ({ page }) => {
  await holdMessages(page, (k) => k > 40);
  await expect(page.locator('.cluster-canvas')).toHaveCount(1);
  // the canvas has paint under the centre of every message's element (with this many messages
  // the elements follow their dots a few times a second, so give them that long)
  const paintedUnderEach = () => page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.cluster-canvas')!;
    const ctx = canvas.getContext('2d')!;
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    return [...document.querySelectorAll('[data-message-id]')].map((el) => {
      const r = el.getBoundingClientRect();
      const x = Math.round((r.x + r.width / 2 - box.x) * scale);
      const y = Math.round((r.y + r.height / 2 - box.y) * scale);
      return ctx.getImageData(x, y, 1, 1).data[3] > 0;
    });
  });
  await expect.poll(async () => {
    const painted = await paintedUnderEach();
    return painted.length > 40 && painted.every(Boolean);
  }, { timeout: 3000 }).toBe(true);
  // the audit's case: the third message of the run, by its id
  await page.locator('[data-message-id="3"]').click();
  await expect(page.getByRole('menu', { name: /^Message #3:/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await opensByClickAndKeys(page);
});

test('on a duplicating network every message element can be clicked: a copy flies beside its original', async ({ page }) => {
  const scenario: Scenario = { ...DEFAULT, seed: 42, network: { duplicateRate: 0.5 } };
  let copies = 0;
  for (let at = 20; at <= 700; at += 37.3) {
    const t = Math.round(at * 10) / 10;
    await page.goto('about:blank');
    await page.goto(`/${encodeLink(scenario, t)}`);
    await expect(page.getByTestId('sim-status')).toHaveAttribute('data-time', String(t));
    // nothing lies on top of any message's element at its centre
    const covered = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-message-id]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) !== el;
    }).map((el) => el.dataset.messageId));
    expect(covered, `covered at ${t} ms`).toEqual([]);
    copies += await page.evaluate(() => document.querySelectorAll('[data-message-id]').length);
  }
  expect(copies).toBeGreaterThan(50);
  // and a click on the first one opens its menu
  await handles(page).first().click();
  await expect(page.getByRole('menu', { name: /^Message #\d+:/ })).toBeVisible();
});

/** Each drawn message label lying on another message's shape (by more than 1 px each way), named. */
const labelsOnShapes = (page: Page) => page.evaluate(() => {
  const shapes = [...document.querySelectorAll('.cluster-svg .message')].map((g) => ({ g, b: g.querySelector('.message-dot')!.getBoundingClientRect() }));
  const hit = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const out: string[] = [];
  for (const t of document.querySelectorAll('.cluster-svg .message-label')) {
    const own = t.closest('.message');
    const b = t.getBoundingClientRect();
    for (const [i, s] of shapes.entries()) if (s.g !== own && hit(b, s.b)) out.push(`"${t.textContent}" on shape ${i}`);
  }
  return out;
});

// the audit's pages: two replies on one link (the second's label lay on the first's triangle), and a phone's crowded stage
for (const [hash, width, height] of [
  ['lang=zh&present=1&lesson=lock-fencing&step=3', 1920, 1080],
  ['lang=en&lesson=lock-fencing&step=3', 1280, 720],
  ['lang=en&lesson=zab-recovery&step=2', 390, 844],
] as const) {
  test(`a message's label covers no other message's shape (${hash} at ${width}x${height})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`/#${hash}`);
    await expect(page.locator('.lesson-bar')).toHaveAttribute('data-step', hash.slice(-1));
    await expect(page.locator('.cluster-svg .message-label').first()).toBeVisible();
    await expect.poll(() => labelsOnShapes(page), { timeout: 3000 }).toEqual([]);
  });
}

test('a message\'s menu left open while a key steps the run past its arrival says it is gone (it was an empty box)', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 1000)}`);
  const first = (await handles(page).first().getAttribute('data-message-id'))!;
  await page.locator(`[data-message-id="${first}"]`).click();
  const menu = page.getByRole('menu', { name: new RegExp(`^Message #${first}`) });
  await expect(menu).toContainText('Drop');
  for (let i = 0; i < 40 && await page.locator(`[data-message-id="${first}"]`).count() > 0; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator(`[data-message-id="${first}"]`)).toHaveCount(0);
  await expect(menu).toContainText('No longer on the wire');
  await expect(menu.getByRole('menuitem')).toHaveCount(0);
});
