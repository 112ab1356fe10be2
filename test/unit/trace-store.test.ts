/**
 * The Timeline's compact trace (columns plus records rebuilt by replay from checkpoints) gives
 * back exactly the records a plain trace sink receives, however it is read: record by record in
 * any order, in stretches, by the searches the page runs, and after a fork.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../src/protocols/registry';
import { libraryEntry } from '../../src/scenario/library';
import { createSimulation } from '../../src/scenario/run';
import { Rng } from '../../src/sim/rng';
import { Timeline } from '../../src/sim/timeline';
import type { TraceRecord } from '../../src/sim/trace';
import type { Scenario } from '../../src/sim/types';
import { raftScenario } from './support/cluster';

/** Drops, duplicates, faults, a workload, and scripted events that do nothing (logged at their own moment). */
const scenario = raftScenario({
  nodes: 5, seed: 21, until: 4000,
  network: { latency: { min: 5, max: 50 }, dropRate: 0.05, duplicateRate: 0.05 },
  events: [
    { at: 0.0005, type: 'request', node: 'leader', command: 'nobody leads yet' },
    { at: 400, type: 'request', node: 'leader', command: 'a' },
    { at: 1200, type: 'crash', node: 2 },
    { at: 1300.0007, type: 'crash', node: 2 },
    { at: 1300.0007, type: 'deliver', message: 999_999 },
    { at: 1800, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 2400, type: 'request', node: 'leader', command: 'b' },
    { at: 3000, type: 'heal' },
    { at: 3000, type: 'restart', node: 2 },
    { at: 3000.5, type: 'restart', node: 2 },
  ],
  workload: { clients: 2, keys: 2, interval: { min: 40, max: 120 }, readRatio: 0.5, from: 0, to: 3500 },
});

/** The records a plain sink receives from a fresh run of `events` events. */
function plainTrace(s: Scenario, events: number): TraceRecord[] {
  const records: TraceRecord[] = [];
  createSimulation(s, { onTrace: (r) => { records.push(r); } }).runEvents(events);
  return records;
}

/** Every way the page reads the trace, against the plain records. */
function expectSameAs(timeline: Timeline, plain: TraceRecord[]): void {
  const trace = timeline.trace;
  expect(trace.length).toBe(plain.length);
  // whole records, in an order that rebuilds stretches long since dropped from the cache
  const order = plain.map((_, i) => i);
  const rng = Rng.stream(5, 'read-order');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const i of order.slice(0, 400)) expect(trace.at(i), `record ${i}`).toEqual(plain[i]);
  expect(trace.slice(0, trace.length)).toEqual(plain);
  expect(trace.slice(17, 1234)).toEqual(plain.slice(17, 1234));
  // the columns
  plain.forEach((r, i) => {
    expect([trace.event(i), trace.time(i), trace.kind(i), trace.ignored(i)], `record ${i}`)
      .toEqual([r.event, r.time, r.kind, r.data?.ignored === true]);
    for (const node of [1, 3]) {
      expect(trace.involves(i, node)).toBe(r.node === node || r.msg?.from === node || r.msg?.to === node);
    }
  });
  // the searches
  const lastEvent = plain[plain.length - 1].event;
  for (let events = 0; events <= lastEvent + 1; events += 7) {
    expect(trace.countUpToEvent(events), `after ${events} events`).toBe(plain.filter((r) => r.event <= events).length);
  }
  for (const ms of [0, 0.0005, 0.001, 400, 1300.0007, 1300.0008, 2999.999, 3000, 3000.5, 3999, 5000]) {
    const first = plain.findIndex((r) => r.time >= ms);
    expect(trace.firstAtTime(ms), `at ${ms} ms`).toBe(first < 0 ? plain.length : first);
  }
  const sends = plain.filter((r) => r.kind === 'send');
  for (const id of [1, 2, 500, sends.length - 1, sends.length, sends.length + 1]) {
    expect(trace.sendOf(id), `message ${id}`).toEqual(sends.find((r) => r.msg!.id === id) ?? null);
  }
}

describe('the compact trace', () => {
  it('gives back the records of a plain trace sink, whole and by column', () => {
    const timeline = new Timeline(scenario, PROTOCOLS.raft, { checkpointEvery: 20, traceCache: 300 });
    timeline.extendToTime(scenario.until!);
    expect(timeline.checkpointCount).toBeGreaterThan(10);
    const plain = plainTrace(scenario, timeline.events);
    // the run must hold what the columns encode specially
    expect(plain.filter((r) => r.data?.ignored).length).toBeGreaterThanOrEqual(4);
    expect(plain.some((r) => r.msg?.duplicate)).toBe(true);
    // a seek keeps the records its replay wrote: the ones just before the moment reached
    for (const events of [333, 90, 1100, 334]) {
      const end = timeline.trace.countUpToEvent(timeline.stateAtEvent(events).stats.events);
      for (let i = Math.max(0, end - 60); i < end; i++) expect(timeline.trace.at(i), `record ${i}`).toEqual(plain[i]);
    }
    timeline.stateAtTime(1300.0007);
    expect(timeline.trace.at(timeline.trace.firstAtTime(1300.0007) - 1)).toEqual(plain[plain.findIndex((r) => r.time >= 1300.0007) - 1]);
    expectSameAs(timeline, plain);
  });

  it('after forks, holds the records of a fresh run of the forked scenario', () => {
    const timeline = new Timeline(scenario, PROTOCOLS.raft, { checkpointEvery: 20, traceCache: 300 });
    timeline.extendToTime(scenario.until!);
    const before = timeline.trace.version;
    timeline.fork(300, { type: 'crash', node: 'leader' });
    const forked = timeline.fork(700, { type: 'partition', groups: [[1], [2, 3, 4, 5]] });
    expect(timeline.trace.version).toBe(before + 2);
    timeline.extendToTime(scenario.until!);
    expectSameAs(timeline, plainTrace(forked, timeline.events));
  });

  it('keeps violation records with their texts in both languages', () => {
    const entry = libraryEntry('paxos-value-hijacking-ignore-accepted-value-bug');
    const s = { ...entry.scenario, until: entry.scenario.until ?? 3000 };
    const timeline = new Timeline(s, PROTOCOLS[s.protocol], { checkpointEvery: 20, traceCache: 50 });
    timeline.extendToTime(s.until);
    const plain = plainTrace(s, timeline.events);
    expect(plain.some((r) => r.kind === 'violation' && r.data?.detailZh)).toBe(true);
    expectSameAs(timeline, plain);
  });
});
