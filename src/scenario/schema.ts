/**
 * The scenario format of CONTRACT §1 as a zod schema, plus the checks that need the whole
 * scenario (node ids within the cluster, bug names of the chosen protocol). Every error names
 * the field and the reason; nothing runs until the scenario is valid.
 */
import { z } from 'zod';
import type { Scenario } from '../sim/types';
import { PROTOCOLS, PROTOCOL_NAMES } from '../protocols/registry';

export const LIMITS = {
  maxNodes: 9,
  maxEvents: 10_000,
  maxUntil: 3_600_000,
  maxTime: 3_600_000,
  maxLatency: 60_000,
  maxClients: 20,
  maxCommandLength: 200,
} as const;

export const SCENARIO_VERSION = 1;

export class ScenarioError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

const time = z.number({ error: 'must be a number of virtual milliseconds' })
  .finite().min(0, { error: 'must not be negative' }).max(LIMITS.maxTime, { error: `must be at most ${LIMITS.maxTime} ms` });
const rate = z.number({ error: 'must be a number between 0 and 1' })
  .min(0, { error: 'must be between 0 and 1' }).max(1, { error: 'must be between 0 and 1' });
/** A { min, max } span of virtual ms, from `lowest` up to the latency limit. */
const msRange = (lowest: number) => z.object({
  min: z.number({ error: 'must be a number of ms' }).min(lowest, { error: `must be at least ${lowest} ms` })
    .max(LIMITS.maxLatency, { error: `must be at most ${LIMITS.maxLatency} ms` }),
  max: z.number({ error: 'must be a number of ms' }).min(lowest, { error: `must be at least ${lowest} ms` })
    .max(LIMITS.maxLatency, { error: `must be at most ${LIMITS.maxLatency} ms` }),
}, { error: 'must be an object { min, max } in ms' }).refine((r) => r.min <= r.max, { error: 'min must not exceed max', path: ['min'] });
const range = msRange(0);
const nodeId = z.number({ error: 'must be a node number' }).int({ error: 'must be a whole node number' })
  .min(1, { error: 'node ids start at 1' });
const nodeRef = z.union([nodeId, z.literal('leader')], { error: 'must be a node number or "leader"' });
const messageId = z.number({ error: 'must be a message id' }).int({ error: 'must be a whole message id' })
  .min(1, { error: 'message ids start at 1' });

const event = z.discriminatedUnion('type', [
  z.object({ at: time, type: z.literal('crash'), node: nodeRef }),
  z.object({ at: time, type: z.literal('restart'), node: nodeRef }),
  z.object({ at: time, type: z.literal('partition'), groups: z.array(z.array(nodeId)) }),
  z.object({ at: time, type: z.literal('heal') }),
  z.object({
    at: time, type: z.literal('request'), node: nodeRef,
    command: z.string({ error: 'must be a string' }).max(LIMITS.maxCommandLength, { error: `must be at most ${LIMITS.maxCommandLength} characters` }),
  }),
  z.object({ at: time, type: z.literal('timeout'), node: nodeRef }),
  z.object({
    at: time, type: z.literal('link'), from: nodeId, to: nodeId, dropRate: rate.optional(), latency: range.optional(),
    reset: z.boolean({ error: 'must be true or false' }).optional(),
  }),
  z.object({ at: time, type: z.literal('network'), latency: range.optional(), dropRate: rate.optional(), duplicateRate: rate.optional() }),
  z.object({ at: time, type: z.literal('drop'), message: messageId }),
  z.object({ at: time, type: z.literal('deliver'), message: messageId }),
], { error: 'unknown event type (expected crash, restart, partition, heal, request, timeout, link, network, drop or deliver)' });

const workload = z.object({
  clients: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' })
    .min(1, { error: 'needs at least 1 client' }).max(LIMITS.maxClients, { error: `at most ${LIMITS.maxClients} clients are supported` }),
  keys: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' })
    .min(1, { error: 'needs at least 1 key' }).max(100, { error: 'at most 100 keys are supported' }).default(1),
  // at least 1 ms between a client's answer and its next request, so virtual time always advances
  interval: msRange(1).default({ min: 50, max: 150 }),
  readRatio: rate.default(0.5),
  from: time.default(0),
  to: time.default(LIMITS.maxTime),
});

