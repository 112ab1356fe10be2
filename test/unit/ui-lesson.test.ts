/**
 * Guided lessons in the page's store, without React: Next, Back and deep links show the planned
 * moments (the same trace hash as the headless plan), a wait step plays until its condition
 * holds, the learner's own actions fork the run, and bad lesson links name their field.
 */
import { describe, expect, it } from 'vitest';
import { encodeLink, fragmentParams } from '../../src/scenario/link';
import { isWaitStep, lesson as lessonById, stepMoment, LESSONS } from '../../src/scenario/lessons';
import { runScenario } from '../../src/scenario/run';
import { addressFragment, storeFromLocation } from '../../src/ui/boot';
import * as act from '../../src/ui/state/actions';
import { closeLesson, openLesson } from '../../src/ui/state/lesson';
import { createAppStore, DEFAULT_SCENARIO } from '../../src/ui/state/store';
import { viewParams } from '../../src/ui/url';

const election = lessonById('raft-leader-election');
const firstWait = election.steps.findIndex(isWaitStep);

/** Play the way the page does (small steps of virtual time) until the lesson stops waiting. */
function playWhileWaiting(store: ReturnType<typeof createAppStore>, maxMs = 5000): void {
  for (let t = 0; t < maxMs && store.getState().lesson?.status === 'waiting'; t += 4) store.getState().advance(4);
}

describe('a lesson in the page', () => {
  it('opens at its first step on the planned scenario and moment', () => {
    const store = createAppStore();
    openLesson(store, election);
    const s = store.getState();
    expect(s.lesson).toMatchObject({ step: 0, status: 'showing' });
    expect(s.scenario).toBe(stepMoment(election, 0).scenario);
    expect(s.frame.traceHash).toBe(stepMoment(election, 0).traceHash);
  });

  it('walks forward through a wait step and back, each step on its planned trace hash', () => {
    const store = createAppStore();
    const session = openLesson(store, election);
    const seen: string[] = [];
    for (let i = 0; i < election.steps.length; i++) {
      const { lesson } = store.getState();
      expect(lesson!.step).toBe(i);
      if (lesson!.status === 'waiting') {
        expect(isWaitStep(election.steps[i])).toBe(true);
        // the wait starts where the step begins
        expect(store.getState().frame.timeMs).toBe(stepMoment(election, i).begin);
        session.actor.send({ type: 'NEXT' }); // Next does not skip a wait
        expect(store.getState().lesson!.status).toBe('waiting');
        playWhileWaiting(store);
      }
      expect(store.getState().lesson!.status).toBe('showing');
      // after the condition held, the page shows the step's own moment
      expect(store.getState().frame.timeMs).toBe(stepMoment(election, i).at);
      expect(store.getState().frame.traceHash).toBe(stepMoment(election, i).traceHash);
      seen.push(store.getState().frame.traceHash);
      session.actor.send({ type: 'NEXT' });
    }
    expect(store.getState().lesson!.status).toBe('finished');
    for (let i = election.steps.length - 1; i >= 0; i--) {
      session.actor.send({ type: 'BACK' });
      expect(store.getState().lesson!.step).toBe(i);
      expect(store.getState().frame.traceHash).toBe(seen[i]);
      // and it is the state the CLI computes for that scenario at that time
      expect(store.getState().frame.traceHash).toBe(runScenario(store.getState().scenario, store.getState().frame.timeMs).traceHash);
    }
    expect(firstWait).toBeGreaterThan(0);
  });

  it('lets the learner act inside a step; Next and Back return to the lesson', () => {
    const store = createAppStore();
    const session = openLesson(store, election, { step: 3 });
    const planned = stepMoment(election, 3);
    store.getState().act(act.crashLeader(store.getState().frame.sim));
    expect(store.getState().scenario).not.toBe(planned.scenario);
    expect(store.getState().frame.traceHash).not.toBe(planned.traceHash);
    expect(store.getState().lesson!.step).toBe(3);
    session.actor.send({ type: 'BACK' });
    expect(store.getState().frame.traceHash).toBe(stepMoment(election, 2).traceHash);
    session.actor.send({ type: 'GOTO', step: 3 });
    expect(store.getState().frame.traceHash).toBe(planned.traceHash);
  });

  it('a wait step met in the learner\'s own fork stays on that fork', () => {
    const store = createAppStore();
    const session = openLesson(store, election, { step: firstWait - 1 });
    session.actor.send({ type: 'NEXT' });
    expect(store.getState().lesson!.status).toBe('waiting');
    store.getState().act(act.timeoutNow(2)); // S2 stands for election at once
    const forked = store.getState().scenario;
    playWhileWaiting(store);
    expect(store.getState().lesson!.status).toBe('showing');
    expect(store.getState().scenario).toBe(forked);
    expect(store.getState().frame.sim.leader()).not.toBeNull();
  });

  it('closing the lesson keeps the run on screen', () => {
    const store = createAppStore();
    openLesson(store, election, { step: 4 });
    const hash = store.getState().frame.traceHash;
    closeLesson(store);
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().frame.traceHash).toBe(hash);
  });

  it.each(LESSONS.map((l) => [l.id]))('deep link #lesson=%s&step=last opens that step on its planned hash', (id) => {
    const lesson = lessonById(id);
    const n = lesson.steps.length;
    const store = storeFromLocation(`#lesson=${id}&step=${n}`, 'en');
    expect(store.getState().loadProblem).toBeNull();
    expect(store.getState().lesson).toMatchObject({ step: n - 1, status: 'showing' });
    expect(store.getState().frame.traceHash).toBe(stepMoment(lesson, n - 1).traceHash);
  });
});

