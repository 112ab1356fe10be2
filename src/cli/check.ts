/**
 * Exhaustive search CLI: `npm run --silent check -- --protocol raft --nodes 3 --depth N [--bug NAME]...
 * [--model rounds|messages] [--requests N] [--crashes N] [--timeouts N] [--partitions N] [--duplicates N]
 * [--reads N] [--extras N] [--mid-requests N] [--config JSON | --config KNOB=VALUE]... [--max-states N] [--json] [--app URL]`. Explores every ordering of the model's actions
 * breadth-first (src/scenario/check.ts, check-models.ts) and prints the
 * states explored, states per second, the depth completed, and a shortest counterexample as a
 * scenario and a share link. Exit 0: none up to the depth; 1: a counterexample; 2: bad arguments.
 */
import { performance } from 'node:perf_hooks';
import { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName } from '../protocols/registry';
import { CHECK_DEFAULTS, check, type CheckOptions } from '../scenario/check';
import { CHECK_MODELS, type CheckModel } from '../scenario/check-models';
import { LIMITS } from '../scenario/schema';
import { checkKnobs } from '../protocols/config';
import { argErrors, type ArgErrors } from './args';

const USAGE = `usage: npm run --silent check -- --protocol ${PROTOCOL_NAMES.join('|')} --nodes N --depth N [--bug NAME]... `
  + `[--model ${CHECK_MODELS.join('|')}] [--requests N] [--crashes N] [--timeouts N] [--partitions N] [--duplicates N] `
  + '[--reads N] [--extras N] [--mid-requests N] [--config JSON | --config KNOB=VALUE]... [--max-states N] [--json] [--app URL]';

const args: ArgErrors = argErrors(USAGE);
const fail: (message: string) => never = args.fail;
const wholeNumber = args.wholeNumber;

/**
 * One --config: a JSON object of knobs, or KNOB=VALUE with VALUE read as JSON where it is JSON
 * (`electionTimeout={"min":25,"max":3000000}`, `maxBatch=4`) and as text otherwise (`readMode=lease`).
 */
