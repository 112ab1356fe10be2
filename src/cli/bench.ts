/**
 * `npm run bench [-- --json] [-- --only=name,name]` (names: see `figure(...)` below and PAGE_FIGURES): the project's speed and size figures, each
 * from several runs after a warm-up, the median with its spread and the target beside it.
 * A benchmark, not a test: it never runs under `npm test`.
 */
import { gzipSync } from 'node:zlib';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../scenario/run';
import { encodeLink } from '../scenario/link';
import { PROTOCOLS } from '../protocols/registry';
import { Timeline } from '../sim/timeline';
import { CHECKPOINT_EVERY, makeTimeline } from '../ui/state/store';
import { Rng } from '../sim/rng';
import type { Scenario, ScenarioEvent } from '../sim/types';
import { browserFigures } from './bench-browser';
import { PAGE_FIGURES } from './bench-page';
import { figure, percentile, type Figure } from './bench-figures';
import { checkHistory, type CheckOptions, type HistoryOp } from '../scenario/linearizability';
import { check } from '../scenario/check';

/**
 * A full collection, twice: the memory of a typed array that died is handed back only by the next
 * collection after the one that found it dead, so after one the dead blocks of a previous run
 * (the time-travel columns, the kept trace) still counted in a baseline taken then.
 */
const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
};
/** Memory in use: the JavaScript heap and the typed arrays' buffers, which live outside it. */
const usedBytes = (): number => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** A 5-node cluster under steady client load from the workload generator. */
export function loadScenario(protocol: 'raft' | 'multi-paxos', seed = 1): Scenario {
  return {
    version: 1, protocol, nodes: 5, seed, events: [],
    workload: { clients: 5, keys: 5, interval: { min: 5, max: 20 }, readRatio: 0.5, from: 0, to: 3_600_000 },
  };
}

function throughput(protocol: 'raft' | 'multi-paxos', events: number, runs: number): number[] {
  const out: number[] = [];
  for (let i = -1; i < runs; i++) {
    const sim = createSimulation(loadScenario(protocol, i + 2));
    gc();
    const t0 = performance.now();
    sim.runEvents(events);
    const secs = (performance.now() - t0) / 1000;
    if (sim.violations.length > 0) throw new Error(`${protocol} load run violated ${sim.violations[0].invariant}`);
    if (i >= 0) out.push(sim.stats.events / secs); // run -1 is the warm-up
  }
  return out;
}

function simulatedSecondsPerSecond(runs: number): number[] {
  const out: number[] = [];
  for (let i = -1; i < runs; i++) {
    const sim = createSimulation({
      version: 1, protocol: 'raft', nodes: 5, seed: 10 + i, events: [],
      network: { latency: { min: 10, max: 15 } }, config: { heartbeatInterval: 50 },
    });
    const virtualMs = 600_000;
    const t0 = performance.now();
    sim.runUntil(virtualMs);
    const secs = (performance.now() - t0) / 1000;
    if (i >= 0) out.push(virtualMs / 1000 / secs);
  }
  return out;
}

/**
 * Time travel over a 1,000,000-event run, with checkpoints as far apart as the page keeps them:
 * p95 seek time per batch, and the heap the checkpoints keep (the trace is left out: it is the
 * livelock figure's).
 */
function timeTravel(runs: number, seeksPerRun: number): { seekP95: number[]; heapMb: number[]; events: number } {
  const seekP95: number[] = [];
  const heapMb: number[] = [];
  const total = 1_000_000;
  for (let i = 0; i < runs; i++) {
    gc();
    const before = usedBytes();
    let timeline: Timeline | null = new Timeline(loadScenario('raft', 100 + i), PROTOCOLS.raft, { keepTrace: false, checkpointEvery: CHECKPOINT_EVERY });
    timeline.extendToEvents(total);
    gc();
    heapMb.push((usedBytes() - before) / 1e6);
    const rng = new Rng(7, i);
    const times: number[] = [];
    for (let s = 0; s < seeksPerRun + 3; s++) {
      const target = rng.int(1, total);
      const t0 = performance.now();
      const state = timeline.stateAtEvent(target);
      const dt = performance.now() - t0;
      if (state.stats.events !== target) throw new Error('seek landed on the wrong event');
      if (s >= 3) times.push(dt); // the first seeks warm the code up
    }
    seekP95.push(percentile(times, 95));
    timeline = null;
  }
  return { seekP95, heapMb, events: total };
}

/**
 * The linearizability check of 10,000 operations on one key: a 3-node Raft cluster under five
 * busy clients on a fast network, so operations overlap. Returns ms per check, by each decider.
 */
