/**
 * What backs the checker's verdict, for the history view. Per key: when its history is
 * linearizable, the order its operations took effect in and a moment for each within its call and
 * return; when it is not, the smallest set of its operations found that cannot be ordered, each
 * with its part in the story, and why, in English and Chinese. The verdict is the checker's own:
 * the keys are judged in its order with its budget, so the answer is the same, `unknown` included.
 */
import type { Lang, Text } from '../protocols/explain';
import { CHECK_BUDGET, checkRegister, splitByKey, type CheckOptions, type CheckVerdict, type HistoryOp } from './linearizability';
import { minimalConflict } from './linearizability-minimal';

export interface LinearizationPoint {
  op: HistoryOp;
  /** 1-based place in its key's order */
  order: number;
  /** the moment it takes effect (ms), within [call, return] and never before the one before it */
  at: number;
}

/** How a set of operations fails to be ordered. */
export type ConflictKind = 'never-written' | 'read-before-write' | 'stale-read' | 'no-order';
/** Each operation's part: the write read, the later write that hides it, the read that saw it, … */
export type ConflictRole = 'write' | 'newer-write' | 'stale-read' | 'early-read' | 'unwritten-read' | 'read';

export interface Conflict {
  kind: ConflictKind;
  /** in call order */
  ops: HistoryOp[];
  /** each operation's part, beside `ops` */
  roles: ConflictRole[];
  reason: Text;
}

export interface KeyAccount {
  key: string;
  linearizable: boolean | null;
  /** linearizable: every operation that takes effect, in order (a write never answered may not) */
  points: LinearizationPoint[];
  /** not linearizable: the smallest set found (null if looking for it ran out of budget) */
  conflict: Conflict | null;
}

export interface HistoryAccount {
  /** exactly what checkHistory answers for the same history and options */
  verdict: CheckVerdict;
  keys: KeyAccount[];
}

export function accountForHistory(history: readonly HistoryOp[], options: CheckOptions = {}): HistoryAccount {
  const budget = options.budget ?? CHECK_BUDGET;
  const method = options.method ?? 'auto';
  let steps = 0;
  let verdict: CheckVerdict | null = null;
  const keys: KeyAccount[] = [];
  for (const [key, ops] of splitByKey(history)) {
    // the checker stops at the first key that fails or is unknown; the later keys are still shown,
    // judged with what budget is left, without touching the verdict
    const left = { steps: Math.max(budget.steps - steps, 0), memoBytes: budget.memoBytes };
    const result = checkRegister(key, ops, left, method, true);
    if (!verdict) {
      steps += result.steps;
      if (result.linearizable !== true) verdict = { linearizable: result.linearizable, reason: result.reason, steps };
    }
    const account: KeyAccount = { key, linearizable: result.linearizable, points: [], conflict: null };
    if (result.linearizable === true) account.points = pointsOf(result.order ?? []);
    if (result.linearizable === false) {
      const set = minimalConflict(key, ops, result.culprits, budget, method);
      if (set) account.conflict = describeConflict(set, ops);
    }
    keys.push(account);
  }
  return { verdict: verdict ?? { linearizable: true, reason: null, steps }, keys };
}

/**
 * A moment for each operation of a linearization: the latest call so far. It is at least the
 * operation's call, and no later than its return, since an order that keeps real time has every
 * earlier operation called by then.
 */
