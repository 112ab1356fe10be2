import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/scenario/run';
import type { NodeContext } from '../../src/sim/types';

/** The engine's own view of a node's timers, through the context a protocol gets. */
const contextOf = (sim: ReturnType<typeof createSimulation>, id: number): NodeContext =>
  (sim as unknown as { contexts: NodeContext[] }).contexts[id];

describe('engine timers', () => {
  it('a timer that fired is not armed until it is set again, and then fires again', () => {
    const sim = createSimulation({ version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [] });
    const ctx = contextOf(sim, 1);
    sim.runUntil(1);
    ctx.setTimer('probe', 5); // a name Raft ignores when it fires
    expect(sim.timerDeadline(1, 'probe')).toBe(6);
    sim.runUntil(6);
    expect(sim.timerDeadline(1, 'probe')).toBeNull();
    ctx.setTimer('probe', 3);
    expect(sim.timerDeadline(1, 'probe')).toBe(9);
    const before = sim.stats.events;
    sim.runUntil(9);
    expect(sim.timerDeadline(1, 'probe')).toBeNull();
    expect(sim.stats.events).toBeGreaterThan(before);
    // set later while armed: the deadline moves and it fires once, then
    ctx.setTimer('probe', 2);
    ctx.setTimer('probe', 4);
    expect(sim.timerDeadline(1, 'probe')).toBe(13);
    sim.runUntil(12);
    expect(sim.timerDeadline(1, 'probe')).toBe(13);
    sim.runUntil(13);
    expect(sim.timerDeadline(1, 'probe')).toBeNull();
  });
});
