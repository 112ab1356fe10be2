/**
 * Guided lessons and presenting, in Debian's Chromium: a lesson walked forward through a wait
 * step and back (Back restores the same trace hash), a lesson deep link, Chinese narration,
 * embed mode and presenter mode.
 */
import { expect, test, type Page } from '@playwright/test';
import { hashOf, status, watchConsole } from './support/page';
import { isWaitStep, lesson as lessonById, stepMoment } from '../../src/scenario/lessons';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import type { Scenario } from '../../src/sim/types';

const lessonBar = (page: Page) => page.getByRole('region', { name: 'Lesson', exact: true });

const election = lessonById('raft-leader-election');
const waitIndex = election.steps.findIndex(isWaitStep);

test('a lesson walked forward through a wait step and back, Back restoring the same trace hash', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Guided lessons' }).selectOption(election.id);
  await expect(lessonBar(page)).toContainText('Step 1 of 8');
  await expect(lessonBar(page)).toContainText(election.steps[0].narration.en);
  await page.getByRole('slider', { name: /speed/i }).fill('0'); // 1× real time: the wait takes about 0.1 s
  const next = page.getByRole('button', { name: 'Next', exact: true });
  const back = page.getByRole('button', { name: 'Back', exact: true });
  await expect(back).toBeDisabled();

  const seen: string[] = [await hashOf(page)];
  expect(seen[0]).toBe(stepMoment(election, 0).traceHash);
  for (let i = 1; i <= waitIndex + 1; i++) {
    await next.click();
    await expect(lessonBar(page)).toContainText(`Step ${i + 1} of 8`);
    // a wait step plays until its condition holds, then Next opens on the step's own moment
    await expect(next).toBeEnabled({ timeout: 20_000 });
    await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(election, i).traceHash);
    await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true'); // paused again
    seen.push(await hashOf(page));
  }
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1);
  expect(decodeLink(page.url()).params).toMatchObject({ lesson: election.id, step: String(waitIndex + 2) });

  // the learner tries something (crash the leader), then Back returns to the lesson's moments
  await page.keyboard.press('k');
  await expect(status(page)).not.toHaveAttribute('data-trace-hash', seen[waitIndex + 1]);
  for (let i = waitIndex; i >= 0; i--) {
    await back.click();
    await expect(lessonBar(page)).toContainText(`Step ${i + 1} of 8`);
    await expect(status(page)).toHaveAttribute('data-trace-hash', seen[i]);
  }
  await expect(back).toBeDisabled();
  // a presentation clicker's Page Down and Page Up do the same
  await page.keyboard.press('PageDown');
  await expect(lessonBar(page)).toContainText('Step 2 of 8');
  await expect(status(page)).toHaveAttribute('data-trace-hash', seen[1]);
  await page.keyboard.press('PageUp');
  await expect(lessonBar(page)).toContainText('Step 1 of 8');
  expect(problems).toEqual([]);
});

test('a lesson deep link opens at its step; &lang=zh narrates in Chinese', async ({ page }) => {
  const problems = watchConsole(page);
  const figure8 = lessonById('raft-figure-8');
  await page.goto(`/#lesson=${figure8.id}&step=3`);
  await expect(lessonBar(page)).toContainText(`Step 3 of ${figure8.steps.length}`);
  await expect(lessonBar(page)).toContainText(figure8.steps[2].narration.en);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(figure8, 2).traceHash);

  await page.goto('about:blank');
  await page.goto(`/#lesson=${election.id}&step=5&lang=zh`);
  const bar = page.getByRole('region', { name: '课程', exact: true });
  await expect(bar).toContainText('第 5 步，共 8 步');
  await expect(bar).toContainText(election.steps[4].narration.zh);
  await expect(page.getByRole('button', { name: '下一步' })).toBeEnabled();
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(election, 4).traceHash);
  expect(problems).toEqual([]);
});

test('embed mode shows the cluster and a minimal control bar, no panels, inside an iframe', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 3, events: [] };
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(`/${encodeLink(scenario, 600)}&embed=1`);
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  for (const name of ['Play', 'Pause', 'Step', 'Previous']) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  await expect(status(page)).toHaveAttribute('data-time', '600');
  await expect(page.locator('.panel')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
  await expect(page.getByRole('slider')).toHaveCount(0);
  // fits: nothing scrolls
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  expect(Number(await status(page).getAttribute('data-time'))).toBeGreaterThan(600);

  // and in an iframe of a course page
  // the course page names its own icon, so the browser does not ask the server for /favicon.ico
  await page.setContent(`<link rel="icon" href="data:,"><iframe title="lab" width="480" height="300" src="${page.url()}"></iframe>`);
  const frame = page.frameLocator('iframe[title="lab"]');
  await expect(frame.locator('[data-node-id]')).toHaveCount(5);
  await expect(frame.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Pause' })).toBeVisible();
  // the pair fits the small frame side by side
  const [playBox, pauseBox] = [await frame.getByRole('button', { name: 'Play' }).boundingBox(), await frame.getByRole('button', { name: 'Pause' }).boundingBox()];
  expect(Math.abs(playBox!.y - pauseBox!.y)).toBeLessThan(1);
  expect(pauseBox!.x).toBeGreaterThan(playBox!.x);
  expect(problems).toEqual([]);
});

