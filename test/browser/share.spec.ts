/**
 * Sharing and reproducing in Debian's Chromium: every library scenario's link shows the CLI's
 * trace hash at its moment to watch; bad links open the default scenario with an alert naming
 * the field; a bad link pasted into an open page or a bad file keeps the run; files round-trip.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { hashOf, status, watchConsole } from './support/page';
import LZString from 'lz-string';
import { LIBRARY } from '../../src/scenario/library';
import { decodeLink, encodeLink, MAX_LINK_LENGTH } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';

const DEFAULT: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] };

/** Open a fragment in a fresh document (a hash-only navigation would not reload the page). */
async function open(page: Page, fragment: string) {
  await page.goto('about:blank');
  await page.goto(`/${fragment}`);
}

test('every library scenario: its link opens at the moment to watch with the CLI trace hash', async ({ page }) => {
  test.slow(); // one page load per library entry: the time grows with the library
  const problems = watchConsole(page);
  for (const entry of LIBRARY) {
    const at = entry.moment.at;
    // the CLI's report for the same scenario run --until that moment
    const cli = buildReport(runScenario(entry.scenario, at));
    await open(page, encodeLink(entry.scenario, at));
    await expect(status(page), entry.id).toHaveAttribute('data-time', String(at));
    await expect(status(page), entry.id).toHaveAttribute('data-trace-hash', cli.traceHash);
    await expect(status(page), entry.id).toHaveAttribute('data-events', String(cli.stats.events));
    await expect(page.locator('[data-node-id]')).toHaveCount(entry.scenario.nodes);
  }
  expect(problems).toEqual([]);
});

const good = encodeLink(DEFAULT);
const millionEvents = readFileSync(new URL('./fixtures/million-events.link', import.meta.url), 'utf8').trim();
const manyEvents = { ...DEFAULT, events: Array.from({ length: 60_000 }, (_, i) => ({ at: i % 977, type: 'timeout' as const, node: 1 + (i % 5) })) };

