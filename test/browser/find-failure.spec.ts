/**
 * The "Find a failure" panel: a bug picked and one click later, a Web Worker finds a failing run,
 * which opens (shortest, or shrunk) at the moment it breaks; the exhaustive search, the default,
 * takes each bug's bounds from the table the tests prove it with; the page keeps playing while it
 * searches; Stop stops it; a correct protocol comes back clean.
 */
import { expect, test, type Page } from '@playwright/test';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { validateScenario } from '../../src/scenario/schema';
import { status, watchConsole } from './support/page';

const panel = (page: Page) => page.locator('.find-failure');
const timeMs = async (page: Page) => Number(await status(page).getAttribute('data-time'));

/** Animation frames the page paints in `ms` of wall-clock time, and the longest gap between two. */
const framesIn = (page: Page, ms: number) => page.evaluate((ms) => new Promise<{ frames: number; longestGap: number }>((done) => {
  let frames = 0;
  let last = performance.now();
  let longestGap = 0;
  const end = last + ms;
  const tick = (t: number) => {
    frames++;
    longestGap = Math.max(longestGap, t - last);
    last = t;
    if (t < end) requestAnimationFrame(tick); else done({ frames, longestGap });
  };
  requestAnimationFrame(tick);
}), ms);

test('pick a bug, click once: the shortest failing run it finds opens at the violation, and the page plays on meanwhile', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await expect(status(page)).toHaveAttribute('data-trace-hash', /.+/);
  await page.getByTestId('find-bug').selectOption('commit-previous-term');
  await page.getByRole('radio', { name: /swarm fuzzing/ }).check();
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'running');

  // the search runs off the main thread: playback advances and frames keep coming (a search on the
  // main thread would freeze the page for seconds: one seed runs 10 virtual seconds, shrinking hundreds of runs)
  await page.getByRole('button', { name: 'Play' }).click();
  const before = await timeMs(page);
  const painted = await framesIn(page, 2000);
  expect(painted.frames, 'frames painted in 2 s while searching').toBeGreaterThan(5);
  expect(painted.longestGap, 'longest wait between two frames (ms)').toBeLessThan(1500);
  expect(await timeMs(page)).toBeGreaterThan(before);

  await expect(panel(page)).toHaveAttribute('data-find-state', 'found', { timeout: 60_000 });
  await expect(page.getByTestId('find-status')).toContainText(/Found: \w+ \([^)]+\) violated\. Seed \d+ failed; its script shrank from \d+ to \d+ events/);
  // the found run is on screen, with its bug, stopped at a moment where an invariant is broken
  await expect(page.locator('[data-invariant][data-ok="false"]').first()).toBeVisible();
  const shown = await page.evaluate(() => decodeURIComponent(location.hash));
  expect(shown.length).toBeGreaterThan(1);
  expect(problems).toEqual([]);
});

/** The scenario the page shows, read back from its link. */
const shownScenario = async (page: Page) => decodeLink(await page.evaluate(() => location.hash)).scenario;

