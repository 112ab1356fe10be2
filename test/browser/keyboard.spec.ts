/**
 * The page without a mouse: everything a lecture needs, driven by the keyboard (or a presenter's
 * remote, which sends Page Down and Page Up), with the focus visible, never lost to the page's start
 * when what held it closes or is disabled, and never trapped but in the modal help. What a screen
 * reader is told unasked: a new leader, once, in the page's language.
 */
import { expect, test, type Page } from '@playwright/test';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';
import { status } from './support/page';

const RAFT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

const events = async (page: Page) => Number(await status(page).getAttribute('data-events'));
/** What has the focus, as a test names it. */
const focused = (page: Page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'body';
  return a.getAttribute('aria-label') ?? a.textContent?.trim() ?? a.tagName;
});

/** Tab until `done` holds for the focused element (at most `max` presses). */
async function tabTo(page: Page, done: () => Promise<boolean>, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await done()) return;
  }
  throw new Error('never reached by Tab');
}

test('presenting at 1280x720, the focus ring is 4 px thick on a control and on a node', async ({ page }) => {
  await page.goto(`/${encodeLink(RAFT, 0)}&present=1`);
  await tabTo(page, async () => (await focused(page)) === 'Step');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return { width: parseFloat(s.outlineWidth), style: s.outlineStyle };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(4);
  // a node: a ring round it, apart from its outline (a thicker blue outline is how a leader looks)
  await tabTo(page, async () => page.evaluate(() => document.activeElement?.getAttribute('data-node-id') === '1'));
  const node = await page.locator('[data-node-id="1"] .node-focus').evaluate((c) => {
    const s = getComputedStyle(c);
    return { stroke: s.stroke, width: parseFloat(s.strokeWidth) };
  });
  expect(node.stroke).not.toBe('none');
  expect(node.width).toBeGreaterThanOrEqual(4);
  // and none round a node without the focus
  expect(await page.locator('[data-node-id="2"] .node-focus').evaluate((c) => getComputedStyle(c).stroke)).toBe('none');
});

test('by keyboard: play and pause, step and step back, a message\'s menu, drop a message, crash and restart a node', async ({ page }) => {
  await page.goto(`/${encodeLink(RAFT, 420)}`);
  await expect(page.locator('[data-message-id]').first()).toBeAttached();
  const pause = page.getByRole('button', { name: 'Pause' });
  await page.keyboard.press(' ');
  await expect(pause).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press(' ');
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  const before = await events(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => events(page)).toBe(before + 1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => events(page)).toBe(before);

  // a message's menu (its handle, which the pointer uses, takes the focus too): Enter opens it on Drop
  const id = await page.locator('[data-message-id]').first().getAttribute('data-message-id');
  await page.locator(`[data-message-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: new RegExp(`^Message #${id}:`) });
  await expect(menu).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Drop' })).toBeFocused();
  // the arrow keys move through the menu's items (round from either end), not through the run
  const shown = await events(page);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Deliver now' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Duplicate' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Drop' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitem', { name: 'Duplicate' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  expect(await events(page)).toBe(shown);
  await expect(menu).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-message-id="${id}"]`)).toHaveCount(0);
  await expect(menu).toHaveCount(0);

  // Tab's way to a message (the flying dots are not in the Tab order): M holds the messages on the
  // wire, a step sends some, and each held one is listed with Deliver and Drop
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('m');
  for (let i = 0; i < 30 && (await page.locator('[data-message-id-list]').count()) === 0; i++) await page.keyboard.press('ArrowRight');
  const held = await page.locator('[data-message-id-list]').first().getAttribute('data-message-id-list');
  const drop = page.getByRole('button', { name: new RegExp(`^Drop message #${held}:`) });
  await tabTo(page, async () => drop.evaluate((e) => e === document.activeElement), 120);
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-message-id-list="${held}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-message-id="${held}"]`)).toHaveCount(0);

  // a node: Enter opens its menu on Crash; the focus comes back to the node, whose menu then offers Restart
  const node = page.locator('[data-node-id="2"]');
  await node.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Crash' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node).toHaveAttribute('data-up', 'false');
  await expect(node).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Restart' })).toBeFocused();
  // Esc closes a menu and leaves the focus on the node
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(node).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(node).toHaveAttribute('data-up', 'true');
});

test('a lesson by keyboard: the picker opens it, Page Down walks it, Enter on Next reaches its end through its waits', async ({ page }) => {
  await page.goto('/#present=1');
  const picker = page.getByRole('combobox', { name: 'Guided lessons' });
  await tabTo(page, async () => picker.evaluate((e) => e === document.activeElement));
  await page.keyboard.press('ArrowDown');
  const bar = page.locator('.lesson-bar');
  await expect(bar).toHaveAttribute('data-step', '1');
  const lesson = await bar.getAttribute('data-lesson');
  // the focus is still on the picker: a remote's Page Down walks the lesson, it does not open the next one
  await page.keyboard.press('PageDown');
  await expect(bar).toHaveAttribute('data-step', '2');
  await expect(bar).toHaveAttribute('data-lesson', lesson!);
  await page.keyboard.press('PageUp');
  await expect(bar).toHaveAttribute('data-step', '1');
  await expect(bar).toHaveAttribute('data-lesson', lesson!);

  // Tab into the bar, then Enter on Next to the end: a wait disables Next under the focus, and the
  // focus must stay in the bar (on Skip, then Next again), never fall to the page's start
  await tabTo(page, async () => (await focused(page)) === 'Next');
  const total = Number((await page.locator('.lesson-counter').textContent())!.match(/of (\d+)/)![1]);
  for (let guard = 0; guard < 200; guard++) {
    const state = await bar.getAttribute('data-lesson-status');
    if (state === 'finished') break;
    expect(await focused(page)).not.toBe('body');
    if (state === 'waiting') { await page.waitForTimeout(200); continue; }
    await expect(page.getByRole('button', { name: 'Next' })).toBeFocused();
    await page.keyboard.press('Enter');
  }
  await expect(bar).toHaveAttribute('data-lesson-status', 'finished');
  await expect(bar).toHaveAttribute('data-step', String(total));
  // at the end the narration ("That was the last step…") takes the focus, not the page's start
  await expect(page.locator('.lesson-narration')).toBeFocused();
});

test('by keyboard: presenter mode and the language', async ({ page }) => {
  await page.goto('/');
  const present = page.getByRole('checkbox', { name: 'Presenter mode' });
  await tabTo(page, async () => present.evaluate((e) => e === document.activeElement));
  await page.keyboard.press(' ');
  await expect(page.locator('html')).toHaveAttribute('data-present', 'true');
  // presenting on a laptop, the language waits behind More
  const more = page.getByRole('button', { name: 'More' });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const language = page.getByRole('combobox', { name: 'Language' });
  await tabTo(page, async () => language.evaluate((e) => e === document.activeElement));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: '播放' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: '演示模式' })).toBeChecked();
});

