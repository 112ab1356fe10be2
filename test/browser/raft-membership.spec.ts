/**
 * Raft membership and snapshots on the page: the configuration line (members, joint state, spare
 * nodes drawn apart), the snapshot boundary in the log rows, InstallSnapshot as its own message
 * kind in the key, and the node menu's membership item and its key, which add a reconfigure event.
 */
import { expect, test } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

const node = (page: import('@playwright/test').Page, id: number) => page.locator(`[data-node-id="${id}"]`).first();

test('the configuration: voters, the joint state, and spare servers drawn apart', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario(libraryEntry('raft-add-remove-servers').scenario);
  await page.goto(`/${encodeLink(scenario, 500)}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(scenario, 500).traceHash);
  const config = page.getByTestId('raft-config');
  await expect(config).toHaveAttribute('data-voters', '1,2,3');
  await expect(config).toHaveAttribute('data-joint', 'false');
  await expect(config).toContainText('spare {S4, S5}');
  await expect(node(page, 4)).toHaveAttribute('data-voter', 'false');
  await expect(node(page, 1)).toHaveAttribute('data-voter', 'true');
  // a spare server's ring is dotted
  expect(await node(page, 4).locator('.node-body').evaluate((e) => getComputedStyle(e).strokeDasharray)).not.toBe('none');

  await page.goto('about:blank');
  await page.goto(`/${encodeLink(scenario, 1420)}`);
  await expect(page.getByTestId('raft-config')).toHaveAttribute('data-joint', 'true');
  await expect(page.getByTestId('raft-config')).toContainText('{S1, S2, S3, S4} and {S2, S3, S4, S5}');
  expect(problems).toEqual([]);
});

test('the node menu and the v key add a server to the voting members', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario(libraryEntry('raft-add-remove-servers').scenario);
  await page.goto(`/${encodeLink({ ...scenario, events: scenario.events.slice(0, 2) }, 600)}`);
  await node(page, 5).click();
  const item = page.getByRole('menuitem', { name: 'Add S5 to the voting members' });
  await expect(item).toBeEnabled();
  await item.click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('raft-config')).toHaveAttribute('data-voters', '1,2,3,5', { timeout: 10_000 });
  // S5 learns it votes from the leader's next AppendEntries, a message's flight later: keep playing till then
  await expect(node(page, 5)).toHaveAttribute('data-voter', 'true', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // the key: with S5 selected, v removes it again
  await node(page, 5).click();
  await page.locator('body').press('v');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('raft-config')).toHaveAttribute('data-voters', '1,2,3', { timeout: 10_000 });
  // the keyboard help lists it
  await page.locator('body').press('?');
  await expect(page.getByText('Add the selected node (or S1) to the voting members, or remove it (Raft)')).toBeVisible();
  expect(problems).toEqual([]);
});

test('snapshots: the boundary in the log rows, and InstallSnapshot in flight and in the key', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario = validateScenario(libraryEntry('raft-snapshot-catch-up').scenario);
  await page.goto(`/${encodeLink(scenario, 1250)}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(scenario, 1250).traceHash);
  const leaderRow = page.locator('[data-log-row="2"]');
  await expect(leaderRow).toHaveAttribute('data-log-start', '4');
  await expect(leaderRow.locator('[data-log-index="4"]')).toHaveClass(/is-snapshot-edge/);
  await expect(leaderRow.locator('[data-log-index="5"]')).toHaveClass(/is-committed/);
  await expect(page.locator('[data-log-row="3"]')).toHaveAttribute('data-log-start', '0');
  await expect(page.getByText('in the snapshot (the bar: its last index)')).toBeVisible();
  // an InstallSnapshot to S3 is on the wire, and the key names its kind
  await expect(page.locator('[data-message-type="InstallSnapshot"][data-message-to="3"]').first()).toBeAttached();
  await expect(page.locator('[data-legend-kind="catchup"]').first()).toContainText('InstallSnapshot');
  await page.goto('about:blank');
  await page.goto(`/${encodeLink(scenario, 1300)}`);
  await expect(page.locator('[data-log-row="3"]')).toHaveAttribute('data-log-start', '4');
  expect(problems).toEqual([]);
});