const scenarioSchema = z.object({
  version: z.number({ error: 'must be 1' }),
  protocol: z.enum(PROTOCOL_NAMES, { error: `must be one of ${PROTOCOL_NAMES.map((p) => `"${p}"`).join(', ')}` }),
  nodes: z.number({ error: 'must be a whole number from 1 to 9' }).int({ error: 'must be a whole number' })
    .min(1, { error: 'a cluster needs at least 1 node' })
    .max(LIMITS.maxNodes, { error: `at most ${LIMITS.maxNodes} nodes are supported` }),
  seed: z.number({ error: 'must be a whole number from 0 to 4294967295' }).int({ error: 'must be a whole number' })
    .min(0, { error: 'must not be negative' }).max(0xffffffff, { error: 'must fit in 32 bits (at most 4294967295)' }),
  until: z.number({ error: 'must be a number of virtual milliseconds' }).positive({ error: 'must be positive' })
    .max(LIMITS.maxUntil, { error: `must be at most ${LIMITS.maxUntil} ms` }).optional(),
  network: z.object({ latency: range.optional(), dropRate: rate.optional(), duplicateRate: rate.optional() }).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  bugs: z.array(z.string({ error: 'must be a bug name' })).optional(),
  events: z.array(event, { error: 'must be a list of events' })
    .max(LIMITS.maxEvents, { error: `at most ${LIMITS.maxEvents} events are supported` }).default([]),
  workload: workload.optional(),
  meta: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
});

/**
 * Top-level fields this version does not know. They are ignored, not refused: a later version may
 * add optional fields to version 1 (CONTRACT: extend, never break). Callers show them as warnings,
 * which also catches a misspelt field such as "evnets".
 */
export function unknownFields(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [];
  const known = new Set(Object.keys(scenarioSchema.shape));
  return Object.keys(input).filter((k) => !known.has(k));
}

/** Valid but probably not what was meant: said as warnings, never refused. */
export function scenarioWarnings(input: unknown): string[] {
  const out = unknownFields(input).map((f) => `${f}: unknown field, ignored`);
  const raw = input as { protocol?: unknown; workload?: unknown } | null;
  if (raw && raw.protocol === 'paxos' && raw.workload !== undefined) {
    out.push('workload: Basic Paxos decides a single value and serves no clients, so no request will be answered (use "multi-paxos" or "raft")');
  }
  return out;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : (out ? '.' : '') + String(p);
  return out || '(scenario)';
}

/** Parse and check a scenario object; throws ScenarioError naming the field and the reason. */
export function validateScenario(input: unknown): Scenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScenarioError('(scenario): must be a JSON object', '(scenario)');
  }
  const raw = input as Record<string, unknown>;
  if (raw.version !== undefined && typeof raw.version === 'number' && raw.version > SCENARIO_VERSION) {
    throw new ScenarioError(`version: ${raw.version} is newer than this app supports (${SCENARIO_VERSION})`, 'version');
  }
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldPath(issue.path);
    throw new ScenarioError(`${field}: ${issue.message}`, field);
  }
  const s = parsed.data;
  const fail = (field: string, reason: string): never => { throw new ScenarioError(`${field}: ${reason}`, field); };
  if (s.version !== SCENARIO_VERSION) fail('version', `must be ${SCENARIO_VERSION}`);

  const checkNode = (field: string, n: number | 'leader'): void => {
    if (n !== 'leader' && n > s.nodes) fail(field, `node ${n} does not exist (the cluster has ${s.nodes} nodes)`);
  };
  s.events.forEach((e, i) => {
    const at = `events[${i}]`;
    if ('node' in e) checkNode(`${at}.node`, e.node);
    if (e.type === 'link') { checkNode(`${at}.from`, e.from); checkNode(`${at}.to`, e.to); }
    if (e.type === 'partition') {
      const seen = new Set<number>();
      e.groups.forEach((g, gi) => g.forEach((n, ni) => {
        checkNode(`${at}.groups[${gi}][${ni}]`, n);
        if (seen.has(n)) fail(`${at}.groups[${gi}][${ni}]`, `node ${n} is in more than one group`);
        seen.add(n);
      }));
    }
  });
  const protocol = PROTOCOLS[s.protocol];
  (s.bugs ?? []).forEach((b, i) => {
    if (!protocol.bugs.includes(b)) {
      fail(`bugs[${i}]`, `unknown bug "${b}" for ${s.protocol} (known: ${protocol.bugs.join(', ')})`);
    }
  });
  if (s.config) {
    const error = protocol.checkConfig(s.config);
    if (error) fail(`config.${error.field}`, error.reason);
  }
  if (s.workload && s.workload.from > s.workload.to) fail('workload.from', 'must not be after workload.to');

  return s as Scenario;
}

/** Parse JSON text, then validate. */
export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`(scenario): not valid JSON (${(e as Error).message})`, '(scenario)');
  }
  return validateScenario(json);
}
