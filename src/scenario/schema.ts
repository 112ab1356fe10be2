/**
 * The scenario format of CONTRACT §1 as a zod schema, plus the checks that need the whole
 * scenario (node ids within the cluster, bug names of the chosen protocol). Every error names
 * the field and the reason; nothing runs until the scenario is valid.
 */
// zod's functional build ("mini"), so bundles keep only the parts used: about 20 KB gzipped less
// in the page and in its search worker than the chained API; a namespace import, so bundles also
// leave out zod's 40-odd other locales
import * as z from 'zod/mini';
import type { Scenario } from '../sim/types';
import type { Lang, Text } from '../protocols/explain';
import { checkKnobs, checkMembers } from '../protocols/config';
import { PROTOCOLS, PROTOCOL_NAMES, isProtocolName } from '../protocols/registry';

export const LIMITS = {
  maxNodes: 9,
  maxEvents: 10_000,
  maxUntil: 3_600_000,
  maxTime: 3_600_000,
  maxLatency: 60_000,
  maxClients: 20,
  maxCommandLength: 200,
  /** Levels of nesting inside a free-form field (`meta`, a `config` knob): deeper JSON overflows the stack of JSON.stringify. */
  maxDepth: 16,
} as const;

export const SCENARIO_VERSION = 1;

/** A reason in every language of the page (the CLI says the English one). */
export const said = (en: string, zh: string): Text => ({ en, zh });

/** Bad input: the field and the reason. `message` is the English "field: reason". */
export class ScenarioError extends Error {
  constructor(readonly field: string, readonly reason: Text) {
    super(`${field}: ${reason.en}`);
    this.name = 'ScenarioError';
  }

  /** "field: reason" in `lang`. */
  detail(lang: Lang): string {
    return `${this.field}: ${this.reason[lang]}`;
  }
}

/**
 * zod carries a reason as one string: schema reasons are written in English through `t`, which
 * remembers their Chinese so a failed parse can say both.
 */
const chineseOf = new Map<string, string>();
const t = (en: string, zh: string): string => {
  chineseOf.set(en, zh);
  return en;
};

/** Event types only some protocols act on (ProtocolDef.events). */
const PROTOCOL_EVENTS: ReadonlySet<string> = new Set(['transfer', 'reconfigure']);

/**
 * The zod schema, built on first use: building it costs more than anything else while the page
 * starts (a few hundred zod objects), and the page opens its default run without validating.
 */