/** meta nested 5,000 levels deep: a link of a few hundred characters whose JSON would overflow the stack when encoded again */
const deepMeta = `#s=${LZString.compressToEncodedURIComponent(`{"version":1,"protocol":"raft","nodes":3,"seed":1,"events":[],"meta":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`)}`;

const BAD_LINKS: { name: string; fragment: string; field: string; text: RegExp }[] = [
  { name: 'truncated', fragment: good.slice(0, good.length - 12), field: 'link', text: /truncated or corrupted/ },
  { name: 'corrupted', fragment: `${good.slice(0, 12)}$%*${good.slice(15)}`, field: 'link', text: /link: the scenario/ },
  { name: 'invalid JSON', fragment: `#s=${LZString.compressToEncodedURIComponent('{"version": 1, "nodes": ')}`, field: 'link', text: /not valid JSON/ },
  { name: 'future version', fragment: encodeLink({ ...DEFAULT, version: 7 as 1 }), field: 'version', text: /version: 7 is newer than this app supports/ },
  { name: '50 nodes', fragment: encodeLink({ ...DEFAULT, nodes: 50 }), field: 'nodes', text: /nodes: at most 9 nodes/ },
  { name: 'a million events', fragment: millionEvents, field: 'events', text: /events: at most 10000 events/ },
  { name: 'meta nested 5,000 levels deep', fragment: deepMeta, field: 'meta', text: /meta: nested more than 16 levels deep/ },
  { name: 'a link over the length limit', fragment: encodeLink(manyEvents), field: 'link', text: new RegExp(`longer than ${MAX_LINK_LENGTH} characters`) },
];

test('the million-events fixture really holds a million events, and the long link is over the limit', () => {
  const json = LZString.decompressFromEncodedURIComponent(millionEvents.slice('#s='.length));
  expect((JSON.parse(json!) as Scenario).events).toHaveLength(1_000_000);
  expect(millionEvents.length).toBeLessThan(MAX_LINK_LENGTH);
  expect(encodeLink(manyEvents).length).toBeGreaterThan(MAX_LINK_LENGTH);
});

test('each bad link opens the default scenario with an alert naming the field and why', async ({ page }) => {
  const problems = watchConsole(page);
  const defaultHash = runScenario(DEFAULT, 0).traceHash;
  for (const bad of BAD_LINKS) {
    await open(page, bad.fragment);
    const alert = page.getByRole('alert');
    await expect(alert, bad.name).toBeVisible();
    await expect(alert, bad.name).toHaveAttribute('data-field', bad.field);
    await expect(alert, bad.name).toContainText(bad.text);
    await expect(alert, bad.name).toContainText('default scenario');
    await expect(page.locator('[data-node-id]')).toHaveCount(5);
    expect(await hashOf(page)).toBe(defaultHash);
    // the page still works
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(status(page)).not.toHaveAttribute('data-events', '0');
  }
  expect(problems).toEqual([]);
});

test('in Chinese, a bad link and a bad setting give their reasons in Chinese, and follow the language switch', async ({ page }) => {
  const problems = watchConsole(page);
  await open(page, `${encodeLink({ ...DEFAULT, nodes: 50 })}&lang=zh`);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-field', 'nodes');
  await expect(alert).toContainText('nodes: 最多支持 9 个节点');
  await expect(alert).toContainText('已显示默认场景');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(alert).toContainText('nodes: at most 9 nodes are supported');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await page.locator('input[name="seed"]').fill('-3');
  await page.getByRole('button', { name: '开始新的运行' }).click();
  await expect(page.getByRole('alert')).toHaveAttribute('data-field', 'seed');
  await expect(page.getByRole('alert')).toContainText('seed: 不能为负数');
  expect(problems).toEqual([]);
});

test('a link or a file with fields this version does not know opens its run and names those fields, as a status not an alert', async ({ page }) => {
  const problems = watchConsole(page);
  const typo = { ...DEFAULT, network: { dropRte: 0.2 }, events: [{ at: 100, type: 'crash', nod: 2, node: 1 }] };
  await open(page, encodeLink(typo as unknown as Scenario, 200));
  const notice = page.getByRole('status').filter({ hasText: 'ignored' });
  await expect(notice).toContainText('events[0].nod, network.dropRte');
  await expect(notice).toContainText('Check their spelling');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // the run is the scenario without them, as the CLI runs it
  expect(await hashOf(page)).toBe(runScenario({ ...DEFAULT, events: [{ at: 100, type: 'crash', node: 1 }] }, 200).traceHash);
  // in Chinese; another run opened clears it
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('status').filter({ hasText: '已忽略' })).toContainText('network.dropRte');
  await page.getByRole('combobox', { name: '场景库' }).selectOption({ index: 1 });
  await expect(page.locator('[data-ignored-fields]')).toHaveCount(0);
  // a clean link shows none
  await open(page, encodeLink(DEFAULT, 200));
  await expect(status(page)).toHaveAttribute('data-time', '200');
  await expect(page.locator('[data-ignored-fields]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('in Chinese, a library scenario shows its Chinese title, and a violation says what happened in Chinese', async ({ page }) => {
  const entry = LIBRARY.find((e) => e.id === 'raft-figure-8-commit-previous-term-bug')!;
  const run = runScenario(entry.scenario);
  expect(run.violations.length).toBeGreaterThan(0);
  await open(page, `${encodeLink(entry.scenario, entry.scenario.until ?? 10_000)}&lang=zh`);
  await expect(page.locator('.scenario-meta')).toContainText(entry.title.zh);
  const broken = page.locator(`[data-invariant="${run.violations[0].invariant}"] .invariant-detail`);
  await expect(broken).toContainText(run.violations[0].detailZh!);
  // the notice's sentences follow each other as Chinese sets them, with no space between
  const notice = page.locator('.notice-violation > span');
  await expect(notice).toContainText('这次运行打开了一个教学用的缺陷');
  expect(await notice.textContent()).not.toMatch(/[。：] /);
});

test('a bad link pasted into an open page keeps the run on screen; a good one opens', async ({ page }) => {
  const entry = LIBRARY[1];
  await open(page, encodeLink(entry.scenario, entry.moment.at));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const before = await hashOf(page);
  const url = page.url();
  for (const bad of [BAD_LINKS[0], BAD_LINKS[4], BAD_LINKS[5]]) {
    await page.evaluate((f) => { location.hash = f; }, bad.fragment);
    await expect(page.getByRole('alert')).toContainText(bad.text);
    await expect(page.getByRole('alert')).toContainText('unchanged');
    expect(await hashOf(page)).toBe(before);
    await expect(page.locator('[data-node-id]')).toHaveCount(entry.scenario.nodes);
  }
  expect(decodeLink(url).scenario).toEqual(entry.scenario);
  await page.evaluate((f) => { location.hash = f; }, encodeLink(DEFAULT, 400));
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(DEFAULT, 400).traceHash);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('reload keeps the place: the address bar carries the run and the moment shown, even after a bad pasted link', async ({ page }) => {
  const problems = watchConsole(page);
  await open(page, '');
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 3; i++) await step.click();
  await page.locator('[data-node-id="3"]').click();
  await page.getByRole('menuitem', { name: 'Crash' }).click();
  for (let i = 0; i < 5; i++) await step.click();
  const time = (await status(page).getAttribute('data-time'))!;
  const hash = await hashOf(page);
  await expect.poll(() => decodeLink(page.url()).time, { timeout: 5000 }).toBe(Number(time));
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-time', time);
  await expect(status(page)).toHaveAttribute('data-trace-hash', hash);
  await expect(page.locator('[data-node-id="3"]')).toHaveAttribute('data-up', 'false');
  // a bad link pasted now is reported, and the address bar goes back to the run on screen
  await page.evaluate(() => { location.hash = '#s=%%%broken'; });
  await expect(page.getByRole('alert')).toContainText('unchanged');
  await expect.poll(() => decodeLink(page.url()).time).toBe(Number(time));
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-trace-hash', hash);
  // the same run's link without a moment, opened in this tab, opens at 0 as a fresh load does
  await page.goto(`/${encodeLink(decodeLink(page.url()).scenario)}`);
  await expect(status(page)).toHaveAttribute('data-time', '0');
  await expect(status(page)).toHaveAttribute('data-events', '0');
  expect(problems).toEqual([]);
});

test('a change of address asks the server for nothing (Chromium fetches the icon again at each one)', async ({ page }) => {
  await open(page, '');
  await expect(page.locator('[data-node-id]')).toHaveCount(5);
  // the lessons and the library are chunks the page asks for once it is on screen: wait for both
  for (const name of ['Guided lessons', 'Scenario library']) {
    await page.getByRole('combobox', { name }).locator('option').nth(1).waitFor({ state: 'attached' });
  }
  await page.waitForLoadState('networkidle');
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const before = page.url();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('combobox', { name: 'Scenario library' }).selectOption({ index: 2 });
  await expect.poll(() => page.url()).not.toBe(before);
  await page.waitForTimeout(500); // the icon's request follows the address's change
  expect(requests).toEqual([]);
});

test('&lang=zh opens in Chinese, and Share carries the moment and the language', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, `${encodeLink(DEFAULT, 500)}&lang=zh`);
  await expect(page.getByRole('button', { name: '播放' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: '分享' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const decoded = decodeLink(link);
  expect(decoded.time).toBe(500);
  expect(decoded.params.lang).toBe('zh');
  expect(decoded.scenario).toEqual(DEFAULT);
  // English again, from the page's switch: the address bar follows
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(decodeLink(page.url()).params.lang).toBe('en');
});

test('export and import: scenario and trace JSON round trip, SVG and PNG of the view, a bad file keeps the run', async ({ page }) => {
  const problems = watchConsole(page);
  const entry = LIBRARY.find((e) => e.id === 'raft-leader-crash')!;
  const at = entry.moment.at;
  await open(page, encodeLink(entry.scenario, at));
  const shown = await hashOf(page);

  const save = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  };

  const scenarioFile = await save('Export scenario (JSON)');
  expect(scenarioFile.name).toMatch(/\.scenario\.json$/);
  expect(JSON.parse(scenarioFile.bytes.toString('utf8'))).toEqual(entry.scenario);

  const traceFile = await save('Export trace (JSON)');
  const trace = JSON.parse(traceFile.bytes.toString('utf8'));
  expect(trace.traceHash).toBe(shown);
  expect(trace.time).toBe(at);
  expect(trace.scenario).toEqual(entry.scenario);
  expect(trace.records.length).toBeGreaterThan(20);
  expect(trace.records.every((r: { time: number }) => r.time <= at)).toBe(true);

  const svg = await save('Export view (SVG)');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText.match(/data-node-id="/g)).toHaveLength(entry.scenario.nodes);
  expect(svgText).toContain('style="fill:');
  expect(svgText).not.toContain('var(--');

  const png = await save('Export view (PNG)');
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(400); // width in device pixels

  // the view's dots drawn on a canvas are in the picture too: paused with over 40 messages, and
  // while the run plays (the worker's canvas)
  await open(page, encodeLink({
    version: 1, protocol: 'raft', nodes: 9, seed: 5, events: [], network: { latency: { min: 600, max: 1200 } },
    config: { electionTimeout: { min: 3000, max: 5000 }, heartbeatInterval: 50 },
  }, 9000));
  expect(await page.locator('[data-message-id]').count()).toBeGreaterThan(40);
  const canvasImage = /<image [^>]*href="data:image\/png;base64,[A-Za-z0-9+/=]{2000,}"/;
  expect((await save('Export view (SVG)')).bytes.toString('utf8')).toMatch(canvasImage);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.locator('.worker-canvas')).toHaveCSS('visibility', 'visible');
  const playing = (await save('Export view (SVG)')).bytes.toString('utf8');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(playing).toMatch(canvasImage);

  const importFile = async (name: string, text: string) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import scenario (JSON)' }).click()]);
    await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  };

  // from a fresh default page, the exported scenario opens the same run; the trace file opens its moment
  await open(page, '');
  await importFile('shared.scenario.json', scenarioFile.bytes.toString('utf8'));
  await expect(status(page)).toHaveAttribute('data-trace-hash', runScenario(entry.scenario, 0).traceHash);
  // the import reads the file asynchronously: wait for the address bar, not the time-0 hash (every run's is the same)
  await expect.poll(() => decodeLink(page.url()).scenario).toEqual(entry.scenario);
  await importFile('shared.trace.json', traceFile.bytes.toString('utf8'));
  await expect(status(page)).toHaveAttribute('data-trace-hash', shown);
  await expect(status(page)).toHaveAttribute('data-time', String(at));

  // bad files name the field, and the run stays
  for (const [text, field] of [['{"version": 1, ', '(scenario)'], [JSON.stringify({ ...entry.scenario, nodes: 50 }), 'nodes'],
    [JSON.stringify({ ...entry.scenario, version: 3 }), 'version']] as const) {
    await importFile('bad.json', text);
    const alert = page.getByRole('alert');
    await expect(alert).toHaveAttribute('data-field', field);
    await expect(alert).toContainText('unchanged');
    expect(await hashOf(page)).toBe(shown);
  }
  // a file with a misspelt field opens, and the field is named
  await importFile('typo.json', JSON.stringify({ ...entry.scenario, seeed: 4 }));
  await expect(page.getByRole('status').filter({ hasText: 'ignored' })).toContainText('seeed');
  expect(problems).toEqual([]);
});
