/**
 * Swarm fuzzer CLI: `npm run fuzz -- --protocol raft --seeds 200 [--bug NAME]... [--from SEED]
 * [--nodes N] [--safety MS] [--liveness MS] [--jobs N] [--shrink N|all] [--json]`. Prints each
 * failure with its seed and a share link that replays it, the first few shrunk to a small run that
 * fails the same way, then a summary (or, with --json, one JSON object per line for each). Seeds run
 * in worker threads; the output is the same whatever their number. A progress bar shows on a
 * terminal. Exit 0: every seed passed; 1: some failed; 2: bad arguments.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName } from '../protocols/registry';
import { FUZZ_DEFAULTS, emptySummary, failed, tally, type FuzzOptions, type FuzzOutcome, type FuzzSummary } from '../scenario/fuzz';
import { describeFailure, failureOf } from '../scenario/shrink';
import { LIMITS } from '../scenario/schema';
import { FuzzPool } from './fuzz-pool';
import type { Shrunk } from './fuzz-tasks';
import { argErrors, type ArgErrors } from './args';

const USAGE = `usage: npm run fuzz -- --protocol ${PROTOCOL_NAMES.join('|')} [--seeds N] [--from SEED] [--bug NAME]... `
  + '[--nodes N] [--safety MS] [--liveness MS] [--swarm 1|2] [--lock fenced|unfenced] [--jobs N] [--shrink N|all] [--json] [--app URL]';
/** Failures shrunk by default: the first few, in seed order (shrinking costs up to a few hundred runs). */
const SHRINK_DEFAULT = 3;

const args: ArgErrors = argErrors(USAGE);
const fail: (message: string) => never = args.fail;
const wholeNumber = args.wholeNumber;

interface Args extends FuzzOptions { seeds: number; firstSeed: number; app: string; jobs: number; shrink: number; json: boolean }

function parseArgs(argv: string[]): Args {
  let protocol: ProtocolName | null = null;
  const args: Partial<Args> = { bugs: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--protocol': {
        const p = value();
        if (!PROTOCOL_NAMES.includes(p as ProtocolName)) fail(`--protocol: must be one of ${PROTOCOL_NAMES.join(', ')}, got ${p ?? 'nothing'}`);
        protocol = p as ProtocolName;
        break;
      }
      case '--seeds': args.seeds = wholeNumber('--seeds', value(), 1, 1_000_000); break;
      case '--from': args.firstSeed = wholeNumber('--from', value(), 0, 0xffffffff); break;
      case '--bug': args.bugs!.push(value() ?? fail('--bug: needs a bug name')); break;
      case '--nodes': args.nodes = wholeNumber('--nodes', value(), 1, LIMITS.maxNodes); break;
      case '--safety': args.safetyMs = wholeNumber('--safety', value(), 0, 600_000); break;
      case '--liveness': args.livenessMs = wholeNumber('--liveness', value(), 1500, 600_000); break;
      case '--jobs': args.jobs = wholeNumber('--jobs', value(), 1, 256); break;
      case '--shrink': {
        const v = value();
        args.shrink = v === 'all' ? Infinity : wholeNumber('--shrink', v, 0, 1_000_000);
        break;
      }
      case '--json': args.json = true; break;
      case '--swarm': args.swarm = wholeNumber('--swarm', value(), 1, 2) as 1 | 2; break;
      case '--lock': {
        const v = value();
        if (v !== 'fenced' && v !== 'unfenced') fail(`--lock: must be fenced or unfenced, got ${v ?? 'nothing'}`);
        args.lock = { fencing: v === 'fenced' };
        break;
      }
      case '--app': args.app = value() ?? fail('--app: needs the app URL'); break;
      case '--help': case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default: fail(`unknown argument ${argv[i]}`);
    }
  }
  if (protocol === null) fail('--protocol: required');
  const known = PROTOCOLS[protocol].bugs;
  for (const b of args.bugs!) {
    if (!known.includes(b)) fail(`--bug: unknown bug "${b}" for ${protocol} (known: ${known.join(', ') || 'none'})`);
  }
  return { seeds: 200, firstSeed: 1, app: '', jobs: availableParallelism(), shrink: SHRINK_DEFAULT, json: false, ...args, protocol } as Args;
}

function describe(o: FuzzOutcome): string {
  const reasons: string[] = [];
  const byInvariant = new Map<string, number>();
  for (const v of o.violations) byInvariant.set(v.invariant, (byInvariant.get(v.invariant) ?? 0) + 1);
  if (o.violations.length > 0) {
    const first = o.violations[0];
    reasons.push(`${[...byInvariant.keys()].join(', ')} violated (first at ${first.time} ms: ${first.detail})`);
  }
  if (o.linearizable === false) reasons.push('the client history is not linearizable');
  if (o.liveness !== null) reasons.push(`no progress: ${o.liveness}`);
  return reasons.join('; ');
}

const fuzzOptions = (a: Args): FuzzOptions => ({ protocol: a.protocol, bugs: a.bugs, nodes: a.nodes, safetyMs: a.safetyMs, livenessMs: a.livenessMs, swarm: a.swarm, lock: a.lock });