function buildSchema() {
  // zod's own reasons, for a check given none of ours, in English as the chained API says them
  z.config(z.locales.en());

  const time = z.number({ error: t('must be a number of virtual milliseconds', '必须是虚拟时间的毫秒数') }).check(
    z.gte(0, { error: t('must not be negative', '不能为负数') }),
    z.lte(LIMITS.maxTime, { error: t(`must be at most ${LIMITS.maxTime} ms`, `不能超过 ${LIMITS.maxTime} 毫秒`) }));
  const rate = z.number({ error: t('must be a number between 0 and 1', '必须是 0 到 1 之间的数') }).check(
    z.gte(0, { error: t('must be between 0 and 1', '必须在 0 到 1 之间') }), z.lte(1, { error: t('must be between 0 and 1', '必须在 0 到 1 之间') }));
  const msBound = (lowest: number) => z.number({ error: t('must be a number of ms', '必须是毫秒数') }).check(
    z.gte(lowest, { error: t(`must be at least ${lowest} ms`, `不能小于 ${lowest} 毫秒`) }),
    z.lte(LIMITS.maxLatency, { error: t(`must be at most ${LIMITS.maxLatency} ms`, `不能超过 ${LIMITS.maxLatency} 毫秒`) }));
  /** A { min, max } span of virtual ms, from `lowest` up to the latency limit. */
  const msRange = (lowest: number) => z.object({
    min: msBound(lowest),
    max: msBound(lowest),
  }, { error: t('must be an object { min, max } in ms', '必须是以毫秒计的 { min, max } 对象') })
    .check(z.refine((r) => r.min <= r.max, { error: t('min must not exceed max', 'min 不能大于 max'), path: ['min'] }));
  const range = msRange(0);
  /** A whole number from 1 (a node, message or client number): each reason in its own words. */
  const wholeFromOne = (what: string, whole: string, fromOne: string) => z.number({ error: what }).check(
    z.int({ error: whole }), z.gte(1, { error: fromOne }));
  const nodeId = wholeFromOne(t('must be a node number', '必须是节点编号'), t('must be a whole node number', '节点编号必须是整数'),
    t('node ids start at 1', '节点编号从 1 开始'));
  const nodeRef = z.union([nodeId, z.literal('leader')], { error: t('must be a node number or "leader"', '必须是节点编号或 "leader"') });
  const messageId = wholeFromOne(t('must be a message id', '必须是消息编号'), t('must be a whole message id', '消息编号必须是整数'),
    t('message ids start at 1', '消息编号从 1 开始'));

  const event = z.discriminatedUnion('type', [
    z.object({ at: time, type: z.literal('crash'), node: nodeRef }),
    z.object({ at: time, type: z.literal('restart'), node: nodeRef }),
    z.object({ at: time, type: z.literal('partition'), groups: z.array(z.array(nodeId)) }),
    z.object({ at: time, type: z.literal('heal') }),
    z.object({
      at: time, type: z.literal('request'), node: nodeRef,
      command: z.string({ error: t('must be a string', '必须是字符串') }).check(z.maxLength(LIMITS.maxCommandLength, { error: t(`must be at most ${LIMITS.maxCommandLength} characters`, `不能超过 ${LIMITS.maxCommandLength} 个字符`) })),
    }),
    z.object({ at: time, type: z.literal('timeout'), node: nodeRef }),
    z.object({
      at: time, type: z.literal('link'), from: nodeId, to: nodeId, dropRate: z.optional(rate), latency: z.optional(range),
      reset: z.optional(z.boolean({ error: t('must be true or false', '必须是 true 或 false') })),
    }),
    z.object({ at: time, type: z.literal('network'), latency: z.optional(range), dropRate: z.optional(rate), duplicateRate: z.optional(rate) }),
    z.object({ at: time, type: z.literal('drop'), message: messageId }),
    z.object({ at: time, type: z.literal('deliver'), message: messageId }),
    z.object({ at: time, type: z.literal('duplicate'), message: messageId }),
    z.object({
      at: time, type: z.literal('pause'),
      client: wholeFromOne(t('must be a client number', '必须是客户端编号'), t('must be a whole client number', '客户端编号必须是整数'),
        t('client numbers start at 1', '客户端编号从 1 开始')),
      for: z.number({ error: t('must be a number of virtual milliseconds', '必须是虚拟时间的毫秒数') }).check(
        z.gte(1, { error: t('must be at least 1 ms', '不能小于 1 毫秒') }), z.lte(LIMITS.maxTime, { error: t(`must be at most ${LIMITS.maxTime} ms`, `不能超过 ${LIMITS.maxTime} 毫秒`) })),
    }),
    z.object({
      at: time, type: z.literal('call'), node: nodeRef,
      op: z.enum(['get', 'put'], { error: t('must be "get" or "put"', '必须是 "get" 或 "put"') }),
      key: z.string({ error: t('must be a string', '必须是字符串') }).check(z.minLength(1, { error: t('must not be empty', '不能为空') }),
        z.maxLength(LIMITS.maxCommandLength, { error: t(`must be at most ${LIMITS.maxCommandLength} characters`, `不能超过 ${LIMITS.maxCommandLength} 个字符`) })),
    }),
    z.object({ at: time, type: z.literal('transfer'), to: nodeId }),
    z.object({
      at: time, type: z.literal('reconfigure'),
      members: z.array(nodeId, { error: t('must be a list of node numbers', '必须是节点编号的列表') })
        .check(z.minLength(1, { error: t('needs at least 1 member', '至少需要 1 个成员') })),
    }),
  ], { error: t('unknown event type (expected crash, restart, partition, heal, request, timeout, link, network, drop, deliver, duplicate, pause, call, transfer or reconfigure)', '未知的事件类型（应为 crash、restart、partition、heal、request、timeout、link、network、drop、deliver、duplicate、pause、call、transfer 或 reconfigure）') });

  const workload = z.object({
    // new fields are optional without defaults, so a scenario's share link stays as it was written
    kind: z.optional(z.enum(['kv', 'lock'], { error: t('must be "kv" or "lock"', '必须是 "kv" 或 "lock"') })),
    ttl: z.optional(z.number({ error: t('must be a number of ms', '必须是毫秒数') }).check(z.gte(10, { error: t('must be at least 10 ms', '不能小于 10 毫秒') }),
      z.lte(LIMITS.maxLatency, { error: t(`must be at most ${LIMITS.maxLatency} ms`, `不能超过 ${LIMITS.maxLatency} 毫秒`) }))),
    hold: z.optional(msRange(1)),
    fencing: z.optional(z.boolean({ error: t('must be true or false', '必须是 true 或 false') })),
    reads: z.optional(z.enum(['linearizable', 'serializable'], { error: t('must be "linearizable" or "serializable"', '必须是 "linearizable" 或 "serializable"') })),
    home: z.optional(z.boolean({ error: t('must be true or false', '必须是 true 或 false') })),
    clients: z._default(z.number({ error: t('must be a whole number', '必须是整数') }).check(z.int({ error: t('must be a whole number', '必须是整数') }),
      z.gte(1, { error: t('needs at least 1 client', '至少需要 1 个客户端') }), z.lte(LIMITS.maxClients, { error: t(`at most ${LIMITS.maxClients} clients are supported`, `最多支持 ${LIMITS.maxClients} 个客户端`) })),
    1),
    keys: z._default(z.number({ error: t('must be a whole number', '必须是整数') }).check(z.int({ error: t('must be a whole number', '必须是整数') }),
      z.gte(1, { error: t('needs at least 1 key', '至少需要 1 个键') }), z.lte(100, { error: t('at most 100 keys are supported', '最多支持 100 个键') })), 1),
    // at least 1 ms between a client's answer and its next request, so virtual time always advances
    interval: z._default(msRange(1), { min: 50, max: 150 }),
    readRatio: z._default(rate, 0.5),
    from: z._default(time, 0),
    to: z._default(time, LIMITS.maxTime),
  });

  return z.object({
    version: z.number({ error: t('must be 1', '必须是 1') }),
    protocol: z.enum(PROTOCOL_NAMES, { error: t(`must be one of ${PROTOCOL_NAMES.map((p) => `"${p}"`).join(', ')}`, `必须是 ${PROTOCOL_NAMES.map((p) => `"${p}"`).join('、')} 之一`) }),
    nodes: z.number({ error: t('must be a whole number from 1 to 9', '必须是 1 到 9 的整数') }).check(z.int({ error: t('must be a whole number', '必须是整数') }),
      z.gte(1, { error: t('a cluster needs at least 1 node', '集群至少需要 1 个节点') }),
      z.lte(LIMITS.maxNodes, { error: t(`at most ${LIMITS.maxNodes} nodes are supported`, `最多支持 ${LIMITS.maxNodes} 个节点`) })),
    seed: z.number({ error: t('must be a whole number from 0 to 4294967295', '必须是 0 到 4294967295 的整数') }).check(z.int({ error: t('must be a whole number', '必须是整数') }),
      z.gte(0, { error: t('must not be negative', '不能为负数') }), z.lte(0xffffffff, { error: t('must fit in 32 bits (at most 4294967295)', '必须在 32 位以内（不超过 4294967295）') })),
    until: z.optional(z.number({ error: t('must be a number of virtual milliseconds', '必须是虚拟时间的毫秒数') }).check(z.gte(0, { error: t('must not be negative', '不能为负数') }),
      z.lte(LIMITS.maxUntil, { error: t(`must be at most ${LIMITS.maxUntil} ms`, `不能超过 ${LIMITS.maxUntil} 毫秒`) }))),
    network: z.optional(z.object({ latency: z.optional(range), dropRate: z.optional(rate), duplicateRate: z.optional(rate) })),
    config: z.optional(z.record(z.string(), z.unknown())),
    bugs: z.optional(z.array(z.string({ error: t('must be a bug name', '必须是缺陷名称') }))),
    events: z._default(z.array(event, { error: t('must be a list of events', '必须是事件列表') })
      .check(z.maxLength(LIMITS.maxEvents, { error: t(`at most ${LIMITS.maxEvents} events are supported`, `最多支持 ${LIMITS.maxEvents} 个事件`) })), []),
    workload: z.optional(workload),
    meta: z.optional(z.record(z.string(), z.unknown(), { error: t('must be an object', '必须是对象') })),
  });
}

