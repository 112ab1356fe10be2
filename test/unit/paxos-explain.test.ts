/** Every message, note and timer of both Paxos cores has its own plain-language reason in both languages. */
import { describe, expect, it } from 'vitest';
import { explainRecord, LANGS } from '../../src/protocols/explain';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { TraceRecord } from '../../src/sim/trace';
import type { ProtocolName } from '../../src/protocols/registry';

function traceOf(input: Record<string, unknown>, until: number): TraceRecord[] {
  const trace: TraceRecord[] = [];
  runScenario(validateScenario({ version: 1, seed: 1, ...input }), until, { onTrace: (r) => trace.push(r) });
  return trace;
}

function expectExplained(protocol: ProtocolName, trace: TraceRecord[], kinds: string[]): void {
  const seen = new Set<string>();
  for (const r of trace) {
    if (r.kind !== 'note' && r.kind !== 'send' && r.kind !== 'timer') continue;
    seen.add(r.kind === 'send' ? r.msg!.type : r.what);
    for (const lang of LANGS) {
      const text = explainRecord(protocol, r, lang);
      expect(text, `${r.kind} ${r.what}`).not.toContain(`${r.what} {`); // the generic fallback
      expect(text, `${r.kind} ${r.what}`).not.toMatch(/undefined|NaN|\[object/);
      if (lang === 'zh') expect(text, `${r.kind} ${r.what}`).toMatch(/[\u4e00-\u9fff]/);
    }
  }
  for (const k of kinds) expect(seen, k).toContain(k);
}

describe('Paxos explanations', () => {
  it('Basic Paxos: duels, hijacking, and each teaching bug', () => {
    const trace = [
      ...traceOf({ protocol: 'paxos', nodes: 3, events: [
        { at: 0, type: 'partition', groups: [[1, 2], [3]] },
        { at: 1, type: 'request', node: 1, command: 'A' },
        { at: 300, type: 'heal' },
        { at: 400, type: 'request', node: 3, command: 'B' },
        { at: 900, type: 'request', node: 2, command: 'C' },
        { at: 950, type: 'timeout', node: 2 },
      ] }, 2000),
      ...traceOf({ protocol: 'paxos', nodes: 3, events: [
        { at: 0, type: 'partition', groups: [[1], [2, 3]] }, { at: 10, type: 'request', node: 1, command: 'alone' },
        { at: 1000, type: 'heal' },
      ] }, 8000),
      ...traceOf({ protocol: 'paxos', nodes: 5, events: [
        { at: 10, type: 'request', node: 1, command: 'A' }, { at: 10, type: 'request', node: 2, command: 'B' },
      ] }, 5000),
      ...traceOf({ protocol: 'paxos', nodes: 3, bugs: ['ignore-accepted-value', 'accept-below-promise'], events: [
        { at: 0, type: 'partition', groups: [[1, 2], [3]] },
        { at: 1, type: 'request', node: 1, command: 'A' },
        { at: 300, type: 'heal' },
        { at: 400, type: 'request', node: 3, command: 'B' },
        { at: 400, type: 'request', node: 2, command: 'C' },
      ] }, 3000),
    ];
    expectExplained('paxos', trace, ['Prepare', 'Promise', 'Accept', 'Accepted', 'Nack', 'retry', 'propose', 'prepare',
      'promise', 'phase2', 'accept', 'reject', 'preempted', 'learned', 'proposer-done', 'already-decided', 'timeout-ignored']);
  });

  it('Multi-Paxos: election, forwarding, catch-up and failover', () => {
    const trace = [
      ...traceOf({ protocol: 'multi-paxos', nodes: 3, events: [
        { at: 1, type: 'request', node: 1, command: 'early' },
        { at: 400, type: 'crash', node: 3 },
        ...[1, 2, 3].map((n, i) => ({ at: 600 + i, type: 'request', node: n, command: `c${n}` })),
        { at: 650, type: 'timeout', node: 'leader' },
        { at: 900, type: 'restart', node: 3 },
        { at: 1200, type: 'crash', node: 'leader' },
        { at: 1800, type: 'request', node: 'leader', command: 'after' },
      ], config: { maxCatchup: 1 }, network: { duplicateRate: 0.3 } }, 3000),
      ...traceOf({ protocol: 'multi-paxos', nodes: 5, workload: { clients: 2, keys: 1, interval: { min: 5, max: 10 }, from: 200, to: 900 },
        events: [{ at: 500, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 1500, type: 'heal' }] }, 2500),
    ];
    expectExplained('multi-paxos', trace, ['Prepare', 'Promise', 'Accept', 'Accepted', 'Heartbeat', 'HeartbeatReply',
      'Catchup', 'Forward', 'Nack', 'election', 'heartbeat', 'prepare', 'promise', 'leader', 'follow', 'propose', 'chosen',
      'caught-up', 'forward', 'request-rejected', 'timeout-ignored', 'follower']);
  });
});
