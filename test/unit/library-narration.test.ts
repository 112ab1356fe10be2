/**
 * What every library entry's words owe the run they describe, in both languages: the servers that
 * crash, restart, are cut off on a minority side or take the lead are named; the English and the
 * Chinese name the same servers and the same times; a moment to watch that names a term names
 * who leads it; a time given as "at N ms" is when something happens; a buggy run's text names
 * the invariants its checkers report, in the order they fire, and its moment shows one firing.
 * Then the claims of single entries that the replay can check. Every expectation is read from
 * the replayed run (createSimulation, the observer's report and the trace), not from the text.
 */
import { describe, expect, it } from 'vitest';
import { LIBRARY, libraryEntry, type LibraryEntry } from '../../src/scenario/library';
import { FIGURE_7_ELECTED_AT } from '../../src/scenario/library/raft-figure7';
import { PROTOCOLS } from '../../src/protocols/registry';
import { createSimulation } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';

type Lang = 'en' | 'zh';
const LANGS: readonly Lang[] = ['en', 'zh'];

/** The run of an entry up to `until` (default: its own end), with its trace and a copy of the observer's report. */
function replay(entry: LibraryEntry, until = entry.scenario.until ?? 10_000) {
  const trace: TraceRecord[] = [];
  const sim = createSimulation(entry.scenario, { onTrace: (r) => { trace.push(r); } });
  sim.runUntil(until);
  const report = JSON.parse(JSON.stringify(sim.observer.report())) as Record<string, unknown>;
  return { sim, trace, report };
}
type Run = ReturnType<typeof replay>;

/** The servers a text names: "S3", and every server of a range "S2–S7". */
function named(text: string): number[] {
  const ids = new Set<number>();
  for (const m of text.matchAll(/\bS(\d)\s*[–-]\s*S(\d)\b/g)) {
    for (let id = Number(m[1]); id <= Number(m[2]); id++) ids.add(id);
  }
  for (const m of text.matchAll(/\bS(\d)\b/g)) ids.add(Number(m[1]));
  return [...ids].sort((a, b) => a - b);
}
const names = (text: string, node: number) => named(text).includes(node);
const textOf = (e: LibraryEntry, lang: Lang) => `${e.explanation[lang]} ${e.moment.text[lang]}`;

interface Leader { node: number; time: number; term?: number; epoch?: number }
/** Who took the lead, and when: Raft's and Zab's reports list it; a Multi-Paxos leader notes it; Basic Paxos has none. */
function leadersOf(entry: LibraryEntry, run: Run): Leader[] {
  if (entry.protocol === 'raft' || entry.protocol === 'zab') return run.report.leaders as Leader[];
  if (entry.protocol === 'multi-paxos') {
    return run.trace.filter((r) => r.kind === 'note' && r.what === 'leader').map((r) => ({ node: r.node, time: r.time }));
  }
  return [];
}

const faults = (run: Run, what: string) => run.trace.filter((r) => r.kind === 'fault' && r.what === what);

/** The servers cut off from the largest group by a partition (a server in no group is alone). */
function cutOff(entry: LibraryEntry, run: Run): Set<number> {
  const out = new Set<number>();
  for (const f of faults(run, 'partition')) {
    const groups = (f.data as { groups: number[][] }).groups;
    const largest = Math.max(...groups.map((g) => g.length));
    const big = groups.filter((g) => g.length === largest);
    for (const id of run.sim.nodeIds) {
      const inGroup = groups.find((g) => g.includes(id));
      if (!inGroup || (big.length === 1 && inGroup !== big[0]) || big.length > 1) out.add(id);
    }
  }
  return out;
}

const entries = LIBRARY.map((e) => [e.id, e] as [string, LibraryEntry]);