let schema: ReturnType<typeof buildSchema> | null = null;
const scenarioSchema = (): ReturnType<typeof buildSchema> => (schema ??= buildSchema());

/**
 * Fields this version does not know, at the top or inside network, workload and each event (by its
 * type). They are ignored, not refused: a later version may add optional fields to version 1
 * (CONTRACT: extend, never break). Callers show them as warnings, which also catches a misspelt
 * field such as "evnets" or "network.dropRte".
 */
export function unknownFields(input: unknown): string[] {
  const out: string[] = [];
  unknownIn(scenarioSchema() as unknown as Schema, input, '', out);
  return out;
}

/** The parts of a zod definition the walk reads (zod/mini keeps them in `_zod.def`), under optional and default wrappers. */
interface Def { type: string; innerType?: Schema; shape?: Record<string, Schema>; element?: Schema; options?: Schema[]; values?: unknown[] }
interface Schema { _zod: { def: Def } }
const unwrapped = (s: Schema): Def => {
  let d = s._zod.def;
  while (d.innerType) d = d.innerType._zod.def;
  return d;
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walk `value` beside its schema, noting each key no object there declares (an event by its own type). */
function unknownIn(schema: Schema, value: unknown, path: string, out: string[]): void {
  const def = unwrapped(schema);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((v, i) => unknownIn(def.element!, v, `${path}[${i}]`, out));
  } else if (def.type === 'union' && def.options && isRecord(value)) {
    const typed = def.options.find((o) => unwrapped(unwrapped(o).shape?.type ?? o).values?.includes(value.type));
    if (typed) unknownIn(typed, value, path, out);
  } else if (def.type === 'object' && def.shape && isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (Object.hasOwn(def.shape, key)) unknownIn(def.shape[key], v, field, out);
      else out.push(field);
    }
  }
}

