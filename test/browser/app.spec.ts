/**
 * The page in Debian's Chromium: CONTRACT §5 hooks, playback, faults, time travel and share
 * links. Hashes are checked against the headless core run in Node, as the CLI computes them.
 */
import { expect, test, type Page } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { encodeLink, decodeLink } from '../../src/scenario/link';
import { runScenario, createSimulation } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

async function readStatus(page: Page) {
  const el = status(page);
  return {
    time: Number(await el.getAttribute('data-time')),
    events: Number(await el.getAttribute('data-events')),
    hash: (await el.getAttribute('data-trace-hash'))!,
  };
}

/** Play faster than the default so elections happen within a few real seconds. */
async function setSpeed(page: Page, log10: number) {
  await page.getByRole('slider', { name: /speed|速度/i }).fill(String(log10));
}

test('the page loads with no console error or warning and shows the default cluster', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  for (const node of await page.locator('[data-node-id]').all()) {
    await expect(node).toHaveAttribute('data-up', 'true');
    await expect(node).toHaveAttribute('data-role', 'follower');
    await expect(node).toHaveAttribute('data-term', '0');
  }
  for (const name of ['Play', 'Pause', 'Step', 'Share']) await expect(page.getByRole('button', { name })).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(problems).toEqual([]);
});

/** Which of Play and Pause shows itself pressed: the state the run is in. */
async function expectPressed(page: Page, name: 'Play' | 'Pause') {
  const other = name === 'Play' ? 'Pause' : 'Play';
  await expect(page.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: other })).toHaveAttribute('aria-pressed', 'false');
}

