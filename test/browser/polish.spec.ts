/**
 * What an audit of the page found and its fixes keep: node roles in presenter mode, the Basic
 * Paxos table inside its panel, the Raft logs following the newest entries, event log wording,
 * space-time labels apart, translated setup knobs, link menus, the scrubber's keys.
 */
import { expect, test, type Page } from '@playwright/test';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

/** Every element matched lies inside the box of its node's circle, horizontally. */
async function rolesInsideNodes(page: Page): Promise<boolean[]> {
  return page.locator('[data-node-id]').evaluateAll((nodes) => nodes.map((n) => {
    const body = n.querySelector('.node-body')!.getBoundingClientRect();
    const role = n.querySelector('.node-role');
    if (!role) return false;
    const r = role.getBoundingClientRect();
    return r.width > 0 && r.left >= body.left && r.right <= body.right;
  }));
}

test('presenter mode shows each node\'s role (leader, follower, down, learned A) in large type inside the node', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT, 300)}&present=1`);
  await expect(page.locator('[data-role="leader"] .node-role')).toHaveText('leader');
  await expect(page.locator('[data-role="follower"] .node-role').first()).toBeVisible();
  const size = await page.locator('[data-role="leader"] .node-role').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(size).toBeGreaterThanOrEqual(14);
  expect(await rolesInsideNodes(page)).toEqual([true, true, true, true, true]);
  const paxos: Scenario = { version: 1, protocol: 'paxos', nodes: 5, seed: 1,
    events: [{ at: 10, type: 'request', node: 1, command: 'A' }, { at: 300, type: 'crash', node: 3 }] };
  await page.goto(`/${encodeLink(paxos, 600)}&present=1&lang=zh`);
  await expect(page.locator('[data-node-id="3"] .node-role')).toBeVisible();
  await page.goto(`/${encodeLink(paxos, 600)}&present=1&lang=en`);
  await expect(page.locator('[data-node-id="1"] .node-role')).toHaveText('learned A');
  await expect(page.locator('[data-node-id="3"] .node-role')).toHaveText('down');
  expect(await rolesInsideNodes(page)).toEqual([true, true, true, true, true]);
});