/** Valid but probably not what was meant: said as warnings, never refused. */
export function scenarioWarnings(input: unknown): string[] {
  const out = unknownFields(input).map((f) => `${f}: unknown field, ignored`);
  const raw = input as { protocol?: unknown; workload?: unknown } | null;
  if (raw && isProtocolName(raw.protocol) && PROTOCOLS[raw.protocol].requests === 'proposer' && raw.workload !== undefined) {
    const serving = PROTOCOL_NAMES.filter((p) => PROTOCOLS[p].requests !== 'proposer').map((p) => `"${p}"`).join(' or ');
    out.push(`workload: ${PROTOCOLS[raw.protocol].title} serves no clients, so no request will be answered (use ${serving})`);
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
    throw new ScenarioError('(scenario)', said('must be a JSON object', '必须是 JSON 对象'));
  }
  const raw = input as Record<string, unknown>;
  if (raw.version !== undefined && typeof raw.version === 'number' && raw.version > SCENARIO_VERSION) {
    throw new ScenarioError('version', said(`${raw.version} is newer than this app supports (${SCENARIO_VERSION})`,
      `${raw.version} 比本应用支持的版本（${SCENARIO_VERSION}）更新`));
  }
  const parsed = scenarioSchema().safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScenarioError(fieldPath(issue.path), said(issue.message, chineseOf.get(issue.message) ?? issue.message));
  }
  const s = parsed.data;
  const fail = (field: string, reason: Text): never => { throw new ScenarioError(field, reason); };
  // zod does not look inside free-form values, so their depth is checked here, before anything encodes them
  for (const field of ['meta', 'config'] as const) {
    if (nestsDeeperThan(raw[field], LIMITS.maxDepth)) {
      fail(field, said(`nested more than ${LIMITS.maxDepth} levels deep`, `嵌套超过 ${LIMITS.maxDepth} 层`));
    }
  }
  if (s.version !== SCENARIO_VERSION) fail('version', said(`must be ${SCENARIO_VERSION}`, `必须是 ${SCENARIO_VERSION}`));

  const checkNode = (field: string, n: number | 'leader'): void => {
    if (n !== 'leader' && n > s.nodes) fail(field, said(`node ${n} does not exist (the cluster has ${s.nodes} nodes)`, `节点 ${n} 不存在（集群只有 ${s.nodes} 个节点）`));
  };
  s.events.forEach((e, i) => {
    const at = `events[${i}]`;
    if ('node' in e) checkNode(`${at}.node`, e.node);
    if (e.type === 'link') { checkNode(`${at}.from`, e.from); checkNode(`${at}.to`, e.to); }
    if (e.type === 'transfer') checkNode(`${at}.to`, e.to);
    if (PROTOCOL_EVENTS.has(e.type) && !PROTOCOLS[s.protocol].events?.includes(e.type)) {
      fail(`${at}.type`, said(`"${e.type}" is not an event of ${s.protocol}`, `"${e.type}" 不是 ${s.protocol} 的事件`));
    }
    if (e.type === 'partition') {
      const seen = new Set<number>();
      e.groups.forEach((g, gi) => g.forEach((n, ni) => {
        checkNode(`${at}.groups[${gi}][${ni}]`, n);
        if (seen.has(n)) fail(`${at}.groups[${gi}][${ni}]`, said(`node ${n} is in more than one group`, `节点 ${n} 出现在多个分组中`));
        seen.add(n);
      }));
    }
  });
  const protocol = PROTOCOLS[s.protocol];
  s.events.forEach((e, i) => {
    if (e.type !== 'reconfigure') return;
    const error = checkMembers(e.members, s.nodes);
    if (error) fail(`events[${i}].members${error.at}`, error.reason);
  });
  (s.bugs ?? []).forEach((b, i) => {
    if (!protocol.bugs.includes(b)) {
      fail(`bugs[${i}]`, said(`unknown bug "${b}" for ${s.protocol} (known: ${protocol.bugs.join(', ')})`,
        `${s.protocol} 没有名为 "${b}" 的缺陷（已有：${protocol.bugs.join('、')}）`));
    }
  });
  if (s.config) {
    // the keys as written: zod leaves out a "__proto__" key, which must be refused like any unknown knob
    const knobs = raw.config as Record<string, unknown>;
    const error = checkKnobs(knobs, protocol.knobs, s.nodes) ?? protocol.checkConfig?.(knobs);
    if (error) fail(`config.${error.field}`, error.reason);
  }
  if (s.workload && s.workload.from > s.workload.to) fail('workload.from', said('must not be after workload.to', '不能晚于 workload.to'));
  const w = s.workload;
  if (w && w.kind !== 'lock') {
    for (const field of ['ttl', 'hold', 'fencing'] as const) {
      if (w[field] !== undefined) fail(`workload.${field}`, said('applies only to a lock workload ("kind": "lock")', '只适用于锁工作负载（"kind": "lock"）'));
    }
  }
  if (w?.kind === 'lock' && w.reads !== undefined) {
    fail('workload.reads', said('applies only to a key-value workload (a lock workload makes no reads)', '只适用于键值工作负载（锁工作负载不做读取）'));
  }
  s.events.forEach((e, i) => {
    if (e.type !== 'pause') return;
    if (!w) fail(`events[${i}].client`, said('the scenario has no workload clients to pause', '场景中没有可暂停的工作负载客户端'));
    else if (e.client > w.clients) fail(`events[${i}].client`, said(`client ${e.client} does not exist (the workload has ${w.clients} clients)`, `客户端 ${e.client} 不存在（工作负载只有 ${w.clients} 个客户端）`));
  });

  return s as Scenario;
}

/** Does `value` hold objects or arrays more than `limit` levels deep? Walked with a stack, not recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth >= limit) return true;
    for (const child of Object.values(top.value)) stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}

/** Text saved by some editors (Windows Notepad) starts with a byte-order mark, which JSON.parse refuses. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Parse JSON text, then validate. */
export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(text));
  } catch (e) {
    const why = (e as Error).message;
    throw new ScenarioError('(scenario)', said(`not valid JSON (${why})`, `不是有效的 JSON（${why}）`));
  }
  return validateScenario(json);
}