test('Play, Pause, Step and Share are there at load; Play and Pause each do one thing (CONTRACT §5)', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/${encodeLink(DEFAULT, 400)}`);
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  // the default name match is a substring: each name must find exactly one button
  for (const name of ['Play', 'Pause', 'Step', 'Share']) {
    const button = page.getByRole('button', { name });
    await expect(button).toHaveCount(1);
    await expect(button).toBeVisible();
    await expect(button).toBeEnabled();
  }
  await expectPressed(page, 'Pause');
  // at 1280x720 the pair sits side by side and the top bar keeps to one line; so does the toolbar under it
  // (Share among the lesson and library pickers)
  const tops = await Promise.all(['Play', 'Pause', 'Step'].map(async (name) => (await page.getByRole('button', { name }).boundingBox())!.y));
  for (const top of tops) expect(Math.abs(top - tops[0])).toBeLessThan(1);
  const toolbar = page.getByRole('navigation', { name: 'Teaching tools' });
  const middle = async (l: ReturnType<typeof page.getByRole>) => { const b = (await l.boundingBox())!; return b.y + b.height / 2; };
  const rows = [await middle(toolbar.getByRole('button', { name: 'Share' })), await middle(toolbar.getByRole('combobox', { name: 'Guided lessons' }))];
  expect(Math.abs(rows[0] - rows[1])).toBeLessThan(1);
  const play = page.getByRole('button', { name: 'Play' });
  const pause = page.getByRole('button', { name: 'Pause' });
  // pressed is seen, not only announced: the pressed one is filled, the other not
  const fill = (button: typeof play) => button.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [pressedFill, unpressedFill] = [await fill(pause), await fill(play)];
  expect(pressedFill).not.toBe(unpressedFill);

  // Pause while paused changes nothing
  const atLoad = await readStatus(page);
  const linkAtLoad = page.url();
  await pause.click();
  await page.waitForTimeout(300);
  expect(await readStatus(page)).toEqual(atLoad);
  expect(page.url()).toBe(linkAtLoad);
  await expectPressed(page, 'Pause');

  // Play, then Play again while playing: it keeps playing
  await play.click();
  await expectPressed(page, 'Play');
  expect([await fill(play), await fill(pause)]).toEqual([pressedFill, unpressedFill]);
  await expect.poll(async () => (await readStatus(page)).time).toBeGreaterThan(atLoad.time);
  await play.click();
  await expectPressed(page, 'Play');
  const later = (await readStatus(page)).time;
  await expect.poll(async () => (await readStatus(page)).time).toBeGreaterThan(later);

  // Pause right after Play stops the clock on a moment the core agrees with
  await pause.click();
  await expectPressed(page, 'Pause');
  const paused = await readStatus(page);
  await page.waitForTimeout(300);
  expect(await readStatus(page)).toEqual(paused);
  expect(paused.hash).toBe(runScenario(DEFAULT, paused.time).traceHash);

  // Step: the next event that happens and the rest of its instant, as the core steps
  const core = runScenario(DEFAULT, paused.time);
  expect(core.stats.events).toBe(paused.events);
  expect(core.step()).toBe(true);
  const nextMoment = runScenario(DEFAULT, core.timeMs);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(status(page)).toHaveAttribute('data-time', String(core.timeMs));
  const stepped = await readStatus(page);
  expect(stepped.events).toBe(nextMoment.stats.events);
  expect(stepped.events).toBeGreaterThan(paused.events);
  expect(stepped.hash).toBe(nextMoment.traceHash);
  await expectPressed(page, 'Pause');
  expect(problems).toEqual([]);
});

test('the presenter-mode control is found by its label, "Presenter mode" exactly (CONTRACT §5)', async ({ page }) => {
  await page.goto(`/${encodeLink(DEFAULT)}`);
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  // getByLabel reads the control's label as a whole: the short icon text beside it must not make it "PresentPresenter mode"
  for (const control of [page.getByLabel('Presenter mode', { exact: true }), page.getByRole('checkbox', { name: 'Presenter mode', exact: true })]) {
    await expect(control).toHaveCount(1);
    await expect(control).toBeVisible();
  }
  await page.getByLabel('Presenter mode', { exact: true }).check();
  await expect.poll(() => decodeLink(page.url()).params.present).toBe('1');
});

test('Play runs an election and a leader appears', async ({ page }) => {
  await page.goto('/');
  await setSpeed(page, -0.5);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('[data-role="leader"][data-up="true"]')).toHaveCount(1, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const leader = page.locator('[data-role="leader"]');
  expect(Number(await leader.getAttribute('data-term'))).toBeGreaterThanOrEqual(1);
  // messages were drawn on the wire while it ran
  const s = await readStatus(page);
  expect(s.events).toBeGreaterThan(10);
});

test('crashing the leader from its menu produces a new leader', async ({ page }) => {
  await page.goto('/');
  await setSpeed(page, -0.5);
  await page.getByRole('button', { name: 'Play' }).click();
  const leader = page.locator('[data-role="leader"][data-up="true"]');
  await expect(leader).toHaveCount(1, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const oldId = await leader.getAttribute('data-node-id');
  const oldTerm = Number(await leader.getAttribute('data-term'));
  await leader.click();
  await page.getByRole('menuitem', { name: 'Crash' }).click();
  await expect(page.locator(`[data-node-id="${oldId}"]`)).toHaveAttribute('data-up', 'false');
  expect(decodeLink(page.url()).scenario.events).toEqual([expect.objectContaining({ type: 'crash', node: Number(oldId) })]);
  await page.getByRole('button', { name: 'Play' }).click();
  const next = page.locator(`[data-role="leader"][data-up="true"]:not([data-node-id="${oldId}"])`);
  await expect(next).toHaveCount(1, { timeout: 20_000 });
  expect(Number(await next.getAttribute('data-term'))).toBeGreaterThan(oldTerm);
});

test('a partition stops commits on the minority side', async ({ page }) => {
  await page.goto('/');
  await setSpeed(page, -0.5);
  await page.getByRole('button', { name: 'Play' }).click();
  const leader = page.locator('[data-role="leader"][data-up="true"]');
  await expect(leader).toHaveCount(1, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const oldLeader = Number(await leader.getAttribute('data-node-id'));
  // a first command commits everywhere
  await page.keyboard.press('c');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('[data-log-row]:not([data-log-row="cluster"]) .is-committed')).toHaveCount(5, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Minority leader' }).click();
  const { scenario } = decodeLink(page.url());
  const split = scenario.events.find((e) => e.type === 'partition');
  if (!split || split.type !== 'partition') throw new Error('no partition event in the scenario');
  const minority = split.groups.find((g) => g.includes(oldLeader))!;
  expect(minority.length).toBeLessThan(3);
  // the old leader still believes it leads and accepts a second command
  await page.keyboard.press('c');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(4000); // ≈ 1.2 s of virtual time at this speed
  await page.getByRole('button', { name: 'Pause' }).click();
  const oldRow = page.locator(`[data-log-row="${oldLeader}"]`);
  await expect(oldRow.locator('.is-uncommitted')).toHaveCount(1);
  for (const id of minority) await expect(page.locator(`[data-log-row="${id}"] .is-committed`)).toHaveCount(1);
  // the majority elected its own leader meanwhile
  const majority = split.groups.find((g) => !g.includes(oldLeader))!;
  const newLeaders = await Promise.all(majority.map((id) => page.locator(`[data-node-id="${id}"]`).getAttribute('data-role')));
  expect(newLeaders).toContain('leader');
});

test('Step processes exactly one event when the next moment holds one event', async ({ page }) => {
  // find, in Node, a moment whose next event time is shared by no other event
  const sim = createSimulation(DEFAULT);
  const times: number[] = [];
  while (times.length < 400 && sim.step()) times.push(sim.nowUs);
  let k = -1;
  for (let i = 20; i < times.length - 1; i++) {
    if (times[i] !== times[i - 1] && times[i] !== times[i + 1]) { k = i; break; }
  }
  expect(k).toBeGreaterThan(0);
  const before = times[k - 1] / 1000;
  await page.goto(`/${encodeLink(DEFAULT, before)}`);
  const s0 = await readStatus(page);
  expect(s0.events).toBe(k);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const s1 = await readStatus(page);
  expect(s1.events).toBe(k + 1);
  expect(s1.time).toBe(times[k] / 1000);
  expect(s1.hash).toBe(runScenario(DEFAULT, s1.time).traceHash);
  // and Previous (step back) returns to the moment before
  await page.getByRole('button', { name: 'Previous', exact: true }).click();
  const s2 = await readStatus(page);
  expect(s2.time).toBe(before);
  expect(s2.events).toBe(k);
});

test('scrubbing back shows the earlier state with the CLI trace hash of that moment', async ({ page }) => {
  await page.goto('/');
  await setSpeed(page, -0.3);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1, { timeout: 20_000 });
  await page.waitForTimeout(1000);
  await page.getByRole('button', { name: 'Pause' }).click();
  const late = await readStatus(page);
  const scenario = decodeLink(page.url()).scenario;
  expect(late.hash).toBe(runScenario(scenario, late.time).traceHash);
  await page.getByRole('slider', { name: /virtual time/i }).fill('120');
  const early = await readStatus(page);
  expect(early.time).toBe(120);
  expect(early.events).toBeLessThan(late.events);
  expect(early.hash).toBe(runScenario(scenario, 120).traceHash);
  // no election has happened 120 ms in (timeouts are 150–300 ms)
  await expect(page.locator('[data-role="leader"]')).toHaveCount(0);
});

test('a #s= link opens at &t= with the CLI hash', async ({ page }) => {
  const problems = watchConsole(page);
  const scenario: Scenario = {
    version: 1, protocol: 'raft', nodes: 7, seed: 42,
    events: [
      { at: 400, type: 'request', node: 'leader', command: 'x=1' },
      { at: 600, type: 'crash', node: 'leader' },
      { at: 700, type: 'partition', groups: [[1, 2, 3], [4, 5, 6, 7]] },
    ],
  };
  await page.goto(`/${encodeLink(scenario, 900)}`);
  await expect(page.locator('[data-node-id]')).toHaveCount(7);
  const s = await readStatus(page);
  const cli = runScenario(scenario, 900);
  expect(s.time).toBe(900);
  expect(s.events).toBe(cli.stats.events);
  expect(s.hash).toBe(cli.traceHash);
  for (const id of cli.nodeIds) {
    await expect(page.locator(`[data-node-id="${id}"]`)).toHaveAttribute('data-up', String(cli.up[id]));
  }
  expect(problems).toEqual([]);
});

test('a bad link shows an alert naming the problem and opens the default scenario', async ({ page }) => {
  await page.goto('/#s=this-is-not-a-scenario');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('link');
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  const s = await readStatus(page);
  expect(s.hash).toBe(runScenario(DEFAULT, 0).traceHash);

  // a link that decodes but is invalid names the field
  await page.goto('about:blank');
  await page.goto(`/${encodeLink({ ...DEFAULT, nodes: 12 })}`);
  await expect(page.getByRole('alert')).toContainText('nodes');
});

test('Share copies a link that reopens the same moment', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const s = await readStatus(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  const decoded = decodeLink(link);
  expect(decoded.time).toBe(s.time);
  expect(decoded.scenario).toEqual(decodeLink(page.url()).scenario);
  await page.goto(link.slice(link.indexOf('/#') + 1));
  expect((await readStatus(page)).hash).toBe(s.hash);
});

test('an invalid setting shows an alert naming the field', async ({ page }) => {
  await page.goto('/');
  await page.locator('input[name="nodes"]').fill('12');
  await page.getByRole('button', { name: 'Start new run' }).click();
  await expect(page.getByRole('alert')).toContainText('nodes');
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  await page.locator('input[name="nodes"]').fill('9');
  await page.getByRole('button', { name: 'Start new run' }).click();
  await expect(page.locator('[data-node-id]')).toHaveCount(9);
  expect(decodeLink(page.url()).scenario.nodes).toBe(9);
});

test('keyboard: Space plays and pauses, ? lists the shortcuts', async ({ page }) => {
  await page.goto('/');
  await page.locator('body').press('Space');
  await expectPressed(page, 'Play');
  await page.locator('body').press('Space');
  await expectPressed(page, 'Pause');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});
