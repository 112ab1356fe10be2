/**
 * A scenario that runs today must replay identically tomorrow (CONTRACT §1): the trace hashes of
 * every library scenario and of fuzzer-drawn runs are pinned. A refactor that changes one has
 * changed what old share links show. Regenerate only with a version bump:
 * `npx tsx scripts/write-golden-hashes.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenHashes, goldenRuns } from './support/golden';

const pinned = JSON.parse(readFileSync(new URL('./fixtures/golden-hashes.json', import.meta.url), 'utf8')) as
  Record<string, { traceHash: string; events: number }>;

describe('pinned trace hashes', () => {
  it('cover every library scenario and each protocol', () => {
    expect(Object.keys(pinned).sort()).toEqual(goldenRuns().map((r) => r.name).sort());
  });

  it('are what the engine computes today', () => {
    expect(goldenHashes()).toEqual(pinned);
  });
});