test('Share by keyboard: Esc or Close shuts it and the focus goes back to Share', async ({ page }) => {
  await page.goto(`/${encodeLink(RAFT, 400)}`);
  const share = page.getByRole('button', { name: 'Share' });
  await share.focus();
  await page.keyboard.press('Enter');
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(link).toHaveCount(0);
  await expect(share).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('dialog', { name: 'Share' }).getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(link).toHaveCount(0);
  await expect(share).toBeFocused();
});

test('the help overlay keeps Tab inside it while open, and Esc gives the focus back to what opened it', async ({ page }) => {
  await page.goto(`/${encodeLink(RAFT, 400)}`);
  const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const close = dialog.getByRole('button', { name: 'Close' });
  await expect(close).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(help).toBeFocused();
  // and from a node, with ?, back to the node
  const node = page.locator('[data-node-id="3"]');
  await node.focus();
  await page.keyboard.press('?');
  await expect(close).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(node).toBeFocused();
});

for (const [lang, said] of [['en', /^S\d is the leader now\.$/], ['zh', /^S\d 现在是领导者。$/]] as const) {
  test(`a screen reader is told of a new leader, once, in ${lang}`, async ({ page }) => {
    await page.goto(`/${encodeLink(RAFT, 0)}&lang=${lang}`);
    const region = page.locator('[data-announcer]');
    await expect(region).toHaveAttribute('role', 'status');
    await expect(region).toHaveText('');
    await page.keyboard.press(' ');
    await expect(region).toHaveText(said, { timeout: 15_000 });
    const leader = await page.locator('[data-role="leader"]').getAttribute('data-node-id');
    await expect(region).toHaveText(lang === 'en' ? `S${leader} is the leader now.` : `S${leader} 现在是领导者。`);
    // nothing else goes through it while the leader holds (not every message, not every heartbeat)
    const changes = await region.evaluate(async (el) => {
      let n = 0;
      const seen = new MutationObserver((records) => { n += records.length; });
      seen.observe(el, { childList: true, characterData: true, subtree: true });
      await new Promise((r) => setTimeout(r, 1500));
      seen.disconnect();
      return n;
    });
    expect(changes).toBe(0);
  });
}
