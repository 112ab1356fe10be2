/**
 * The coordination-service lessons in Debian's Chromium: "Locks need fencing" shows the late write
 * taken and FencingOrder broken, then Next switches to the fenced run where the same write is
 * rejected (and Back returns to the first run's moment); "CAP: a partition and your reads" opens
 * the history view on the serializable history's stale read, the invariants panel agreeing, then Next switches to
 * linearizable reads and the verdict is linearizable. Each moment's trace hash is Node's.
 */
import { expect, test, type Page } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { lesson as lessonById, stepMoment } from '../../src/scenario/lessons';

const lessonBar = (page: Page, name = 'Lesson') => page.getByRole('region', { name, exact: true });

test('Locks need fencing: the late write breaks FencingOrder, then the fenced run rejects it; Back returns', async ({ page }) => {
  const problems = watchConsole(page);
  const fencing = lessonById('lock-fencing');
  await page.goto(`/#lesson=${fencing.id}&step=4`);
  await expect(lessonBar(page)).toContainText(`Step 4 of ${fencing.steps.length}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(fencing, 3).traceHash);
  const panel = page.getByTestId('service-panel');
  await expect(panel.locator('[data-storage-write="4"][data-accepted="true"]')).toHaveCount(2);
  await expect(page.getByRole('alert').filter({ hasText: 'FencingOrder' })).toBeVisible();

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(lessonBar(page)).toContainText(`Step 5 of ${fencing.steps.length}`);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(fencing, 4).traceHash);
  await expect(panel.locator('[data-storage-write="4"][data-accepted="false"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Tools', exact: true }).click();
  await expect(page.locator('[data-invariant="FencingOrder"]')).toHaveAttribute('data-ok', 'true');

  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(fencing, 3).traceHash);
  await expect(page.locator('[data-invariant="FencingOrder"]')).toHaveAttribute('data-ok', 'false');
  expect(problems).toEqual([]);
});

test('CAP: the serializable history is not linearizable; with linearizable reads it is (in Chinese too)', async ({ page }) => {
  const problems = watchConsole(page);
  const cap = lessonById('cap-partition-reads');
  const row = page.locator('#tools [data-linearizable]');
  await page.goto(`/#lesson=${cap.id}&step=4`);
  await expect(lessonBar(page)).toContainText(cap.steps[3].narration.en);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(cap, 3).traceHash);
  // the step opens the history view on its knot: a stale read
  await expect(page.getByTestId('history-verdict')).toHaveAttribute('data-linearizable', 'false');
  await expect(page.getByTestId('history-explanation')).toHaveAttribute('data-kind', 'stale-read');
  await page.getByRole('button', { name: 'Tools', exact: true }).click();
  await expect(row).toHaveAttribute('data-linearizable', 'false');
  // no invariant of the protocol is broken: only the clients' history shows what the reads cost
  await expect(page.locator('[data-invariant][data-ok="false"]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(cap, 4).traceHash);
  await expect(row).toHaveAttribute('data-linearizable', 'true');

  await page.goto('about:blank');
  await page.goto(`/#lesson=${cap.id}&step=3&lang=zh`);
  await expect(lessonBar(page, '课程')).toContainText(cap.steps[2].narration.zh);
  await expect(status(page)).toHaveAttribute('data-trace-hash', stepMoment(cap, 2).traceHash);
  expect(problems).toEqual([]);
});