describe('lesson and view parameters in links', () => {
  it('a lesson link with its own s= and t= opens that run, with the lesson at its step', () => {
    const planned = stepMoment(election, 4);
    const fork = { ...planned.scenario, events: [...planned.scenario.events, { at: planned.at + 1, type: 'crash' as const, node: 3 }] };
    const store = storeFromLocation(`${encodeLink(fork, planned.at + 50)}&lesson=${election.id}&step=5&lang=zh`, 'en');
    expect(store.getState().loadProblem).toBeNull();
    expect(store.getState().lesson).toMatchObject({ step: 4 });
    expect(store.getState().scenario).toEqual(fork);
    expect(store.getState().frame.traceHash).toBe(runScenario(fork, planned.at + 50).traceHash);
    expect(store.getState().view.lang).toBe('zh');
  });

  it.each([
    ['#lesson=no-such-lesson', 'lesson', /no lesson "no-such-lesson"/],
    ['#lesson=raft-leader-election&step=0', 'step', /step: must be a whole number from 1/],
    ['#lesson=raft-leader-election&step=99', 'step', /has steps 1 to 8, got 99/],
    ['#step=2', 'step', /needs a lesson/],
    [`${encodeLink({ ...DEFAULT_SCENARIO, nodes: 50 })}&lesson=raft-leader-election`, 'nodes', /nodes: at most 9/],
    ['#s=', 'link', /no scenario/],
    ['#s=&t=500', 'link', /no scenario/],
  ])('%s is refused naming %s, and the default scenario opens', (hash, field, message) => {
    const store = storeFromLocation(hash, 'en');
    expect(store.getState().loadProblem).toMatchObject({ field, source: 'link' });
    expect(store.getState().loadProblem!.detail.en).toMatch(message);
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().scenario).toEqual(DEFAULT_SCENARIO);
    expect(store.getState().frame.traceHash).toBe(runScenario(DEFAULT_SCENARIO, 0).traceHash);
  });

  it.each([
    ['-5'], ['soon'], ['0x10'], ['99999999'],
  ])('a bad moment t=%s keeps the run: it opens at the start and says why', (t) => {
    const scenario = { ...DEFAULT_SCENARIO, seed: 9, events: [{ at: 300, type: 'crash' as const, node: 2 }] };
    for (const hash of [`${encodeLink(scenario)}&t=${t}`, `#t=${t}&${encodeLink(scenario).slice(1)}&lang=zh`]) {
      const store = storeFromLocation(hash, 'en');
      expect(store.getState().scenario).toEqual(scenario);
      expect(store.getState().frame.timeMs).toBe(0);
      expect(store.getState().loadProblem).toMatchObject({ field: 't', source: 'moment' });
      expect(store.getState().loadProblem!.detail.en).toMatch(/^t: must be a number of virtual ms/);
      expect(store.getState().loadProblem!.detail.zh).toMatch(/^t: 必须是/);
    }
  });

  it.each([
    ['&lang=fr', 'lang', /lang: must be one of en, zh/],
    ['&lang=EN', 'lang', /lang: must be one of en, zh/],
    ['&step=2', 'step', /needs a lesson/],
    ['&lesson=', 'lesson', /no lesson ""/],
    ['&lesson=no-such-lesson&step=3', 'lesson', /no lesson "no-such-lesson"/],
  ])('a bad page parameter %s is left out: the link\'s run opens at its moment, and the alert names %s', (extra, field, message) => {
    const scenario = { ...DEFAULT_SCENARIO, seed: 11, events: [{ at: 200, type: 'crash' as const, node: 4 }] };
    const store = storeFromLocation(`${encodeLink(scenario, 800)}${extra}`, 'en');
    expect(store.getState().scenario).toEqual(scenario);
    expect(store.getState().frame.timeMs).toBe(800);
    expect(store.getState().frame.traceHash).toBe(runScenario(scenario, 800).traceHash);
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().loadProblem).toMatchObject({ field, source: 'param' });
    expect(store.getState().loadProblem!.detail.en).toMatch(message);
  });

  it('reads embed, present and lang', () => {
    expect(viewParams('#s=x&embed=1&present=1&lang=zh')).toEqual({ lang: 'zh', lesson: null, embed: true, present: true });
    expect(viewParams('#s=x')).toEqual({ lang: null, lesson: null, embed: false, present: false });
    const store = storeFromLocation(`${encodeLink(DEFAULT_SCENARIO)}&embed=1`, 'zh');
    expect(store.getState().view).toEqual({ lang: 'zh', embed: true, present: false });
    // presentation parameters alone open the default scenario that way, with no problem
    const plain = storeFromLocation('#lang=zh&present=1', 'en');
    expect(plain.getState().loadProblem).toBeNull();
    expect(plain.getState().view).toEqual({ lang: 'zh', embed: false, present: true });
    expect(plain.getState().scenario).toEqual(DEFAULT_SCENARIO);
    // but a moment with no scenario is a broken link
    expect(storeFromLocation('#t=5', 'en').getState().loadProblem).toMatchObject({ field: 'link' });
  });

  it('reads the panels an embedded page shows, keeps them in the address, and names a bad one', () => {
    expect(viewParams('#s=x&embed=1&panels=logs,cluster,speed').panels).toEqual(['cluster', 'logs', 'speed']);
    const store = storeFromLocation(`${encodeLink(DEFAULT_SCENARIO, 300)}&embed=1&panels=cluster,spacetime`, 'en');
    expect(store.getState().view.panels).toEqual(['cluster', 'spacetime']);
    expect(fragmentParams(addressFragment(store.getState())).panels).toBe('cluster,spacetime');
    expect(() => viewParams('#s=x&embed=1&panels=cluster,chart')).toThrow(/panels.*chart/);
    // a bad pick is left out: the run opens at its moment, and the problem names the field
    const bad = storeFromLocation(`${encodeLink(DEFAULT_SCENARIO, 300)}&embed=1&panels=chart`, 'en');
    expect(bad.getState().frame.timeMs).toBe(300);
    expect(bad.getState().loadProblem).toMatchObject({ field: 'panels', source: 'param' });
  });
});
