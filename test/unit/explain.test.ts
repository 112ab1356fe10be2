/**
 * A scripted event that cannot apply still gets a plain reason in the event log: who was meant,
 * and why nothing happened.
 */
import { describe, expect, it } from 'vitest';
import { explainRecord } from '../../src/protocols/explain';
import { createSimulation } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';
import type { ScenarioEvent } from '../../src/sim/types';
import { raftScenario } from './support/cluster';

function ignoredReasons(events: ScenarioEvent[], lang: 'en' | 'zh' = 'en'): string[] {
  const records: TraceRecord[] = [];
  const sim = createSimulation(raftScenario({ events }), { onTrace: (r) => records.push(r) });
  sim.runUntil(100);
  return records.filter((r) => r.data?.ignored).map((r) => explainRecord('raft', r, lang));
}

describe('events that do nothing say why', () => {
  it('a request to "leader" before any election', () => {
    expect(ignoredReasons([{ at: 1, type: 'request', node: 'leader', command: 'x' }]))
      .toEqual(['The "request" does nothing: no node believes it is the leader right now.']);
  });

  it('a crash of a down node, a restart of an up node, a request to a down node, a gone message', () => {
    expect(ignoredReasons([
      { at: 1, type: 'crash', node: 2 }, { at: 2, type: 'crash', node: 2 },
      { at: 3, type: 'restart', node: 3 },
      { at: 4, type: 'request', node: 2, command: 'x' },
      { at: 5, type: 'drop', message: 999 },
    ])).toEqual([
      'The "crash" does nothing: S2 is already down.',
      'The "restart" does nothing: S3 is already up.',
      'The "request" does nothing: S2 is down.',
      'The "drop" does nothing: that message is no longer on the wire.',
    ]);
  });

  it('in Chinese too', () => {
    expect(ignoredReasons([{ at: 1, type: 'request', node: 'leader', command: 'x' }], 'zh'))
      .toEqual(['"request" 没有效果：此刻没有节点认为自己是领导者。']);
  });
});
