/**
 * What every lesson step's narration owes the run it is shown over, in both languages: a server
 * that crashes, restarts or takes over the lead while the step plays is named, so the text never
 * leaves the learner to guess which circle on the stage it means; and the English and the Chinese
 * name the same servers. Each step is replayed at its beginning and at its moment.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS, stepMoment, type Lesson } from '../../src/scenario/lessons';
import { createSimulation } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';

function stateAt(scenario: Scenario, ms: number) {
  const sim = createSimulation(scenario);
  sim.runUntil(ms);
  return sim;
}

const names = (text: string, node: number) => new RegExp(`\\bS${node}\\b`).test(text);
const named = (text: string) => [...new Set(text.match(/\bS\d\b/g) ?? [])].sort();

describe.each(LESSONS.map((l) => [l.id, l] as [string, Lesson]))('lesson %s: the narration names who changed', (_id, lesson) => {
  it('names, in English and Chinese, every server that goes down, comes back or takes over the lead during a step', () => {
    const missing: string[] = [];
    let shownBefore: ReturnType<typeof stateAt> | null = null;
    lesson.steps.forEach((step, i) => {
      const p = stepMoment(lesson, i);
      const switched = 'scenario' in step && step.scenario !== undefined;
      // a step that switches runs is compared with the moment shown before it, not its run's start
      const before = switched && shownBefore ? shownBefore : stateAt(p.scenario, p.begin);
      const now = stateAt(p.scenario, p.at);
      const expected = new Map<number, string>();
      if (!switched) {
        for (const id of now.nodeIds) {
          if (before.up[id] !== now.up[id]) expected.set(id, now.up[id] ? 'restarts' : 'crashes');
        }
      }
      const leader = now.leader();
      if (leader !== null && leader !== before.leader()) expected.set(leader, 'takes over the lead');
      for (const [id, what] of expected) {
        for (const lang of ['en', 'zh'] as const) {
          if (!names(step.narration[lang], id)) missing.push(`step ${i + 1} (${lang}): S${id} ${what} but is not named`);
        }
      }
      shownBefore = now;
    });
    expect(missing).toEqual([]);
  });

  it('names the same servers in English and in Chinese', () => {
    lesson.steps.forEach((step, i) => {
      expect(named(step.narration.zh), `step ${i + 1}`).toEqual(named(step.narration.en));
    });
  });
});