function linearizabilityCheck(runs: number, method: CheckOptions['method']): number[] {
  const sim = createSimulation({
    version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [], until: 20_000, network: { latency: { min: 1, max: 2 } },
    workload: { clients: 5, keys: 1, interval: { min: 1, max: 2 }, readRatio: 0.5, from: 0, to: 20_000 },
  });
  sim.runUntil(20_000);
  const history: HistoryOp[] = sim.clientHistory.slice(0, 10_000);
  if (history.length < 10_000) throw new Error(`the load run gave only ${history.length} operations`);
  const out: number[] = [];
  for (let i = -1; i < runs; i++) {
    const t0 = performance.now();
    const verdict = checkHistory(history, { method });
    if (i >= 0) out.push(performance.now() - t0);
    if (verdict.linearizable !== true) throw new Error(`the load run's history was judged ${verdict.linearizable}: ${verdict.reason}`);
  }
  return out;
}

/**
 * A valid run that keeps tens of thousands of messages on the wire: 8 nodes time out every 1–2 ms
 * and every message is duplicated, so no leader is ever elected (a livelock worth showing).
 */
export const LIVELOCK_SCENARIO: Scenario = {
  version: 1, protocol: 'raft', nodes: 8, seed: 1, events: [], until: 6000,
  network: { duplicateRate: 1 }, config: { electionTimeout: { min: 1, max: 2 } },
};

/** The heap the page's Timeline keeps (its checkpoints and its trace records) after the whole livelock run. */
function livelockHeap(runs: number): { heapMb: number[]; note: string } {
  const heapMb: number[] = [];
  let note = '';
  // one baseline for every run: just after a run, optimised code can still hold its timeline for a
  // while, so a baseline taken then would count it; by the end of the next run it is collected
  gc();
  const before = usedBytes();
  for (let i = 0; i < runs; i++) {
    let timeline: Timeline | null = makeTimeline(LIVELOCK_SCENARIO);
    timeline.extendToTime(LIVELOCK_SCENARIO.until!);
    gc();
    heapMb.push((usedBytes() - before) / 1e6);
    note = `${timeline.events} events, ${timeline.trace.length} trace records`;
    timeline = null;
  }
  return { heapMb, note };
}

/** A realistic 50-event lesson script: faults, requests and network changes. */
function linkLength(): number[] {
  const rng = new Rng(3, 0);
  const events: ScenarioEvent[] = [];
  for (let i = 0; i < 50; i++) {
    const at = 200 + i * 137;
    const node = rng.int(1, 5);
    switch (i % 7) {
      case 0: events.push({ at, type: 'request', node: 'leader', command: `x=${i}` }); break;
      case 1: events.push({ at, type: 'crash', node }); break;
      case 2: events.push({ at, type: 'restart', node }); break;
      case 3: events.push({ at, type: 'partition', groups: [[1, 2], [3, 4, 5]] }); break;
      case 4: events.push({ at, type: 'heal' }); break;
      case 5: events.push({ at, type: 'link', from: node, to: (node % 5) + 1, dropRate: 0.5 }); break;
      default: events.push({ at, type: 'timeout', node }); break;
    }
  }
  const scenario: Scenario = { version: 1, protocol: 'raft', nodes: 5, seed: 42, events };
  return [encodeLink(scenario, 5000).length];
}

/**
 * Gzipped JavaScript of a production build: what the page loads to start (the entry chunk and the
 * chunks it imports statically), and everything, with the chunks loaded on demand (the search
 * worker of "Find a failure", which bundles its own copy of the simulator).
 */