export function pointsOf(order: readonly HistoryOp[]): LinearizationPoint[] {
  let at = -Infinity;
  return order.map((op, i) => {
    at = Math.max(at, op.call);
    return { op, order: i + 1, at };
  });
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const ms = (t: number): string => String(Math.round(t * 10) / 10);
const NOTHING: Text = { en: 'nothing', zh: '空' };

/** A value as the page prints it: the initial empty value has a word of its own. */
export const valueLabel = (v: string | null, lang: Lang): string => (v === null ? NOTHING[lang] : v);

/** `put k0=v3`, `get k0→v3` */
export function opLabel(op: HistoryOp, lang: Lang): string {
  return op.op === 'put' ? `put ${op.key}=${valueLabel(op.value, lang)}` : `get ${op.key}→${valueLabel(op.output, lang)}`;
}

/** An operation named in a sentence: who, what, and when. */
function named(op: HistoryOp): Text {
  const what = { en: opLabel(op, 'en'), zh: opLabel(op, 'zh') };
  return op.return === null
    ? { en: `client ${op.client}'s ${what.en} (called at ${ms(op.call)} ms, never answered)`, zh: `客户端 ${op.client} 的 ${what.zh}（${ms(op.call)} ms 发出，一直没有应答）` }
    : { en: `client ${op.client}'s ${what.en} (${ms(op.call)}–${ms(op.return)} ms)`, zh: `客户端 ${op.client} 的 ${what.zh}（${ms(op.call)}–${ms(op.return)} ms）` };
}

/** Put the operations' parts and the reason into words, recognising the usual shapes. */
export function describeConflict(ops: HistoryOp[], keyOps: readonly HistoryOp[]): Conflict {
  const reads = ops.filter((o) => o.op === 'get');
  const writes = ops.filter((o) => o.op === 'put');
  const make = (kind: ConflictKind, parts: Map<HistoryOp, ConflictRole>, reason: Text): Conflict =>
    ({ kind, ops, roles: ops.map((o) => parts.get(o) ?? (o.op === 'put' ? 'write' : 'read')), reason });
  const before = (a: HistoryOp, b: HistoryOp): boolean => a.return !== null && a.return < b.call;

  if (ops.length === 1 && reads.length === 1 && !keyOps.some((o) => o.op === 'put' && o.value === reads[0].output)) {
    const r = named(reads[0]);
    const v = reads[0].output;
    return make('never-written', new Map([[reads[0], 'unwritten-read']]), {
      en: `${capital(r.en)} returned ${valueLabel(v, 'en')}, a value no client ever wrote.`,
      zh: `${r.zh}读到了 ${valueLabel(v, 'zh')}，但没有任何客户端写过这个值。`,
    });
  }
  if (reads.length === 1 && writes.length === 1 && reads[0].output === writes[0].value && reads[0].return! < writes[0].call) {
    const [r, w] = [reads[0], writes[0]];
    return make('read-before-write', new Map([[r, 'early-read'], [w, 'write']]), {
      en: `${capital(named(r).en)} returned ${valueLabel(r.output, 'en')}, but that value was written only from ${ms(w.call)} ms by ${named(w).en}: a read cannot see a write that has not begun.`,
      zh: `${named(r).zh}读到了 ${valueLabel(r.output, 'zh')}，而这个值直到 ${ms(w.call)} ms 才由${named(w).zh}开始写入：读不可能看到尚未开始的写。`,
    });
  }
  const stale = staleRead(ops, reads, writes, before);
  if (stale) {
    const { r, olds, n, seen } = stale;
    const parts = new Map<HistoryOp, ConflictRole>([[r, 'stale-read'], [n, 'newer-write']]);
    for (const o of olds) parts.set(o, 'write');
    const sentences: Text[] = olds.map((o) => (before(o, n)
      ? { en: `${named(o).en} finished before ${named(n).en} began.`, zh: `${named(o).zh}在${named(n).zh}开始之前已完成。` }
      : { en: `${named(o).en} finished before ${named(seen!).en} began, so ${opLabel(n, 'en')} took effect after it.`,
        zh: `${named(o).zh}在${named(seen!).zh}开始之前已完成，所以 ${opLabel(n, 'zh')} 在它之后生效。` }));
    sentences.push(before(n, r)
      ? { en: `${named(n).en} finished at ${ms(n.return!)} ms, before ${named(r).en} began.`,
        zh: `${named(n).zh}在 ${ms(n.return!)} ms 完成，早于${named(r).zh}开始。` }
      : { en: `${named(seen!).en} had already returned ${valueLabel(n.value, 'en')} at ${ms(seen!.return!)} ms, before ${named(r).en} began.`,
        zh: `${named(seen!).zh}在 ${ms(seen!.return!)} ms 已经读到 ${valueLabel(n.value, 'zh')}，早于${named(r).zh}开始。` });
    sentences.push({ en: `So the read had to see ${valueLabel(n.value, 'en')}, yet it returned the older ${valueLabel(r.output, 'en')}: a stale read.`,
      zh: `所以这次读必须看到 ${valueLabel(n.value, 'zh')}，却返回了更旧的 ${valueLabel(r.output, 'zh')}：这是一次陈旧读。` });
    return make('stale-read', parts, { en: sentences.map((t) => capital(t.en)).join(' '), zh: sentences.map((t) => t.zh).join('') });
  }
  // any other shape: the facts of real time among them, then the rule they break
  const facts: Text[] = [];
  for (const a of ops) {
    for (const b of ops) {
      // only the direct ones: a finished before b began, with nothing of the set between them
      if (!before(a, b) || ops.some((c) => before(a, c) && before(c, b))) continue;
      facts.push({ en: `${opLabel(a, 'en')} (client ${a.client}) finished before ${opLabel(b, 'en')} (client ${b.client}) began`,
        zh: `${opLabel(a, 'zh')}（客户端 ${a.client}）在 ${opLabel(b, 'zh')}（客户端 ${b.client}）开始之前已完成` });
    }
  }
  const list = (lang: Lang): string => facts.map((f) => f[lang]).join(lang === 'en' ? '; ' : '；');
  return make('no-order', new Map(), {
    en: `No order of these ${ops.length} operations gives every read the value it returned${facts.length ? `: ${list('en')}` : ''}. Each read must follow the write of its value with no other write between them, and an operation that finished comes before one that began later.`,
    zh: `这 ${ops.length} 个操作无论怎样排序，都不能让每次读得到它实际返回的值${facts.length ? `：${list('zh')}` : ''}。每次读必须紧跟在写入其值的那次写之后，中间不能有别的写；先完成的操作必须排在之后才开始的操作前面。`,
  });
}

/**
 * The stale read: a read `r` of an older value (written by `olds`, or the initial nothing) began
 * after a newer write `n` was visible (it had finished, or a read `seen` had returned its value),
 * and `n` had to come after the older writes (each finished before `n`, or before `seen`, began).
 */
function staleRead(ops: readonly HistoryOp[], reads: readonly HistoryOp[], writes: readonly HistoryOp[],
  before: (a: HistoryOp, b: HistoryOp) => boolean): { r: HistoryOp; olds: HistoryOp[]; n: HistoryOp; seen: HistoryOp | null } | null {
  // the latest read is the one to blame: the others had their chance to see the newer value first
  for (const r of [...reads].reverse()) {
    const olds = writes.filter((w) => w.value === r.output);
    const newer = writes.filter((w) => w.value !== r.output);
    if (newer.length !== 1) continue;
    const n = newer[0];
    const seen = reads.find((o) => o !== r && o.output === n.value) ?? null;
    if (reads.length !== (seen ? 2 : 1) || olds.length + 1 + reads.length !== ops.length) continue;
    const visible = before(n, r) || (seen !== null && before(seen, r));
    const ordered = olds.every((o) => before(o, n) || (seen !== null && before(o, seen)));
    if (visible && ordered) return { r, olds, n, seen };
  }
  return null;
}
