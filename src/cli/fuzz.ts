/**
 * Swarm fuzzer CLI: `npm run fuzz -- --protocol raft --seeds 200 [--bug NAME]... [--from SEED]
 * [--nodes N] [--safety MS] [--liveness MS]`. Prints one line per failure with its seed and a share
 * link that replays it, then a summary. Exit 0: every seed passed; 1: some failed; 2: bad arguments.
 */
import { performance } from 'node:perf_hooks';
import { PROTOCOLS, PROTOCOL_NAMES } from '../protocols/registry';
import { FUZZ_DEFAULTS, fuzz, type FuzzOptions, type FuzzOutcome } from '../scenario/fuzz';
import { LIMITS } from '../scenario/schema';
import type { ProtocolName } from '../sim/types';

const USAGE = 'usage: npm run fuzz -- --protocol raft|paxos|multi-paxos [--seeds N] [--from SEED] [--bug NAME]... '
  + '[--nodes N] [--safety MS] [--liveness MS] [--app URL]';

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(flag: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min || n > max) fail(`${flag}: must be a whole number from ${min} to ${max}, got ${v ?? 'nothing'}`);
  return n;
}

interface Args extends FuzzOptions { seeds: number; firstSeed: number; app: string }

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
  return { seeds: 200, firstSeed: 1, app: '', ...args, protocol } as Args;
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
  if (o.liveness !== null) reasons.push(`no convergence after healing: ${o.liveness}`);
  return reasons.join('; ');
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const summary = fuzz({
    ...args,
    onCase: (o) => {
      if (o.violations.length === 0 && o.liveness === null && o.linearizable !== false) return;
      process.stdout.write(`FAIL seed ${o.seed}: ${describe(o)}\n`);
      process.stdout.write(`  replay: npm run --silent sim -- --url '${o.url}'\n`);
      if (args.app) process.stdout.write(`  open:   ${args.app}${o.url}\n`);
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const bugs = summary.bugs.length ? summary.bugs.join(', ') : 'none';
  process.stdout.write(
    `${summary.protocol}: ${summary.seeds} seeds from ${summary.firstSeed} (bugs: ${bugs}; `
    + `${args.safetyMs ?? FUZZ_DEFAULTS.safetyMs} ms of faults, then ${args.livenessMs ?? FUZZ_DEFAULTS.livenessMs} ms to converge), `
    + `${summary.events} events in ${seconds} s\n`
    + `  passed ${summary.seeds - summary.failures.length}, failed ${summary.failures.length}: `
    + `${summary.safetyFailures} invariant violations, ${summary.linearizabilityFailures} non-linearizable histories, `
    + `${summary.livenessFailures} liveness failures\n`,
  );
  return summary.failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
