/**
 * Compare CLI: `npm run --silent compare -- <scenario.json | -> (--protocol P | <second.json>) [--until MS]`.
 * Runs one fault script on two protocols (`--protocol`: the scenario again on P) or two configs
 * (a second scenario with the same seed and nodes), and prints one JSON report of both runs'
 * figures. Exit 0 when neither run broke an invariant, 1 when one did, 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { PROTOCOL_NAMES, isProtocolName } from '../protocols/registry';
import { compareRuns, withProtocol } from '../scenario/compare';
import { parseMoment } from '../scenario/link';
import { parseScenarioText, ScenarioError } from '../scenario/schema';
import type { Scenario } from '../sim/types';
import { argErrors } from './args';

const USAGE = `usage: npm run --silent compare -- <scenario.json | -> (--protocol ${PROTOCOL_NAMES.join('|')} | <second.json>) [--until MS]`;
const { fail } = argErrors(USAGE);

function read(source: string, label: string): Scenario {
  let text: string;
  try {
    text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
  } catch (e) {
    return fail(`cannot read ${source}: ${(e as Error).message}`);
  }
  try {
    return parseScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) return fail(`${label}: ${e.message}`);
    throw e;
  }
}

function main(argv: string[]): number {
  const files: string[] = [];
  let protocol: string | null = null;
  let until: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--protocol') protocol = argv[++i] ?? '';
    else if (a === '--until') {
      try { until = parseMoment(argv[++i], '--until'); } catch (e) { fail((e as Error).message); }
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (protocol !== null && !isProtocolName(protocol)) fail(`--protocol: must be one of ${PROTOCOL_NAMES.join(', ')}, got ${protocol || 'nothing'}`);
  if (files.length === 0) fail('no scenario given');
  if (files.length + (protocol !== null ? 1 : 0) !== 2) fail('give two runs: a scenario and --protocol, or two scenarios');
  const first = read(files[0], 'first scenario');
  const second = protocol !== null ? withProtocol(first, protocol as typeof PROTOCOL_NAMES[number]) : read(files[1], 'second scenario');
  let report;
  try {
    report = compareRuns(first, second, until);
  } catch (e) {
    if (e instanceof ScenarioError) fail(e.message);
    throw e;
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.sides.some((s) => s.violations.length > 0) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