function printFailure(args: Args, o: FuzzOutcome, shrunk: Shrunk | null): void {
  if (args.json) {
    const failure = failureOf(o)!;
    process.stdout.write(`${JSON.stringify({
      type: 'failure', seed: o.seed, failure: describeFailure(failure), reason: describe(o),
      violations: o.violations, linearizable: o.linearizable, liveness: o.liveness, events: o.events,
      traceHash: o.traceHash, url: o.url,
      shrunk: shrunk && {
        failure: describeFailure(shrunk.failure), events: shrunk.eventsAfter, nodes: shrunk.scenario.nodes,
        until: shrunk.scenario.until, momentMs: shrunk.momentMs, runs: shrunk.runs, url: shrunk.url, scenario: shrunk.scenario,
      },
    })}\n`);
    return;
  }
  process.stdout.write(`FAIL seed ${o.seed}: ${describe(o)}\n`);
  process.stdout.write(`  replay: npm run --silent sim -- --url '${o.url}'\n`);
  if (args.app) process.stdout.write(`  open:   ${args.app}${o.url}\n`);
  if (shrunk) {
    const s = shrunk.scenario;
    process.stdout.write(`  shrunk: ${shrunk.eventsAfter} events (from ${shrunk.eventsBefore}), ${s.nodes} nodes, until ${s.until} ms, `
      + `${describeFailure(shrunk.failure)} at ${shrunk.momentMs} ms (${shrunk.runs} runs)\n`);
    process.stdout.write(`  shrunk replay: npm run --silent sim -- --url '${shrunk.url}'\n`);
    if (args.app) process.stdout.write(`  shrunk open:   ${args.app}${shrunk.url}\n`);
    process.stdout.write(`  shrunk scenario: ${JSON.stringify(s)}\n`);
  }
}

function printSummary(args: Args, summary: FuzzSummary, seconds: string): void {
  if (args.json) {
    process.stdout.write(`${JSON.stringify({
      type: 'summary', protocol: summary.protocol, bugs: summary.bugs, seeds: summary.seeds, firstSeed: summary.firstSeed,
      safetyMs: args.safetyMs ?? FUZZ_DEFAULTS.safetyMs, livenessMs: args.livenessMs ?? FUZZ_DEFAULTS.livenessMs,
      passed: summary.seeds - summary.failures.length, failed: summary.failures.length,
      failedSeeds: summary.failures.map((f) => f.seed),
      safetyFailures: summary.safetyFailures, linearizabilityFailures: summary.linearizabilityFailures,
      livenessFailures: summary.livenessFailures, events: summary.events, seconds: Number(seconds), jobs: args.jobs,
    })}\n`);
    return;
  }
  const bugs = summary.bugs.length ? summary.bugs.join(', ') : 'none';
  process.stdout.write(
    `${summary.protocol}: ${summary.seeds} seeds from ${summary.firstSeed} (bugs: ${bugs}; `
    + `${args.safetyMs ?? FUZZ_DEFAULTS.safetyMs} ms of faults, then ${args.livenessMs ?? FUZZ_DEFAULTS.livenessMs} ms to converge), `
    + `${summary.events} events in ${seconds} s\n`
    + `  passed ${summary.seeds - summary.failures.length}, failed ${summary.failures.length}: `
    + `${summary.safetyFailures} invariant violations, ${summary.linearizabilityFailures} non-linearizable histories, `
    + `${summary.livenessFailures} liveness failures\n`,
  );
}

/** A one-line bar on stderr, redrawn at most ten times a second, only on a terminal. */
function progressBar(total: number): { update(done: number, failures: number): void; clear(): void } {
  if (!process.stderr.isTTY) return { update() {}, clear() {} };
  let last = 0;
  const started = performance.now();
  return {
    update(done, failures) {
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} seeds, ${failures} failed, ${((now - started) / 1000).toFixed(1)} s `);
    },
    clear() { process.stderr.write('\r\x1b[2K'); },
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const options = fuzzOptions(args);
  const pool = new FuzzPool(Math.min(args.jobs, args.seeds), options);
  const summary = emptySummary(options, args.firstSeed);
  const bar = progressBar(args.seeds);
  const seedAt = (i: number): number => (args.firstSeed + i) >>> 0;
  // keep a few tasks per worker queued ahead, and read the results in seed order
  const ahead = args.jobs * 4;
  const pending: Promise<FuzzOutcome>[] = [];
  const submit = (i: number): void => {
    if (i < args.seeds) pending[i] = pool.run({ type: 'seed', seed: seedAt(i) }).then((r) => (r as { outcome: FuzzOutcome }).outcome);
  };
  for (let i = 0; i < ahead; i++) submit(i);
  let shrunkSoFar = 0;
  try {
    for (let i = 0; i < args.seeds; i++) {
      const outcome = await pending[i];
      delete pending[i];
      submit(i + ahead);
      tally(summary, outcome);
      if (failed(outcome)) {
        let shrunk: Shrunk | null = null;
        if (shrunkSoFar < args.shrink) {
          shrunkSoFar++;
          shrunk = ((await pool.run({ type: 'shrink', seed: outcome.seed })) as { shrunk: Shrunk | null }).shrunk;
        }
        bar.clear();
        printFailure(args, outcome, shrunk);
      }
      bar.update(i + 1, summary.failures.length);
    }
  } finally {
    bar.clear();
    await pool.close();
  }
  printSummary(args, summary, ((performance.now() - started) / 1000).toFixed(1));
  return summary.failures.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 3;
});