test('presenter mode: &present=1 and the toggle, large type, side drawers closed', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/#lesson=${election.id}&step=2&present=1`);
  await expect(page.locator('html')).toHaveAttribute('data-present', 'true');
  const narration = page.locator('.lesson-narration');
  const big = await narration.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(big).toBeGreaterThanOrEqual(24);
  await expect(page.getByRole('region', { name: 'Setup' })).toBeHidden();
  // with a lesson open, every control name still finds exactly one button; the paused state shows pressed
  for (const name of ['Play', 'Pause', 'Step', 'Share']) {
    await expect(page.getByRole('button', { name })).toHaveCount(1);
    await expect(page.getByRole('button', { name })).toBeEnabled();
  }
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  const fill = (name: string) => page.getByRole('button', { name }).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await fill('Pause')).not.toBe(await fill('Play'));
  await page.getByRole('checkbox', { name: 'Presenter mode' }).uncheck();
  await expect(page.locator('html')).not.toHaveAttribute('data-present', 'true');
  // the lesson still runs, so the drawers stay closed until asked for
  await expect(page.getByRole('region', { name: 'Setup' })).toBeHidden();
  await page.getByRole('button', { name: 'Tools' }).click();
  await expect(page.getByRole('region', { name: 'Setup' })).toBeVisible();
  expect(await narration.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeLessThan(big);
  expect(decodeLink(page.url()).params.present).toBeUndefined();
  await page.getByRole('checkbox', { name: 'Presenter mode' }).check();
  await expect.poll(() => decodeLink(page.url()).params.present).toBe('1');
  expect(problems).toEqual([]);
});

test('Skip ahead ends a wait step at its planned moment', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/#lesson=${election.id}&step=${waitIndex}`); // the step before the wait
  await expect(lessonBar(page)).toContainText(`Step ${waitIndex} of 8`);
  await page.getByRole('slider', { name: /speed/i }).fill('-3'); // 1/1000×: the wait alone would take minutes
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Skip ahead' }).click();
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(election, waitIndex).traceHash);
  expect(problems).toEqual([]);
});

test('the membership and snapshot lessons show, at their steps, the configuration and the snapshot they narrate', async ({ page }) => {
  const problems = watchConsole(page);
  const membership = lessonById('raft-membership');
  // step 4: S1 still leads, in the joint configuration
  await page.goto(`/#lesson=${membership.id}&step=4`);
  await expect(lessonBar(page)).toContainText(membership.steps[3].narration.en);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(membership, 3).traceHash);
  await expect(page.getByTestId('raft-config')).toHaveAttribute('data-joint', 'true');
  await expect(page.locator('[data-node-id="1"]')).toHaveAttribute('data-role', 'leader');
  // step 6, in Chinese: S2 leads {S2–S5}, and S1 is drawn as a spare server
  await page.goto('about:blank');
  await page.goto(`/#lesson=${membership.id}&step=6&lang=zh`);
  await expect(page.getByRole('region', { name: '课程', exact: true })).toContainText(membership.steps[5].narration.zh);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(membership, 5).traceHash);
  await expect(page.getByTestId('raft-config')).toHaveAttribute('data-voters', '2,3,4,5');
  await expect(page.locator('[data-node-id="2"]')).toHaveAttribute('data-role', 'leader');
  await expect(page.locator('[data-node-id="1"]')).toHaveAttribute('data-voter', 'false');

  const snapshots = lessonById('raft-snapshots');
  // step 4: both logs start after the snapshot at index 4, and an InstallSnapshot to S3 is on the wire
  await page.goto('about:blank');
  await page.goto(`/#lesson=${snapshots.id}&step=4`);
  await expect(lessonBar(page)).toContainText(snapshots.steps[3].narration.en);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(snapshots, 3).traceHash);
  for (const id of [1, 2]) await expect(page.locator(`[data-log-row="${id}"]`)).toHaveAttribute('data-log-start', '4');
  await expect(page.locator('[data-log-row="3"]')).toHaveAttribute('data-log-start', '0');
  await expect(page.locator('[data-message-type="InstallSnapshot"][data-message-to="3"]')).toHaveCount(1);
  // step 5: S3 took the snapshot
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(snapshots, 4).traceHash);
  await expect(page.locator('[data-log-row="3"]')).toHaveAttribute('data-log-start', '4');
  expect(problems).toEqual([]);
});
