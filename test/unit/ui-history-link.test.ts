/** The history view's link parameter (`&history=1`) and the lesson step field that opens it. */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/scenario/lessons';
import { pageFragment, viewParams } from '../../src/ui/url';
import type { Scenario } from '../../src/sim/types';

const SCENARIO: Scenario = { version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [] };

describe('the history view in links and lessons', () => {
  it('&history=1 opens it, is written back, and is left out when closed', () => {
    expect(viewParams('#s=x&history=1').history).toBe(true);
    expect(viewParams('#s=x&history=true').history).toBe(true);
    expect(viewParams('#s=x').history).toBeUndefined();
    const open = pageFragment(SCENARIO, { lang: null, lesson: null, embed: false, present: false, history: true }, 1200);
    expect(open).toMatch(/&history=1/);
    expect(viewParams(open).history).toBe(true);
    expect(pageFragment(SCENARIO, { lang: null, lesson: null, embed: false, present: false, history: false })).not.toMatch(/history/);
  });

  it('an embedded page may show it as a panel', () => {
    expect(viewParams('#s=x&embed=1&panels=cluster,history').panels).toEqual(['cluster', 'history']);
  });

  it('the stale-read lesson opens it at the step where the history stops being linearizable', () => {
    const lesson = LESSONS.find((l) => l.id === 'raft-stale-reads')!;
    expect(lesson.steps.map((s) => s.show ?? [])).toEqual([[], [], ['history'], [], []]);
  });
});
