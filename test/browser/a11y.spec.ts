/**
 * Accessibility: axe-core's WCAG 2.1 A and AA rules on each of the page's main views (a run
 * paused and playing, a lesson, presenter mode, Chinese, the node and message menus, Share, the
 * help overlay, compare mode, a phone). A rule left out is left out for one element, with the
 * reason beside it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { validateScenario } from '../../src/scenario/schema';
import type { Scenario } from '../../src/sim/types';

const RAFT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

/** axe's findings on the page as it is now, one line per element, so a failure says what and where. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // the canvases the run is painted on while it plays: pictures of what the SVG and the panels say in words
    .exclude('.playing-canvas')
    .analyze();
  // what axe could not decide counts too (an aria-label on a plain span: most readers never say it), but
  // for colour contrast, undecidable on SVG text over the ring's links, which presenter.spec measures
  const unsure = result.incomplete.filter((v) => v.id !== 'color-contrast');
  return [...result.violations, ...unsure].flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

/** The page open on `fragment`, its panels drawn (the deferred ones follow the first frame). */
async function open(page: Page, fragment: string) {
  await page.goto(`/${fragment}`);
  await expect(page.locator('[data-node-id]').first()).toBeVisible();
  await page.waitForTimeout(300);
}

/** A run with something in every panel: a crash, a partition, a changed link, a request, kv clients. */
const BUSY = (protocol: Scenario['protocol']): Scenario => ({
  version: 1, protocol, nodes: 5, seed: 1, workload: { clients: 2, keys: 2, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 8000 },
  events: [{ at: 300, type: 'crash', node: 'leader' }, { at: 500, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 650, type: 'link', from: 1, to: 2, dropRate: 0.5 }, { at: 700, type: 'request', node: 'leader', command: 'x=1' }],
});

test.describe('axe finds nothing to fix', () => {
  // the logs' and slots' cells in term colours, a down node's row, a candidate's name, the history's verdict
  for (const theme of ['light', 'dark'] as const) {
    test(`a busy run of each protocol, ${theme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      for (const protocol of ['raft', 'paxos', 'multi-paxos', 'zab'] as const) {
        await open(page, `${encodeLink(BUSY(protocol), 1500)}${protocol === 'raft' ? '&history=1' : ''}`);
        await expect(page.locator('[data-invariant]').first()).toBeVisible();
        found.push(...(await violations(page)).map((v) => `${protocol}: ${v}`));
      }
      expect(found).toEqual([]);
    });
  }

  // the lock service's clients in their colours: names, holds with their tokens, writes at the storage
  for (const theme of ['light', 'dark'] as const) {
    test(`the lock service, ${theme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      for (const id of ['lock-gc-pause-without-fencing', 'lock-gc-pause-with-fencing', 'lock-session-expires-partitioned']) {
        for (const at of [libraryEntry(id).moment.at, 3800]) {
          await open(page, encodeLink(validateScenario(libraryEntry(id).scenario), at));
          await expect(page.locator('[data-lock-token]').first()).toBeVisible();
          found.push(...(await violations(page)).map((v) => `${id} at ${at}: ${v}`));
        }
      }
      expect(found).toEqual([]);
    });
  }

  test('a run, paused', async ({ page }) => {
    await open(page, encodeLink(RAFT, 400));
    expect(await violations(page)).toEqual([]);
  });

  test('a run, playing', async ({ page }) => {
    await open(page, encodeLink(RAFT, 0));
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(600);
    expect(await violations(page)).toEqual([]);
  });

  test('a lesson open', async ({ page }) => {
    await open(page, '#lesson=raft-leader-election&step=2');
    await expect(page.locator('.lesson-bar')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('presenter mode', async ({ page }) => {
    await open(page, `${encodeLink(RAFT, 400)}&present=1`);
    expect(await violations(page)).toEqual([]);
  });

  test('presenter mode, dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, `${encodeLink(RAFT, 400)}&present=1`);
    expect(await violations(page)).toEqual([]);
  });

  test('dark theme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, encodeLink(RAFT, 400));
    expect(await violations(page)).toEqual([]);
  });

  test('Chinese, with a lesson', async ({ page }) => {
    await open(page, '#lesson=raft-leader-election&step=1&lang=zh');
    expect(await violations(page)).toEqual([]);
  });

  test('the node menu', async ({ page }) => {
    await open(page, encodeLink(RAFT, 400));
    await page.locator('[data-node-id="2"]').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('the message menu', async ({ page }) => {
    // four messages on the wire at 420 ms
    await open(page, encodeLink(RAFT, 420));
    await page.locator('[data-message-id]').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('the link menu', async ({ page }) => {
    await open(page, encodeLink(RAFT, 400));
    await page.locator('[data-link="1-2"] .link-hit').dispatchEvent('click');
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('Share', async ({ page }) => {
    await open(page, encodeLink(RAFT, 400));
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByTestId('share-link')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('the help overlay', async ({ page }) => {
    await open(page, encodeLink(RAFT, 400));
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('compare mode', async ({ page }) => {
    await open(page, `${encodeLink(RAFT, 1200)}&compare=zab`);
    expect(await violations(page)).toEqual([]);
  });

  test('a phone, 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, encodeLink(RAFT, 400));
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'More' }).click();
    expect(await violations(page)).toEqual([]);
  });
});