describe.each(entries)('library entry %s: its words name who changes', (_id, entry) => {
  const run = replay(entry);

  it('names, in English and Chinese, every server that crashes, restarts, is cut off or takes the lead', () => {
    const expected = new Map<number, string>();
    for (const f of faults(run, 'crash')) expected.set(f.node, 'crashes');
    for (const f of faults(run, 'restart')) expected.set(f.node, 'restarts');
    for (const id of cutOff(entry, run)) expected.set(id, 'is cut off');
    const leaders = leadersOf(entry, run);
    // a run whose one leader is elected at the start and to which nothing happens is about its clients
    const quiet = leaders.length <= 1 && expected.size === 0;
    if (!quiet) for (const l of leaders) expected.set(l.node, `leads (from ${l.time} ms)`);
    const missing: string[] = [];
    for (const [id, what] of expected) {
      for (const lang of LANGS) if (!names(textOf(entry, lang), id)) missing.push(`${lang}: S${id} ${what} but is not named`);
    }
    expect(missing).toEqual([]);
  });

  it('names the same servers in English and in Chinese', () => {
    for (const text of [entry.title, entry.explanation, entry.moment.text]) expect(named(text.zh)).toEqual(named(text.en));
  });

  it('a term or epoch the moment to watch names, it names who leads it by then', () => {
    const atMoment = replay(entry, entry.moment.at);
    const leaders = leadersOf(entry, atMoment);
    const missing: string[] = [];
    for (const lang of LANGS) {
      const text = entry.moment.text[lang];
      const said = entry.protocol === 'zab'
        ? [...text.matchAll(/(?:epoch|纪元) (\d+)/g)].map((m) => ({ epoch: Number(m[1]) }))
        : [...text.matchAll(/(?:term|任期) (\d+)/g)].map((m) => ({ term: Number(m[1]) }));
      for (const s of said) {
        for (const l of leaders.filter((x) => ('epoch' in s ? x.epoch === s.epoch : x.term === s.term))) {
          if (!names(text, l.node)) missing.push(`${lang}: S${l.node} leads ${JSON.stringify(s)} but is not named`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** Times in a text: "N ms" and "N s" in English, "N 毫秒" and "N 秒" in Chinese. */
const times = (text: string, unit: RegExp) => [...new Set([...text.matchAll(unit)].map((m) => Number(m[1])))].sort((a, b) => a - b);
const EN_MS = /(\d+(?:\.\d+)?) ms\b/g;
const ZH_MS = /(\d+(?:\.\d+)?) ?毫秒/g;
const EN_S = /(\d+(?:\.\d+)?) s\b/g;
const ZH_S = /(\d+(?:\.\d+)?) ?秒/g;
const decimals = (n: number) => (String(n).split('.')[1] ?? '').length;

describe.each(entries)('library entry %s: its times', (_id, entry) => {
  it('gives the same times in English and in Chinese', () => {
    for (const text of [entry.explanation, entry.moment.text]) {
      expect(times(text.zh, ZH_MS), 'ms').toEqual(times(text.en, EN_MS));
      expect(times(text.zh, ZH_S), 's').toEqual(times(text.en, EN_S));
    }
  });

  it('"at N ms" is when a scripted event or a happening of the run is', () => {
    const { trace } = replay(entry);
    const scripted = new Set(entry.scenario.events.map((e) => e.at));
    for (const text of [entry.explanation.en, entry.moment.text.en]) {
      for (const m of text.matchAll(/\bat (\d+(?:\.\d+)?) ms\b/gi)) {
        const t = Number(m[1]);
        const k = 10 ** decimals(t);
        const happens = scripted.has(t) || trace.some((r) => Math.round(r.time * k) / k === t);
        expect(happens, `${m[0]}`).toBe(true);
      }
    }
  });
});

const INVARIANTS = [...new Set([...Object.values(PROTOCOLS).flatMap((p) => [...p.invariants]), 'FencingOrder'])];
/** The invariants a text names, in the order it first names them. */
function invariantsNamed(text: string): string[] {
  return INVARIANTS.map((name) => ({ name, at: text.search(new RegExp(`\\b${name}\\b`)) }))
    .filter((x) => x.at >= 0).sort((a, b) => a.at - b.at).map((x) => x.name);
}

describe.each(entries)('library entry %s: its checkers', (_id, entry) => {
  const { sim } = replay(entry);
  const fired: string[] = [];
  for (const v of sim.violations) if (!fired.includes(v.invariant)) fired.push(v.invariant);

  it('names the invariants its checkers report, in both languages, in the order they first fire', () => {
    for (const lang of LANGS) {
      expect(invariantsNamed(entry.explanation[lang]), lang).toEqual(fired);
      for (const name of invariantsNamed(entry.moment.text[lang])) expect(fired, lang).toContain(name);
    }
  });

  it('a run that breaks an invariant shows one breaking at the moment to watch; "the checker stops the run" is the first', () => {
    if (fired.length === 0) return;
    const at = entry.moment.at;
    const there = sim.violations.filter((v) => v.time > at - 5 && v.time <= at);
    expect(there.length, `a violation within 5 ms before ${at} ms`).toBeGreaterThan(0);
    if (/checker stops the run/.test(entry.moment.text.en) || /检查器停下了运行/.test(entry.moment.text.zh)) {
      expect(there[0]).toBe(sim.violations[0]);
    }
    for (const name of invariantsNamed(entry.moment.text.en)) expect(there.map((v) => v.invariant)).toContain(name);
  });
});

describe('single library entries say what their runs show', () => {
  const roleNotes = (run: Run, role: string) => run.trace.filter((r) => r.kind === 'note' && r.what === 'role' && (r.data as { role: string }).role === role)
    .map((r) => ({ node: r.node, time: r.time, ...(r.data as { term: number; votes?: number[] }) }));

  it('raft-leader-crash: the server that wins term 2 and those that vote for it are named', () => {
    const entry = libraryEntry('raft-leader-crash');
    const run = replay(entry);
    const [won] = roleNotes(run, 'leader').filter((l) => l.term === 2);
    expect(roleNotes(run, 'candidate').filter((c) => c.term === 2).map((c) => c.node)).toEqual([won.node]);
    for (const lang of LANGS) {
      for (const voter of won.votes!) expect(names(entry.explanation[lang], voter), `${lang}: S${voter}`).toBe(true);
      expect(names(entry.moment.text[lang], won.node), lang).toBe(true);
    }
  });

  it('the four read runs: besides S1, the servers the explanation names are the leaders the majority elects after the cut', () => {
    for (const id of ['raft-stale-read-bug', 'raft-read-index', 'raft-lease-too-long-bug', 'raft-lease-read']) {
      const entry = libraryEntry(id);
      const run = replay(entry);
      const cut = faults(run, 'partition')[0].time;
      const elected = [...new Set((run.report.leaders as Leader[]).filter((l) => l.time > cut).map((l) => l.node))].sort();
      expect(elected.length, id).toBeGreaterThan(0);
      for (const lang of LANGS) expect(named(entry.explanation[lang]).filter((n) => n !== 1), `${id} ${lang}`).toEqual(elected);
    }
  });

  it('raft-figure-7-log-repair: S1 stands for term 8 and wins it at the times the explanation gives', () => {
    const entry = libraryEntry('raft-figure-7-log-repair');
    const run = replay(entry);
    const stood = roleNotes(run, 'candidate').find((c) => c.node === 1 && c.term === 8)!;
    const won = (run.report.leaders as Leader[]).find((l) => l.term === 8)!;
    expect(won).toMatchObject({ node: 1, time: FIGURE_7_ELECTED_AT });
    expect(won.time).toBeGreaterThan(stood.time);
    for (const [lang, unit] of [['en', ' ms'], ['zh', ' 毫秒']] as const) {
      expect(entry.explanation[lang], lang).toContain(`${stood.time}${unit}`);
      expect(entry.explanation[lang], lang).toContain(`${won.time}${unit}`);
    }
  });

  it('raft-figure-7-log-repair: a and b only miss entries, c and d only hold extra ones, e and f do both, as the explanation sorts them', () => {
    const entry = libraryEntry('raft-figure-7-log-repair');
    const { sim } = replay(entry, FIGURE_7_ELECTED_AT);
    const log = (id: number) => (sim.protocol.reportNode(sim.nodes[id]) as unknown as { log: { term: number }[] }).log.map((e) => e.term);
    const leader = log(1);
    const kind = (id: number) => {
      const mine = log(id);
      const missing = leader.some((t, i) => mine[i] !== t);
      const extra = mine.some((t, i) => leader[i] !== t);
      return missing && extra ? 'both' : missing ? 'missing' : 'extra';
    };
    expect([2, 3, 4, 5, 6, 7].map(kind)).toEqual(['missing', 'missing', 'extra', 'extra', 'both', 'both']);
    const ef = entry.explanation.en.slice(entry.explanation.en.indexOf('e and f'));
    expect(ef.slice(0, ef.indexOf('.'))).toMatch(/miss.*uncommitted/);
    expect(entry.explanation.zh).toMatch(/e 和 f[^。]*既缺条目[^。]*未提交/);
  });

  it('raft-figure-8-current-term-entry: S5 is refused in term 4 for a vote already cast and in term 5 for its log; the winner of term 6 is named', () => {
    const entry = libraryEntry('raft-figure-8-current-term-entry');
    const run = replay(entry);
    const refusals = run.trace.filter((r) => r.kind === 'note' && r.what === 'vote' && (r.data as { candidate: number }).candidate === 5
      && !(r.data as { granted: boolean }).granted).map((r) => [r.node, (r.data as { term: number }).term, (r.data as { reason: string }).reason]);
    expect(refusals).toEqual([[2, 4, 'already-voted'], [3, 4, 'already-voted'], [2, 5, 'log-behind'], [3, 5, 'log-behind']]);
    const next = (run.report.leaders as Required<Leader>[]).find((l) => l.time > 1000)!;
    const seconds = Math.round(next.time / 500) / 2;
    for (const [lang, term, s] of [['en', `term ${next.term}`, `${seconds} s`], ['zh', `任期 ${next.term}`, `${seconds} 秒`]] as const) {
      expect(names(entry.explanation[lang], next.node), lang).toBe(true);
      expect(entry.explanation[lang], lang).toContain(term);
      expect(entry.explanation[lang], lang).toContain(s);
    }
    expect(entry.explanation.en).toMatch(/already voted for S1/);
    expect(entry.explanation.zh).toMatch(/已经投给了 S1/);
  });

  it('raft-lossy-network: S4 leads term 1, loses it when S3 times out, and wins again in the term the text gives', () => {
    const entry = libraryEntry('raft-lossy-network');
    const run = replay(entry);
    const leaders = run.report.leaders as Required<Pick<Leader, 'node' | 'term'>>[];
    expect(leaders.map((l) => l.node)).toEqual([4, 4]);
    const firstRival = roleNotes(run, 'candidate').find((c) => c.term > leaders[0].term)!;
    const at = Math.round(firstRival.time / 100) / 10;
    for (const [lang, unit, term] of [['en', ' s', 'term'], ['zh', ' 秒', '任期']] as const) {
      expect(names(entry.explanation[lang], firstRival.node), lang).toBe(true);
      expect(entry.explanation[lang], lang).toContain(`${at}${unit}`);
      expect(entry.explanation[lang], lang).toContain(`${term} ${leaders[1].term}`);
    }
  });

  it('raft-unsafe-membership-change-bug: the first violation comes when S3 wins term 2, before S4 does, at the times given', () => {
    const entry = libraryEntry('raft-unsafe-membership-change-bug');
    const { sim } = replay(entry);
    const [first, second] = sim.violations;
    for (const [lang, unit] of [['en', ' ms'], ['zh', ' 毫秒']] as const) {
      expect(entry.explanation[lang], lang).toContain(`${Math.round(first.time)}${unit}`);
      expect(entry.explanation[lang], lang).toContain(`${Math.round(second.time)}${unit}`);
    }
    expect(first.detail).toMatch(/^S3 became leader of term 2/);
    expect(second.detail).toMatch(/^S4 and S3 were both elected leader in term 2/);
  });

  it('paxos-one-proposer: the moment names the acceptors that have accepted A by then', () => {
    const entry = libraryEntry('paxos-one-proposer');
    const { sim } = replay(entry, entry.moment.at);
    const voted = sim.nodeIds.filter((id) => (sim.protocol.reportNode(sim.nodes[id]) as unknown as { accepted: unknown }).accepted !== null);
    for (const lang of LANGS) expect(named(entry.moment.text[lang]), lang).toEqual(voted);
  });

  it('zab-no-epoch-bump-bug: what S5 committed before it crashed is what the explanation says it committed', () => {
    const entry = libraryEntry('zab-no-epoch-bump-bug');
    const run = replay(entry);
    const crash = faults(run, 'crash').find((f) => f.node === 5)!.time;
    const committed = (run.report.committed as { command: string; time: number }[]).filter((c) => c.time < crash).map((c) => c.command);
    const en = entry.explanation.en.match(/commits ([a-z])(?: and ([a-z]))?/)!;
    const zh = entry.explanation.zh.match(/提交了 ?([a-z])(?: ?和 ?([a-z]))?/)!;
    expect(en.slice(1).filter(Boolean)).toEqual(committed);
    expect(zh.slice(1).filter(Boolean)).toEqual(committed);
  });

  it('cap-partition-serializable-reads: the stale answer comes about as long after the newer writes returned as the moment says', () => {
    const entry = libraryEntry('cap-partition-serializable-reads');
    const { sim } = replay(entry);
    const read = sim.clientHistory.find((h) => h.op === 'get' && h.call > entry.moment.at - 2 && h.call <= entry.moment.at)!;
    const newer = sim.clientHistory.filter((h) => h.op === 'put' && h.return !== null && h.return < read.call && h.client > 2
      && !sim.clientHistory.some((x) => x.op === 'put' && x.call > h.return! && x.return !== null && x.return < read.call && x.client > 2));
    const lastReturn = Math.max(...newer.map((h) => h.return!));
    const gap = Math.round((read.call - lastReturn) / 10) * 10;
    expect(entry.moment.text.en).toContain(`${gap} ms after`);
    expect(entry.moment.text.zh).toContain(`${gap} 毫秒前`);
    for (const h of newer) expect(entry.moment.text.en).toContain(String(h.value));
    expect(entry.moment.text.en).toContain(String(read.output));
  });
});
