/**
 * Raft beyond Figure 2 on the page (issue 13): pre-votes drawn apart from votes, the lease as a
 * bar on the leader and in the panel's status line, leadership transfer from the node menu and
 * the keyboard, and the two lessons in both languages.
 */
import { expect, test } from '@playwright/test';
import { hashOf, status, watchConsole } from './support/page';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { Scenario } from '../../src/sim/types';

const open = async (page: import('@playwright/test').Page, scenario: Scenario, at: number, extra = '') => {
  await page.goto('about:blank');
  await page.goto(`/${encodeLink(scenario, at)}${extra}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(scenario, at).traceHash);
};

test('pre-votes fly as their own kind, and the pre-voting node says so', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario(libraryEntry('raft-rejoin-prevote').scenario);
  // S5, cut off, has just asked for pre-votes (its timer fired at 1268.889 ms)
  await open(page, scenario, 1270);
  const s5 = page.locator('[data-node-id="5"]').first();
  await expect(s5).toHaveAttribute('data-pre-vote', 'true');
  await expect(s5).toHaveAttribute('data-term', '1');
  await expect(s5).toContainText('pre-votes 1 of 3');
  const handles = page.locator('[data-message-type="PreVote"]');
  await expect(handles.first()).toBeAttached();
  await expect(page.locator('.message.cat-pre-vote').first()).toBeAttached();
  await expect(page.locator('.message.cat-request-vote')).toHaveCount(0);
  // the key names the kind
  await expect(page.locator('.legend').getByText('PreVote').first()).toBeVisible();
  await expect(page.locator('[data-panel-status] [data-status="prevote"]')).toHaveText('PreVote');
  await expect(page.locator('[data-panel-status] [data-status="pv5"]')).toContainText('S5 asks for pre-votes');
  expect(problems).toEqual([]);
});

test('the lease is an arc round the leader that runs down once it is cut off, and the panel says how long is left', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario(libraryEntry('raft-lease-read').scenario);
  await open(page, scenario, 1400);
  const bar = page.locator('[data-bar-node="1"][data-bar="lease"]');
  await expect(bar).toBeAttached();
  const width = async () => Number(await bar.getAttribute('data-fraction'));
  const full = await width();
  expect(full).toBeGreaterThan(0);
  await expect(page.locator('[data-panel-status] [data-status="lease"]')).toContainText(/S1's lease: \d+ ms left/);
  // cut off at 1500 ms: at 1600 the lease is nearly gone, and by 1700 S1 holds none (and holds reads)
  await open(page, scenario, 1600);
  expect(await width()).toBeLessThan(full);
  await open(page, scenario, 1700);
  expect(await width()).toBe(0);
  await expect(page.locator('[data-panel-status] [data-status="lease"]')).toHaveText('S1 holds no lease');
  expect(problems).toEqual([]);
});

test('the node menu and the L key hand leadership over, as a transfer event in the run', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario({ version: 1, protocol: 'raft', nodes: 3, seed: 7, events: [], config: { preVote: true } });
  await open(page, scenario, 1000);
  const leader = Number(await page.locator('[data-role="leader"]').first().getAttribute('data-node-id'));
  const target = leader === 3 ? 1 : 3;
  await page.locator(`[data-node-id="${target}"]`).first().click();
  const item = page.getByRole('menuitem', { name: `Hand leadership to S${target}` });
  await expect(item).toBeEnabled();
  await item.click();
  await page.getByRole('button', { name: 'Step' }).click(); // the transfer event itself
  await expect(page.locator('[data-panel-status] [data-status="transfer"]')).toHaveText(`S${leader} is handing over to S${target}`);
  for (let i = 0; i < 40 && (await page.locator(`[data-node-id="${target}"]`).first().getAttribute('data-role')) !== 'leader'; i++) {
    await page.getByRole('button', { name: 'Step' }).click();
  }
  await expect(page.locator(`[data-node-id="${target}"]`).first()).toHaveAttribute('data-role', 'leader');
  // the menu offers no transfer to the leader itself
  await page.locator(`[data-node-id="${target}"]`).first().click();
  await expect(page.getByRole('menuitem', { name: `Hand leadership to S${target}` })).toBeDisabled();
  await page.keyboard.press('Escape');
  // L hands it on to the next node in ring order
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('l');
  await page.getByRole('button', { name: 'Step' }).click();
  const next = (target % 3) + 1;
  await expect(page.locator('[data-panel-status] [data-status="transfer"]')).toHaveText(`S${target} is handing over to S${next}`);
  // and the keyboard help lists it
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog').getByText('Hand leadership to the next node (TimeoutNow)')).toBeVisible();
  expect(await hashOf(page)).toMatch(/^[0-9a-f]+$/);
  expect(problems).toEqual([]);
});

test('the two lessons open on their steps in English and Chinese', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/#lesson=raft-prevote&step=3');
  await expect(page.locator('.lesson-bar').getByText(/S2 sees a higher term and steps down/).first()).toBeVisible();
  await page.goto('about:blank');
  await page.goto('/#lesson=raft-stale-reads&step=3&lang=zh');
  await expect(page.locator('.lesson-bar').getByText(/不可线性化/).first()).toBeVisible();
  expect(problems).toEqual([]);
});
