/**
 * Guided lessons: every step is reachable by replaying its scenario, each wait is reached within
 * its budget, Back and Go-to land on the exact state shown before, and every text exists in
 * English and Chinese. The progress machine is driven with xstate's pure transition functions.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
  LESSONS, LessonError, createLessonMachine, isWaitStep, lesson as lessonById, planLesson, replayStep, stepMoment,
  type Lesson, type LessonEvent,
} from '../../src/scenario/lessons';
import { committedAtLeast, leaderExists, valueChosen } from '../../src/scenario/lessons/conditions';
import { createSimulation } from '../../src/scenario/run';
import { PROTOCOL_NAMES } from '../../src/protocols/registry';

/** The run a step switches to, if it does (StepAt.scenario). */
const switches = (step: Lesson['steps'][number]) => ('scenario' in step ? step.scenario : undefined);

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** The state at `ms` of a scenario, replayed from scratch. */
function stateAt(scenario: Parameters<typeof createSimulation>[0], ms: number) {
  const sim = createSimulation(scenario);
  sim.runUntil(ms);
  return sim;
}

describe('the lessons as a whole', () => {
  it('offers at least six lessons with unique kebab-case ids, over every protocol', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(LESSONS.map((l) => l.protocol))).toEqual(new Set(PROTOCOL_NAMES));
    for (const topic of ['raft-leader-election', 'raft-log-replication', 'raft-partitions-and-safety', 'raft-figure-8', 'basic-paxos', 'multi-paxos']) {
      expect(lessonById(topic).id).toBe(topic);
    }
    expect(() => lessonById('no-such-lesson')).toThrow(/no-such-lesson/);
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as [string, Lesson]))('lesson %s', (_id, lesson) => {
  it('has its title, every narration and every wait label in English and Chinese', () => {
    const texts = [lesson.title, ...lesson.steps.map((s) => s.narration), ...lesson.steps.filter(isWaitStep).map((s) => s.waitFor.label)];
    for (const t of texts) {
      expect(t.en.trim().length).toBeGreaterThan(0);
      expect(t.zh.trim().length).toBeGreaterThan(0);
      expect(hasChinese(t.zh)).toBe(true);
      expect(hasChinese(t.en)).toBe(false);
    }
    expect(lesson.steps.length).toBeGreaterThanOrEqual(5);
  });

  it('plans every step: waits are reached within budget, moments never go back, the run stays safe', () => {
    const plan = planLesson(lesson);
    expect(plan).toHaveLength(lesson.steps.length);
    plan.forEach((p, i) => {
      expect(p.index).toBe(i);
      const step = lesson.steps[i];
      const switched = switches(step);
      expect(p.begin).toBe(i === 0 || switched ? 0 : plan[i - 1].at);
      expect(p.at).toBeGreaterThanOrEqual(p.begin);
      if (isWaitStep(step)) expect(p.at).toBeLessThanOrEqual(p.begin + step.waitFor.budget);
      // a step's scenario is the previous one (or the run it switches to) plus this step's actions, and nothing else
      const before = switched ? switched.events.length : i === 0 ? lesson.scenario.events.length : plan[i - 1].scenario.events.length;
      expect(p.scenario.events.length).toBe(before + (step.actions?.length ?? 0));
    });
    const last = stateAt(plan[plan.length - 1].scenario, plan[plan.length - 1].at);
    expect(last.violations).toEqual([]);
  });

  it('waits for something real: each condition is false when its step begins and true at its moment', () => {
    lesson.steps.forEach((step, i) => {
      if (!isWaitStep(step)) return;
      const p = stepMoment(lesson, i);
      expect(step.waitFor.condition(stateAt(p.scenario, p.begin)), `step ${i + 1} at its beginning`).toBe(false);
      expect(step.waitFor.condition(stateAt(p.scenario, p.at)), `step ${i + 1} at its moment`).toBe(true);
    });
  });

  it('replays every step from scratch to the planned trace hash, and later actions never change the past', () => {
    const plan = planLesson(lesson);
    for (const p of plan) {
      expect(replayStep(lesson, p.index).traceHash).toBe(p.traceHash);
      // under the last scenario of the same run (every action added), the earlier moment is the same state
      let last = p.index;
      while (last + 1 < plan.length && !switches(lesson.steps[last + 1])) last++;
      expect(stateAt(plan[last].scenario, p.at).traceHash).toBe(p.traceHash);
    }
  });

  it('walks forward to the end with NEXT and CONDITION_MET, then BACK to the start on the same states', () => {
    const machine = createLessonMachine(lesson);
    let [snapshot] = initialTransition(machine);
    const send = (event: LessonEvent) => { [snapshot] = transition(machine, snapshot, event); };
    expect(snapshot.context).toEqual({ lessonId: lesson.id, step: 0 });

    const seen: string[] = [];
    for (let guard = 0; guard < 3 * lesson.steps.length && !snapshot.matches('finished'); guard++) {
      const { step } = snapshot.context;
      const planned = stepMoment(lesson, step);
      if (snapshot.matches('waiting')) {
        const wait = lesson.steps[step];
        if (!isWaitStep(wait)) throw new Error(`step ${step + 1} is not a wait step but the machine waits`);
        // NEXT does not skip a wait; the condition must hold at the planned moment
        send({ type: 'NEXT' });
        expect(snapshot.matches('waiting')).toBe(true);
        expect(wait.waitFor.condition(replayStep(lesson, step))).toBe(true);
        send({ type: 'CONDITION_MET' });
      }
      expect(snapshot.matches('showing')).toBe(true);
      seen[step] = `${planned.at}|${replayStep(lesson, step).traceHash}`;
      send({ type: 'NEXT' });
    }
    expect(snapshot.matches('finished')).toBe(true);
    expect(seen.filter(Boolean)).toHaveLength(lesson.steps.length);

    send({ type: 'BACK' });
    expect(snapshot.matches('showing')).toBe(true);
    for (let step = lesson.steps.length - 1; step >= 0; step--) {
      expect(snapshot.context.step).toBe(step);
      const planned = stepMoment(lesson, step);
      expect(`${planned.at}|${replayStep(lesson, step).traceHash}`).toBe(seen[step]);
      send({ type: 'BACK' });
    }
    // BACK at the first step stays there
    expect(snapshot.context.step).toBe(0);
    expect(snapshot.matches('showing')).toBe(true);
  });

  it('jumps to any step with GOTO, lands in showing, and ignores steps outside the lesson', () => {
    const machine = createLessonMachine(lesson);
    let [snapshot] = initialTransition(machine);
    const send = (event: LessonEvent) => { [snapshot] = transition(machine, snapshot, event); };
    const last = lesson.steps.length - 1;
    for (const target of [last, 0, Math.floor(last / 2)]) {
      send({ type: 'GOTO', step: target });
      expect(snapshot.context.step).toBe(target);
      expect(snapshot.matches('showing')).toBe(true);
    }
    const before = snapshot.context.step;
    for (const bad of [-1, last + 1, 1.5, Number.NaN]) {
      send({ type: 'GOTO', step: bad });
      expect(snapshot.context.step).toBe(before);
    }
    send({ type: 'GOTO', step: last });
    send({ type: 'NEXT' });
    expect(snapshot.matches('finished')).toBe(true);
    send({ type: 'GOTO', step: 1 });
    expect(snapshot.matches('showing')).toBe(true);
    expect(snapshot.context.step).toBe(1);
  });
});

