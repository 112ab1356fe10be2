/**
 * The benchmark's browser figures run here once, small, as a smoke run: each must be measured
 * (a number, from a real run of its page), so that none is silently skipped. How fast they are is
 * `npm run bench`'s business, never asserted here: timed tests are flaky on shared machines.
 */
import { expect, test } from '@playwright/test';
import { PAGE_FIGURES, pageFigures } from '../../src/cli/bench-page';

test('every browser figure of the benchmark is measured', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const figures = await pageFigures(browser, baseURL!, { runs: 1, playSeconds: 1, samples: 3, longEvents: 20_000, want: () => true });
  expect(figures.map((f) => f.name).sort()).toEqual([...PAGE_FIGURES].sort());
  for (const f of figures) {
    expect(f.runs, f.name).toHaveLength(1);
    expect(Number.isFinite(f.median) && f.median > 0, `${f.name}: ${f.median}`).toBe(true);
  }
  // each input figure says what the harness alone costs, measured in the same page
  for (const f of figures.filter((x) => /^(step|previous|scrub|library)/.test(x.name))) {
    expect(f.note, f.name).toMatch(/harness floor.*p95 \d+\.\d ms/);
  }
});