function knobsOf(v: string | undefined): Record<string, unknown> {
  if (v === undefined || v === '') return fail('--config: needs a JSON object of knobs or KNOB=VALUE');
  if (v.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch (e) {
      return fail(`--config: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('--config: must be a JSON object of knobs');
    return parsed as Record<string, unknown>;
  }
  const eq = v.indexOf('=');
  if (eq <= 0) return fail(`--config: must be a JSON object or KNOB=VALUE, got ${v}`);
  const raw = v.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: the text itself
  }
  return { [v.slice(0, eq)]: value };
}

function parseArgs(argv: string[]): CheckOptions & { json: boolean; app: string } {
  let protocol: ProtocolName | null = null;
  const config: Record<string, unknown> = {};
  const args: Partial<CheckOptions> & { json: boolean; app: string; bugs: string[] } = { json: false, app: '', bugs: [] };
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
      case '--nodes': args.nodes = wholeNumber('--nodes', value(), 1, LIMITS.maxNodes); break;
      case '--depth': args.depth = wholeNumber('--depth', value(), 1, 1000); break;
      case '--bug': args.bugs.push(value() ?? fail('--bug: needs a bug name')); break;
      case '--requests': args.maxRequests = wholeNumber('--requests', value(), 0, 100); break;
      case '--crashes': args.maxCrashes = wholeNumber('--crashes', value(), 0, 100); break;
      case '--timeouts': args.maxTimeouts = wholeNumber('--timeouts', value(), 0, 100); break;
      case '--partitions': args.maxPartitions = wholeNumber('--partitions', value(), 0, 100); break;
      case '--duplicates': args.maxDuplicates = wholeNumber('--duplicates', value(), 0, 1); break;
      case '--reads': args.maxReads = wholeNumber('--reads', value(), 0, 100); break;
      case '--extras': args.maxExtras = wholeNumber('--extras', value(), 0, 100); break;
      case '--mid-requests': args.maxMidRequests = wholeNumber('--mid-requests', value(), 0, 100); break;
      case '--config': Object.assign(config, knobsOf(value())); break;
      case '--model': {
        const m = value();
        if (!CHECK_MODELS.includes(m as CheckModel)) fail(`--model: must be one of ${CHECK_MODELS.join(', ')}, got ${m ?? 'nothing'}`);
        args.model = m as CheckModel;
        break;
      }
      case '--max-states': args.maxStates = wholeNumber('--max-states', value(), 1, 1e9); break;
      case '--json': args.json = true; break;
      case '--app': args.app = value() ?? fail('--app: needs the app URL'); break;
      case '--help': case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default: fail(`unknown argument ${argv[i]}`);
    }
  }
  if (protocol === null) fail('--protocol: required');
  if (args.nodes === undefined) fail('--nodes: required');
  if (args.depth === undefined) fail('--depth: required');
  const plugin = PROTOCOLS[protocol];
  const known = plugin.bugs;
  for (const b of args.bugs) {
    if (!known.includes(b)) fail(`--bug: unknown bug "${b}" for ${protocol} (known: ${known.join(', ') || 'none'})`);
  }
  if (Object.keys(config).length > 0) {
    const error = checkKnobs(config, plugin.knobs, args.nodes) ?? plugin.checkConfig?.(config);
    if (error) fail(`--config: ${error.field}: ${error.reason.en}`);
    args.config = config;
  }
  // (--partitions and --duplicates have always been taken and ignored there)
  if (args.model === 'messages' && args.maxMidRequests) fail('--mid-requests: the messages model has no such actions (only the rounds model does)');
  return { ...args, protocol, nodes: args.nodes, depth: args.depth };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const tty = process.stderr.isTTY && !args.json;
  const result = check({
    ...args,
    now: () => performance.now(),
    onDepth: (p) => {
      if (tty) process.stderr.write(`\rdepth ${p.depth}: ${p.states.toLocaleString('en-US')} states, ${p.frontier.toLocaleString('en-US')} to expand, ${(p.elapsedMs / 1000).toFixed(1)} s `);
    },
  });
  if (tty) process.stderr.write('\r\x1b[2K');
  const bounds = {
    requests: args.maxRequests ?? CHECK_DEFAULTS.maxRequests,
    crashes: args.maxCrashes ?? CHECK_DEFAULTS.maxCrashes,
    timeouts: args.maxTimeouts ?? CHECK_DEFAULTS.maxTimeouts,
    ...(result.model === 'rounds' ? {
      partitions: args.maxPartitions ?? CHECK_DEFAULTS.maxPartitions,
      duplicates: args.maxDuplicates ?? CHECK_DEFAULTS.maxDuplicates,
      midRequests: args.maxMidRequests ?? CHECK_DEFAULTS.maxMidRequests,
    } : {}),
    reads: args.maxReads ?? CHECK_DEFAULTS.maxReads,
    extras: args.maxExtras ?? CHECK_DEFAULTS.maxExtras,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...result, depth: args.depth, bounds, ...(args.config ? { config: args.config } : {}) })}\n`);
  } else {
    const bugs = result.bugs.length ? result.bugs.join(', ') : 'none';
    const most = Object.entries(bounds).map(([k, n]) => `${n} ${k === 'midRequests' ? 'mid-round requests' : k}`).join(', ');
    const knobs = args.config ? `; config ${JSON.stringify(args.config)}` : '';
    process.stdout.write(`${result.protocol}, ${result.nodes} nodes, ${result.model} model (bugs: ${bugs}; at most ${most} per path${knobs})\n`
      + `  ${result.states.toLocaleString('en-US')} states explored, ${result.statesPerSecond.toLocaleString('en-US')} states/s, `
      + `depth ${result.depthCompleted} of ${args.depth} completed${result.truncated ? ' (stopped at --max-states)' : ''}, ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    const c = result.counterexample;
    if (c) {
      process.stdout.write(`COUNTEREXAMPLE at depth ${c.depth}: ${c.invariant} violated: ${c.detail}\n`);
      process.stdout.write(`  replay: npm run --silent sim -- --url '${c.url}'\n`);
      if (args.app) process.stdout.write(`  open:   ${args.app}${c.url}\n`);
      process.stdout.write(`  scenario: ${JSON.stringify(c.scenario)}\n`);
    } else {
      process.stdout.write(`  no violation up to depth ${result.depthCompleted}\n`);
    }
  }
  return result.counterexample ? 1 : 0;
}

process.exitCode = main();
