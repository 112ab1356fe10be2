/**
 * Scenario validation (CONTRACT §1): a valid scenario round-trips unchanged; anything invalid is
 * rejected before it runs, with a message of the form "<field>: <reason>" and the field set.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, ScenarioError, parseScenarioText, scenarioWarnings, unknownFields, validateScenario } from '../../src/scenario/schema';

const base = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] as unknown[] };
const HAN = /\p{Script=Han}/u;
/** The numbers and quoted names in a reason, which a translation keeps. */
const quoted = (text: string): string[] => (text.match(/\d+|"[^"]*"/g) ?? []).sort();

/** The ScenarioError thrown for an input (fails the test if none is). */
function rejection(input: unknown): ScenarioError {
  try {
    validateScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error(`accepted: ${JSON.stringify(input).slice(0, 200)}`);
}

/** `{ a: { a: … 1 } }` with `levels` objects, built from the inside out (JSON.parse builds such values without recursing). */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

const full = {
  version: 1, protocol: 'raft', nodes: 5, seed: 4294967295, until: 8000,
  network: { latency: { min: 5, max: 40 }, dropRate: 0.1, duplicateRate: 0.05 },
  config: { electionTimeout: { min: 150, max: 300 }, heartbeatInterval: 50, maxEntriesPerAppend: 8 },
  bugs: ['vote-without-log-check'],
  events: [
    { at: 1000, type: 'crash', node: 2 }, { at: 2500, type: 'restart', node: 2 },
    { at: 3000, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 6000, type: 'heal' },
    { at: 500, type: 'request', node: 'leader', command: 'x=1' }, { at: 700, type: 'timeout', node: 4 },
    { at: 800, type: 'link', from: 1, to: 2, dropRate: 1 }, { at: 900, type: 'network', latency: { min: 50, max: 200 } },
    { at: 950, type: 'drop', message: 17 }, { at: 960, type: 'deliver', message: 18 },
  ],
  workload: { clients: 3, keys: 2, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 8000 },
  meta: { title: 'Everything', description: 'Every field of CONTRACT §1' },
};

describe('valid scenarios', () => {
  it('round-trip unchanged through JSON and validation, every field and event type included', () => {
    const once = validateScenario(JSON.parse(JSON.stringify(full)));
    expect(once).toEqual(full);
    expect(validateScenario(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it('fill the documented defaults and accept the limits themselves', () => {
    expect(validateScenario({ version: 1, protocol: 'paxos', nodes: 1, seed: 0 }).events).toEqual([]);
    expect(validateScenario({ ...base, nodes: LIMITS.maxNodes }).nodes).toBe(9);
    expect(validateScenario({ ...base, events: [{ at: LIMITS.maxTime, type: 'heal' }] }).events).toHaveLength(1);
    const wl = validateScenario({ ...base, workload: {} }).workload!;
    expect(wl).toEqual({ clients: 1, keys: 1, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: LIMITS.maxTime });
    expect(validateScenario({ ...base, until: 0 }).until).toBe(0);
    const many = Array.from({ length: LIMITS.maxEvents }, (_, i) => ({ at: i, type: 'heal' }));
    expect(validateScenario({ ...base, events: many }).events).toHaveLength(LIMITS.maxEvents);
  });
});

describe('invalid scenarios name the field and the reason', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', [1, 2], '(scenario)', /must be a JSON object/],
    ['a future version', { ...base, version: 2 }, 'version', /version: 2 is newer than this app supports \(1\)/],
    ['version 0', { ...base, version: 0 }, 'version', /version: must be 1/],
    ['no version', { protocol: 'raft', nodes: 5, seed: 1 }, 'version', /version: must be 1/],
    ['an unknown protocol', { ...base, protocol: 'pbft' }, 'protocol', /protocol: must be one of "raft", "paxos", "multi-paxos", "zab"/],
    ['50 nodes', { ...base, nodes: 50 }, 'nodes', /nodes: at most 9 nodes are supported/],
    ['0 nodes', { ...base, nodes: 0 }, 'nodes', /nodes: a cluster needs at least 1 node/],
    ['2.5 nodes', { ...base, nodes: 2.5 }, 'nodes', /nodes: must be a whole number/],
    ['a negative seed', { ...base, seed: -1 }, 'seed', /seed: must not be negative/],
    ['a seed over 32 bits', { ...base, seed: 2 ** 32 }, 'seed', /seed: must fit in 32 bits/],
    ['a negative until', { ...base, until: -1 }, 'until', /until: must not be negative/],
    ['a drop rate over 1', { ...base, network: { dropRate: 1.5 } }, 'network.dropRate', /must be between 0 and 1/],
    ['latency min over max', { ...base, network: { latency: { min: 50, max: 10 } } }, 'network.latency.min', /min must not exceed max/],
    ['an unknown config knob', { ...base, config: { snapshotEvery: 5 } }, 'config.snapshotEvery', /unknown setting \(known: electionTimeout, heartbeatInterval, maxEntriesPerAppend, preVote, checkQuorum, readMode\b/],
    ['a switch that is not a boolean', { ...base, config: { preVote: 'yes' } }, 'config.preVote', /must be true or false/],
    ['an unknown read mode', { ...base, config: { readMode: 'quorum' } }, 'config.readMode', /must be one of "log", "read-index", "lease"/],
    ['a transfer to a node that does not exist', { ...base, events: [{ at: 1, type: 'transfer', to: 9 }] }, 'events[0].to', /node 9 does not exist/],
    ['a transfer in a protocol without leaders to hand over', { ...base, protocol: 'paxos', config: {}, events: [{ at: 1, type: 'transfer', to: 2 }] }, 'events[0].type', /"transfer" is not an event of paxos/],
    ['a zero election timeout', { ...base, config: { electionTimeout: { min: 0, max: 10 } } }, 'config.electionTimeout.min', /must be a number of ms from 1 to 3600000/],
    ['a heartbeat below a millisecond (the run would never advance)', { ...base, config: { heartbeatInterval: 0.0001 } }, 'config.heartbeatInterval', /must be a number of ms from 1 to 3600000/],
    ['an absurdly long election timeout', { ...base, config: { electionTimeout: { min: 10, max: 1e308 } } }, 'config.electionTimeout.max', /from 1 to 3600000/],
    ['a Paxos retry below a millisecond', { ...base, protocol: 'paxos', config: { retryTimeout: { min: 0.0001, max: 0.0001 } } }, 'config.retryTimeout.min', /from 1 to 3600000/],
    ['a workload with no think time', { ...base, workload: { clients: 1, interval: { min: 0, max: 0 } } }, 'workload.interval.min', /must be at least 1 ms/],
    ['a latency over the limit', { ...base, events: [{ at: 1, type: 'link', from: 1, to: 2, latency: { min: 1, max: 100_000 } }] }, 'events[0].latency.max', /must be at most 60000 ms/],
    ['meta that is not an object', { ...base, meta: 'x' }, 'meta', /must be an object/],
    ['meta nested 5,000 levels deep (JSON.stringify would overflow the stack)', { ...base, meta: nested(5000) }, 'meta', /^meta: nested more than 16 levels deep$/],
    ['meta nested 17 levels deep', { ...base, meta: nested(17) }, 'meta', /^meta: nested more than 16 levels deep$/],
    ['a config knob carrying a deep value', { ...base, config: { electionTimeout: { min: 150, max: 300, note: nested(5000) } } }, 'config', /^config: nested more than 16 levels deep$/],
    ['an unknown bug', { ...base, bugs: ['skip-fsync'] }, 'bugs[0]', /unknown bug "skip-fsync" for raft \(known: commit-previous-term/],
    ['a workload ending before it starts', { ...base, workload: { clients: 1, from: 500, to: 100 } }, 'workload.from', /must not be after workload\.to/],
    ['a negative time', { ...base, events: [{ at: -5, type: 'heal' }] }, 'events[0].at', /events\[0\]\.at: must not be negative/],
    ['a time that is not a number', { ...base, events: [{ at: 'soon', type: 'heal' }] }, 'events[0].at', /must be a number of virtual milliseconds/],
    ['a time past the limit', { ...base, events: [{ at: 1e9, type: 'heal' }] }, 'events[0].at', /must be at most 3600000 ms/],
    ['an unknown event type', { ...base, events: [{ at: 5, type: 'explode' }] }, 'events[0].type', /unknown event type \(expected crash, restart/],
    ['node 7 of 5', { ...base, events: [{ at: 1, type: 'heal' }, { at: 5, type: 'crash', node: 7 }] }, 'events[1].node', /node 7 does not exist \(the cluster has 5 nodes\)/],
    ['a node that is a name', { ...base, events: [{ at: 1, type: 'crash', node: 'boss' }] }, 'events[0].node', /must be a node number or "leader"/],
    ['a link from node 9 of 5', { ...base, events: [{ at: 1, type: 'link', from: 9, to: 1, dropRate: 1 }] }, 'events[0].from', /node 9 does not exist/],
    ['a node in two groups', { ...base, events: [{ at: 1, type: 'partition', groups: [[1, 2], [2, 3]] }] }, 'events[0].groups[1][0]', /node 2 is in more than one group/],
    ['a command too long', { ...base, events: [{ at: 1, type: 'request', node: 1, command: 'x'.repeat(201) }] }, 'events[0].command', /must be at most 200 characters/],
    ['message id 0', { ...base, events: [{ at: 1, type: 'drop', message: 0 }] }, 'events[0].message', /message ids start at 1/],
    ['events that are not a list', { ...base, events: {} }, 'events', /must be a list of events/],
  ];
  for (const [what, input, field, message] of cases) {
    it(what, () => {
      const e = rejection(input);
      expect(e.field).toBe(field);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
      expect(e.message).toMatch(message);
      // the page says the same reason in Chinese: not the English text, with the same numbers and names
      expect(e.detail('zh').startsWith(`${field}: `)).toBe(true);
      expect(e.reason.zh).toMatch(HAN);
      expect(e.reason.zh).not.toBe(e.reason.en);
      expect(quoted(e.reason.zh)).toEqual(quoted(e.reason.en));
    });
  }

  it('a million events is rejected quickly, without running anything', () => {
    const events = Array.from({ length: 1_000_000 }, (_, i) => ({ at: i % 1000, type: 'heal' }));
    const text = JSON.stringify({ ...base, events });
    expect(() => parseScenarioText(text)).toThrow(/^events: at most 10000 events are supported$/);
  });

  it('meta nested 16 levels deep is still a valid scenario', () => {
    const meta = nested(16) as Record<string, unknown>;
    expect(validateScenario({ ...base, meta }).meta).toEqual(meta);
  });

  it('a file that starts with a byte-order mark (as some editors save it) is read', () => {
    expect(parseScenarioText(`\uFEFF${JSON.stringify(base)}`)).toMatchObject({ protocol: 'raft', nodes: 5 });
  });

  it('malformed JSON text is rejected as such', () => {
    expect(() => parseScenarioText('{"version":1,')).toThrow(/^\(scenario\): not valid JSON \(/);
    expect(() => parseScenarioText('')).toThrow(ScenarioError);
    const thrown = (() => { try { parseScenarioText('{'); } catch (e) { return e as ScenarioError; } return null; })();
    expect(thrown?.reason.zh).toMatch(/^不是有效的 JSON（/);
  });
});

describe('fields this version does not know', () => {
  it('are ignored (a later version may add optional fields) and listed, so a typo is seen', () => {
    const input = { ...base, evnets: [{ at: 1, type: 'heal' }], comment: 'hi' };
    expect(validateScenario(input)).not.toHaveProperty('evnets');
    expect(unknownFields(input)).toEqual(['evnets', 'comment']);
    expect(unknownFields(base)).toEqual([]);
  });

  it('are found inside network, workload and each event too, named by their path', () => {
    const input = {
      ...base,
      network: { dropRte: 0.1, latency: { min: 1, max: 2, avg: 3 } },
      workload: { clients: 2, readRatoi: 0.3, interval: { min: 1, max: 2 } },
      events: [{ at: 5, type: 'crash', node: 1, nod: 2 }, { at: 6, type: 'link', from: 1, to: 2, latency: { min: 1, max: 2, mx: 2 } }],
      // free-form by design: config keys are checked by the protocol, meta is the author's
      config: { electionTimeout: { min: 100, max: 200 } }, meta: { note: 'hi' },
    };
    expect(validateScenario(input).network).toEqual({ latency: { min: 1, max: 2 } });
    expect(unknownFields(input).sort()).toEqual(['events[0].nod', 'events[1].latency.mx', 'network.dropRte', 'network.latency.avg', 'workload.readRatoi']);
    // each event is read against its own type: "node" belongs to a crash, not to a heal
    expect(unknownFields({ ...base, events: [{ at: 1, type: 'heal', node: 1 }, { at: 2, type: 'crash', node: 1 }] })).toEqual(['events[0].node']);
    expect(scenarioWarnings({ ...base, network: { dropRte: 0.1 } })).toEqual(['network.dropRte: unknown field, ignored']);
  });
});

describe('valid but probably not meant', () => {
  it('a workload on Basic Paxos runs (its clients are never answered) and says so', () => {
    const input = { ...base, protocol: 'paxos', workload: { clients: 2 } };
    expect(validateScenario(input).workload?.clients).toBe(2);
    expect(scenarioWarnings(input)).toEqual([expect.stringMatching(/^workload: Basic Paxos serves no clients/)]);
    expect(scenarioWarnings({ ...base, evnets: [] })).toEqual(['evnets: unknown field, ignored']);
    expect(scenarioWarnings(base)).toEqual([]);
  });
});