test('two clicks, pick a bug and press Find: every schedule up to the depth the bug needs, with its bounds, and the shortest failing run opens', async ({ page }) => {
  const problems = watchConsole(page);
  // Zab's broadcast-before-sync needs a request that lands while a new leader synchronizes: the
  // search's default bounds never make one, the bug's case does
  const zab = validateScenario({ version: 1, protocol: 'zab', nodes: 3, seed: 1, until: 2000, events: [] });
  await page.goto(`/${encodeLink(zab)}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', /.+/);
  await page.getByTestId('find-bug').selectOption('broadcast-before-sync');
  await expect(page.getByTestId('find-depth')).toHaveValue('5');
  await expect(page.getByTestId('find-bounds')).toHaveText(/^3 nodes; per run at most: .* \(the bounds the tests find this bug with\)\.$/);
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'found', { timeout: 60_000 });
  await expect(page.getByTestId('find-status')).toHaveText('Found: PrimaryIntegrity (a primary delivers what earlier primaries delivered before it broadcasts) violated. A shortest failing run: 5 steps. It is open now, at the moment it breaks.');
  await expect(page.locator('[data-invariant="PrimaryIntegrity"][data-ok="false"]')).toBeVisible();
  const found = await shownScenario(page);
  expect(found.bugs).toEqual(['broadcast-before-sync']);
  expect(found.events.map((e) => e.type)).toEqual(['request', 'crash', 'timeout', 'restart', 'request']);

  // Raft's Figure 8 (commit-previous-term) is nine steps deep, with four elections
  await page.goto('/');
  await expect(status(page)).toHaveAttribute('data-trace-hash', /.+/);
  await page.getByTestId('find-bug').selectOption('commit-previous-term');
  await expect(page.getByTestId('find-depth')).toHaveValue('9');
  await expect(page.getByTestId('find-bounds')).toContainText('elections 4');
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'found', { timeout: 120_000 });
  await expect(page.getByTestId('find-status')).toContainText('LeaderCompleteness (a leader holds every entry committed before its term) violated. A shortest failing run: 9 steps.');
  expect((await shownScenario(page)).events).toHaveLength(9);
  // with no bug, the depth field goes back to the panel's own default
  await page.getByTestId('find-bug').selectOption('');
  await expect(page.getByTestId('find-depth')).toHaveValue('8');
  await expect(page.getByTestId('find-bounds')).not.toContainText('this bug');
  expect(problems).toEqual([]);
});

test('Stop ends a long search at once; a correct protocol comes back clean; both in Chinese too', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/#lang=zh');
  await page.getByTestId('find-bug').selectOption('');
  await page.getByRole('radio', { name: /穷举/ }).check();
  await page.getByTestId('find-depth').fill('14');
  await page.getByTestId('find-start').click();
  await expect(page.getByTestId('find-progress')).toBeVisible();
  await page.getByTestId('find-stop').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'stopped');
  await expect(page.getByTestId('find-status')).toHaveText('已停止。');
  await expect(page.getByTestId('find-progress')).toHaveCount(0);

  await page.getByRole('radio', { name: /随机调度/ }).check();
  await page.getByTestId('find-seeds').fill('2');
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'clean', { timeout: 60_000 });
  await expect(page.getByTestId('find-status')).toHaveText('2 个种子中没有发现故障。');
  expect(problems).toEqual([]);
});

test('the run found says, in the page\'s language, how this page found it (not the CLI\'s words)', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/#lang=zh');
  await expect(status(page)).toHaveAttribute('data-trace-hash', /.+/);
  await page.getByTestId('find-bug').selectOption('stale-read');
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'found', { timeout: 60_000 });
  // the line under the toolbar and the link carry it: before, "exhaustive search, raft, 3 nodes
  // A shortest counterexample found by npm run check." on a Chinese page
  const meta = page.locator('.scenario-meta');
  await expect(meta).toHaveText('穷举搜索找到的最短失败运行 由本页的“寻找故障”找到：不变式 Linearizability（客户端得到的回答能排成一种操作顺序，每个操作在调用和返回之间生效）被违反。一个最短的失败运行：5 步。');
  expect((await shownScenario(page)).meta).toMatchObject({ title: '穷举搜索找到的最短失败运行' });

  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await page.getByRole('radio', { name: /swarm fuzzing/ }).check();
  await page.getByTestId('find-start').click();
  await expect(panel(page)).toHaveAttribute('data-find-state', 'found', { timeout: 60_000 });
  await expect(meta).toHaveText(/^A failing run found by swarm fuzzing Found by this page's "Find a failure": .+\. Seed \d+ failed; its script shrank from \d+ to \d+ events\.$/);
  await expect(meta).not.toContainText('npm');
  expect(problems).toEqual([]);
});
