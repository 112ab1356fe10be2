/**
 * The invariants panel checks the clients' history too: the stale-read run breaks no invariant,
 * yet from the stale answer on its history is not linearizable, and the panel says so (in both
 * languages); the same run with ReadIndex stays linearizable. The verdict is the report's.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchConsole } from './support/page';
import { libraryEntry } from '../../src/scenario/library';
import { encodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

const row = (page: Page) => page.locator('[data-linearizable]');

for (const [id, at, lang] of [['raft-stale-read-bug', 1790, 'en'], ['raft-stale-read-bug', 1700, 'en'], ['raft-read-index', 1790, 'en'], ['raft-stale-read-bug', 1790, 'zh']] as const) {
  test(`${id} at ${at} ms (${lang}): the panel's verdict on the history is the report's`, async ({ page }) => {
    const problems = watchConsole(page);
    const scenario = validateScenario(libraryEntry(id).scenario);
    const report = buildReport(runScenario(scenario, at));
    await page.goto(`/${encodeLink(scenario, at)}&lang=${lang}`);
    await expect(row(page)).toHaveAttribute('data-linearizable', String(report.linearizable));
    if (report.linearizable === false) {
      await expect(row(page)).toContainText(lang === 'en' ? /not so far: .*v4/ : /没有任何一种顺序/);
      // no invariant of the protocol is broken: only the history shows the bug
      await expect(page.locator('[data-invariant][data-ok="false"]')).toHaveCount(0);
    }
    expect(problems).toEqual([]);
  });
}

test('the verdict flips exactly when the stale answer arrives', () => {
  const scenario = validateScenario(libraryEntry('raft-stale-read-bug').scenario);
  expect(buildReport(runScenario(scenario, 1700)).linearizable).toBe(true);
  expect(buildReport(runScenario(scenario, 1790)).linearizable).toBe(false);
});
