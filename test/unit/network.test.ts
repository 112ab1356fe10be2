/**
 * The network model's per-link settings: a link event changes only the fields it names, and
 * `reset: true` returns a direction to the network's defaults (so later network-wide changes,
 * such as step-by-step mode holding messages, reach it again).
 */
import { describe, expect, it } from 'vitest';
import { NetworkState, DEFAULT_NETWORK } from '../../src/sim/network';
import { TraceHash } from '../../src/sim/hash';
import { buildReport, runScenario } from '../../src/scenario/run';
import { raftScenario } from './support/cluster';

describe('link overrides', () => {
  it('a latency change keeps the loss set earlier on the same direction', () => {
    const net = new NetworkState(DEFAULT_NETWORK);
    net.setLink(1, 2, { dropRate: 1 });
    net.setLink(1, 2, { latency: { min: 40, max: 40 } });
    expect(net.link(1, 2)).toEqual({ dropRate: 1, latency: { min: 40, max: 40 } });
    expect(net.link(2, 1)).toBeUndefined();
  });

  it('a cut link stays cut when a later event only slows it', () => {
    const slowed = raftScenario({ until: 3000, events: [
      { at: 0, type: 'link', from: 1, to: 2, dropRate: 1 },
      { at: 0, type: 'link', from: 1, to: 2, latency: { min: 40, max: 40 } },
    ] });
    const sim = runScenario(slowed);
    expect(sim.network.link(1, 2)).toEqual({ dropRate: 1, latency: { min: 40, max: 40 } });
    expect(sim.messagesInFlight().filter((m) => m.from === 1 && m.to === 2).every((m) => m.lost)).toBe(true);
  });

  it('reset returns a direction to the defaults, and later network changes reach it', () => {
    const scenario = raftScenario({ until: 2000, events: [
      { at: 0, type: 'link', from: 1, to: 2, dropRate: 1, latency: { min: 5, max: 5 } },
      { at: 100, type: 'link', from: 1, to: 2, reset: true },
      { at: 200, type: 'network', latency: { min: 70, max: 70 } },
    ] });
    const sim = runScenario(scenario);
    expect(sim.network.link(1, 2)).toBeUndefined();
    // every message sent after 200 ms on 1→2 now takes the network's 70 ms
    const late = sim.messagesInFlight().filter((m) => m.from === 1 && m.to === 2);
    for (const m of late) expect(m.deliverAt - m.sentAt).toBe(70_000);
  });
});

describe('the trace hash', () => {
  it('tells fractions apart (rates and latencies are part of the trace)', () => {
    const hashOf = (v: unknown) => { const h = new TraceHash(); h.value(v); return h.hex(); };
    const values = [0, 0.3, 0.6, 2, 2.5, 2.9, -0.5, 1e-9];
    expect(new Set(values.map((v) => hashOf({ dropRate: v }))).size).toBe(values.length);
  });

  it('two scenarios that differ only in a link loss rate hash differently', () => {
    const at = (rate: number) => raftScenario({ until: 50, events: [{ at: 10, type: 'link', from: 1, to: 2, dropRate: rate }] });
    expect(buildReport(runScenario(at(0.3))).traceHash).not.toBe(buildReport(runScenario(at(0.6))).traceHash);
  });
});