describe('the lesson planner refuses what cannot be shown', () => {
  const base: Lesson = {
    id: 'test-lesson', protocol: 'raft', title: { en: 'Test', zh: '测试' },
    scenario: { version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [] },
    steps: [{ at: 10, narration: { en: 'one', zh: '一' } }],
  };

  it('names the lesson and the step when a condition is not reached within its budget', () => {
    const partitioned: Lesson = {
      ...base,
      steps: [
        { at: 10, narration: { en: 'one', zh: '一' }, actions: [{ type: 'partition', groups: [[1], [2], [3]] }] },
        { waitFor: { condition: leaderExists, label: { en: 'a leader', zh: '领导者' }, budget: 2000 }, narration: { en: 'two', zh: '二' } },
      ],
    };
    expect(() => planLesson(partitioned)).toThrow(LessonError);
    expect(() => planLesson(partitioned)).toThrow(/test-lesson.*step 2.*a leader.*2000 ms/);
  });

  it('refuses a step placed before the previous one', () => {
    const backwards: Lesson = { ...base, steps: [{ at: 100, narration: { en: 'a', zh: '甲' } }, { at: 50, narration: { en: 'b', zh: '乙' } }] };
    expect(() => planLesson(backwards)).toThrow(/step 2: at puts the step at 50 ms, before the step begins \(100 ms\)/);
  });

  it('refuses an action that is not a valid scenario event, naming the field', () => {
    const badNode: Lesson = { ...base, steps: [{ after: 10, narration: { en: 'a', zh: '甲' }, actions: [{ type: 'crash', node: 7 }] }] };
    expect(() => planLesson(badNode)).toThrow(/node 7 does not exist/);
  });

  it('refuses a step index outside the lesson', () => {
    expect(() => stepMoment(base, 1)).toThrow(/step must be a whole number from 0 to 0, got 1/);
  });

  it('places actions 1 µs after the previous moment', () => {
    const withAction: Lesson = {
      ...base,
      steps: [
        { at: 500, narration: { en: 'a', zh: '甲' } },
        { after: 10, narration: { en: 'b', zh: '乙' }, actions: [{ type: 'crash', node: 'leader' }] },
      ],
    };
    const plan = planLesson(withAction);
    expect(plan[1].scenario.events).toEqual([{ at: 500.001, type: 'crash', node: 'leader' }]);
    expect(plan[1].at).toBe(510);
    const sim = stateAt(plan[1].scenario, 510);
    expect(sim.nodeIds.filter((id) => !sim.up[id])).toHaveLength(1);
  });
});

describe('conditions read only the run', () => {
  it('are false at the start of a run and do not change it', () => {
    const sim = createSimulation({ version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [{ at: 400, type: 'request', node: 'leader', command: 'x' }] });
    const hash = sim.traceHash;
    expect(leaderExists(sim)).toBe(false);
    expect(committedAtLeast(1)(sim)).toBe(false);
    expect(valueChosen(sim)).toBe(false);
    expect(sim.traceHash).toBe(hash);
    sim.runUntil(1000);
    expect(leaderExists(sim)).toBe(true);
    expect(committedAtLeast(1)(sim)).toBe(true);
    expect(committedAtLeast(2)(sim)).toBe(false);
  });
});

describe('the moment a step shows', () => {
  it('holds no event later than the moment itself, whatever stale timers sit in the queue', () => {
    // a stale queue head (a pushed-back election timer) must not let runUntil run one event too far
    let latest = 0;
    const sim = createSimulation({ version: 1, protocol: 'raft', nodes: 5, seed: 5, events: [{ at: 50, type: 'timeout', node: 1 }] },
      { onTrace: (r) => { latest = Math.max(latest, r.time); } });
    for (let until = 0.25; until <= 1500; until += 0.25) {
      sim.runUntil(until);
      expect(latest).toBeLessThanOrEqual(until);
      expect(sim.timeMs).toBe(until);
    }
  });
});
