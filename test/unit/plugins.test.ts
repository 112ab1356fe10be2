/**
 * A protocol is a plug-in: its folder declares its knobs, how requests reach it and its fuzz
 * profile, and the generic layers read those declarations instead of naming it.
 */
import { describe, expect, it } from 'vitest';
import { checkKnobs, type KnobTable } from '../../src/protocols/config';
import { PROTOCOLS, PROTOCOL_NAMES } from '../../src/protocols/registry';
import { Rng } from '../../src/sim/rng';
import { drawSwitches, generateCase } from '../../src/scenario/fuzz';
import { validateScenario } from '../../src/scenario/schema';
import { PROTOCOL_VIEWS } from '../../src/ui/protocols';

const TABLE: KnobTable = {
  electionTimeout: { kind: 'range' },
  heartbeatInterval: { kind: 'ms' },
  batch: { kind: 'count' },
  preVote: { kind: 'boolean', fuzz: true },
  readMode: { kind: 'enum', values: ['log', 'read-index', 'lease'], fuzz: true },
  quiet: { kind: 'boolean' },
};

describe('knob tables', () => {
  it('accept a value of each kind and refuse a wrong one, naming the knob and the reason', () => {
    expect(checkKnobs({ electionTimeout: { min: 1, max: 2 }, heartbeatInterval: 5, batch: 3, preVote: true, readMode: 'lease' }, TABLE)).toBeNull();
    expect(checkKnobs({ preVote: 'yes' }, TABLE)).toEqual({ field: 'preVote', reason: { en: 'must be true or false', zh: '必须是 true 或 false' } });
    expect(checkKnobs({ readMode: 'fast' }, TABLE)?.reason.en).toBe('must be one of "log", "read-index", "lease"');
    expect(checkKnobs({ readMode: 'fast' }, TABLE)?.reason.zh).toBe('必须是 "log"、"read-index"、"lease" 之一');
    expect(checkKnobs({ batch: 0 }, TABLE)?.field).toBe('batch');
    expect(checkKnobs({ electionTimeout: { min: 5, max: 0 } }, TABLE)?.field).toBe('electionTimeout.max');
    expect(checkKnobs({ electionTimeout: { min: 5, max: 4 } }, TABLE)?.field).toBe('electionTimeout.min');
  });

  it('the fuzzer draws exactly the switches marked for it, each value over many seeds', () => {
    const seen = { preVote: new Set<unknown>(), readMode: new Set<unknown>() };
    for (let seed = 1; seed <= 60; seed++) {
      const drawn = drawSwitches(Rng.stream(seed, 'fuzz-knobs'), TABLE);
      expect(Object.keys(drawn).sort()).toEqual(['preVote', 'readMode']);
      expect(checkKnobs(drawn, TABLE)).toBeNull();
      seen.preVote.add(drawn.preVote);
      seen.readMode.add(drawn.readMode);
    }
    expect(seen.preVote).toEqual(new Set([true, false]));
    expect(seen.readMode).toEqual(new Set(['log', 'read-index', 'lease']));
  });
});

describe.each(PROTOCOL_NAMES)('the %s plug-in', (name) => {
  const plugin = PROTOCOLS[name];

  it('declares one knob per config key, and its defaults pass its own table', () => {
    expect(Object.keys(plugin.knobs).sort()).toEqual(Object.keys(plugin.defaultConfig).sort());
    expect(checkKnobs(plugin.defaultConfig, plugin.knobs)).toBeNull();
    expect(validateScenario({ version: 1, protocol: name, nodes: 3, seed: 1, config: plugin.defaultConfig }).config).toEqual(plugin.defaultConfig);
  });

  it('is registered under its own name, with a view that has a key, a badge text and run-until goals', () => {
    expect(plugin.name).toBe(name);
    const view = PROTOCOL_VIEWS[name];
    expect(view.legendKinds.length).toBeGreaterThan(0);
    expect(view.runUntil).toContain('violation');
    for (const key of Object.keys(view.knobLabels ?? {})) expect(Object.keys(plugin.knobs)).toContain(key.split('.')[0]);
  });

  it("is fuzzed with its own profile: probes go to the leader only where only a leader takes requests", () => {
    const c = generateCase(7, { protocol: name });
    const probes = c.scenario.events.filter((e) => e.type === 'request' && e.command.startsWith('probe-'));
    expect(probes.length).toBeGreaterThan(1);
    const toLeader = probes.every((e) => 'node' in e && e.node === 'leader');
    expect(toLeader).toBe(plugin.requests === 'leader');
    if (plugin.requests === 'proposer') {
      for (let seed = 1; seed <= 30; seed++) expect(generateCase(seed, { protocol: name }).scenario.workload).toBeUndefined();
    }
  });
});