function bundleKb(): { startKb: number[]; allKb: number[] } {
  // build output goes to stderr, so stdout carries only the report
  execFileSync('npx', ['vite', 'build', '--outDir', '.bench/dist', '--emptyOutDir', '--logLevel', 'error'], { stdio: ['ignore', process.stderr, process.stderr] });
  const dir = '.bench/dist/assets';
  const gz = (f: string): number => gzipSync(readFileSync(join(dir, f))).length;
  const all = readdirSync(dir).filter((f) => f.endsWith('.js') && statSync(join(dir, f)).isFile());
  const html = readFileSync('.bench/dist/index.html', 'utf8');
  const start = new Set([...html.matchAll(/<script[^>]+src="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  // follow static imports (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`
  for (const f of [...start]) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/import\s*(?:[\w{}\s,*$]*from\s*)?["']\.\/([\w.-]+\.js)["']/g)) {
      if (!start.has(m[1])) start.add(m[1]);
    }
  }
  const sum = (files: Iterable<string>): number => [...files].reduce((t, f) => t + gz(f), 0) / 1024;
  return { startKb: [sum(start)], allKb: [sum(all)] };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
  const want = (name: string): boolean => !only || only.has(name);
  if (!(globalThis as { gc?: unknown }).gc) console.error('note: run with --expose-gc (npm run bench does) for steadier heap figures');

  const figures: Figure[] = [];
  const log = (f: Figure): void => {
    figures.push(f);
    if (!json) console.error(`measured ${f.name}: ${f.median} ${f.unit}`);
  };
  if (want('raft-throughput')) {
    log(figure('raft-throughput', 'engine throughput: 5-node Raft, client load, invariants on', 'events/s', 'min', 1_000_000,
      throughput('raft', 1_000_000, 5)));
  }
  if (want('multi-paxos-throughput')) {
    if (PROTOCOLS['multi-paxos'].name !== 'multi-paxos') {
      log({ ...figure('multi-paxos-throughput', 'engine throughput: 5-node Multi-Paxos, client load, invariants on', 'events/s', 'min', 1_000_000, [0]), note: 'Multi-Paxos is not in the registry yet' });
    } else {
      log(figure('multi-paxos-throughput', 'engine throughput: 5-node Multi-Paxos, client load, invariants on', 'events/s', 'min', 1_000_000,
        throughput('multi-paxos', 1_000_000, 5)));
    }
  }
  if (want('simulated-seconds')) {
    log(figure('simulated-seconds', 'simulated seconds per wall-clock second: 5-node Raft, heartbeat 50 ms, latency 10–15 ms, no load',
      'sim s/s', 'min', 5000, simulatedSecondsPerSecond(5)));
  }
  if (want('seek-p95') || want('heap')) {
    const tt = timeTravel(3, 40);
    if (want('seek-p95')) log(figure('seek-p95', `seek to a random moment of a 1,000,000-event run, a checkpoint every ${CHECKPOINT_EVERY} events as in the page (p95 per batch of 40 seeks)`, 'ms', 'max', 25, tt.seekP95));
    if (want('heap')) log(figure('heap', 'heap kept for time travel after a 1,000,000-event run', 'MB', 'max', 150, tt.heapMb));
  }
  if (want('linearizability')) {
    log(figure('linearizability', 'linearizability check of 10,000 operations on one key (zones)', 'ms', 'max', 1000, linearizabilityCheck(5, 'auto')));
    log(figure('linearizability-search', 'the same by the memoised search (used when a value is written twice)', 'ms', 'max', 1000, linearizabilityCheck(5, 'search')));
  }
  if (want('livelock-heap')) {
    const ll = livelockHeap(3);
    log(figure('livelock-heap', 'heap the page keeps for a 6 s livelock run (8 nodes, election timeout 1–2 ms, every message duplicated): timeline with its trace', 'MB', 'max', 200, ll.heapMb, ll.note));
  }
  if (want('check-states')) {
    log(figure('check-states', 'exhaustive search: 3-node Raft, rounds model, default bounds, depth 5 (states per second)', 'states/s', 'min', 500,
      [1, 2, 3].map(() => check({ protocol: 'raft', nodes: 3, depth: 5, now: () => performance.now() }).statesPerSecond)));
  }
  if (want('link-length')) log(figure('link-length', 'share link for a scenario with 50 events', 'characters', 'max', 2000, linkLength()));
  if (want('bundle') || want('bundle-all')) {
    const b = bundleKb();
    if (want('bundle')) log(figure('bundle', 'production JavaScript the page loads to start, gzipped', 'KB', 'max', 250, b.startKb));
    if (want('bundle-all')) {
      log(figure('bundle-all', 'all production JavaScript, gzipped, with chunks loaded on demand (the search worker)', 'KB', 'max', 350, b.allKb,
        'the search worker loads only when "Find a failure" starts'));
    }
  }
  if (PAGE_FIGURES.some(want)) {
    const progress = (f: Figure): void => { if (!json) console.error(`measured ${f.name}: ${f.median} ${f.unit}`); };
    figures.push(...await browserFigures(want, progress));
  }

  const report = JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, figures }, null, 2);
  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/report.json', `${report}\n`);
  if (json) {
    process.stdout.write(`${report}\n`);
  } else {
    const rows = figures.map((f) => [f.met ? 'met ' : 'MISS', f.what, `${f.median} ${f.unit}`, `${f.spread[0]}–${f.spread[1]}`,
      `${f.kind === 'min' ? '≥' : '≤'} ${f.target}`, f.note ?? '']);
    const header = ['', 'figure', 'median', 'spread', 'target', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
