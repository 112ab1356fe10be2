/**
 * Headless CLI (CONTRACT §3): `npm run --silent sim -- <scenario.json | -> [--until MS] [--url]`.
 * Prints one JSON report; exit 0 when no invariant broke, 1 when one did, 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { parseScenarioText, ScenarioError, scenarioWarnings, withoutBom } from '../scenario/schema';
import { decodeLink, parseMoment } from '../scenario/link';
import { buildReport, runScenario } from '../scenario/run';
import type { Scenario } from '../sim/types';

const USAGE = 'usage: npm run --silent sim -- <scenario.json | -> [--until MS] [--url]';

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** What is valid but probably not meant (a misspelt field…): said on stderr, never refused. */
function warn(warnings: string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}

function main(argv: string[]): number {
  let source: string | null = null;
  let until: number | undefined;
  let asUrl = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--until' || a.startsWith('--until=')) {
      const value = a === '--until' ? argv[++i] : a.slice('--until='.length);
      try {
        until = parseMoment(value, '--until');
      } catch (e) {
        fail((e as Error).message);
      }
    } else if (a === '--url') {
      asUrl = true;
    } else if (a.startsWith('--url=')) {
      asUrl = true;
      if (source !== null) fail(`unexpected argument ${a}\n${USAGE}`);
      source = a.slice('--url='.length);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--')) {
      fail(`unknown option ${a}\n${USAGE}`);
    } else if (source === null) {
      source = a;
    } else {
      fail(`unexpected argument ${a}\n${USAGE}`);
    }
  }
  if (source === null) fail(`no scenario given\n${USAGE}`);

  let scenario: Scenario;
  try {
    if (asUrl) {
      const link = source === '-' ? readFileSync(0, 'utf8').trim() : source;
      const decoded = decodeLink(link);
      scenario = decoded.scenario;
      warn(decoded.warnings);
      if (until === undefined && decoded.time !== null) until = decoded.time;
    } else {
      let text: string;
      try {
        text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
      } catch (e) {
        fail(`cannot read ${source}: ${(e as Error).message}`);
      }
      scenario = parseScenarioText(text);
      warn(scenarioWarnings(JSON.parse(withoutBom(text))));
    }
  } catch (e) {
    if (e instanceof ScenarioError) fail(e.message);
    throw e;
  }
  const sim = runScenario(scenario, until);
  const report = buildReport(sim);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.violations.length > 0 ? 1 : 0;
}

/** Exit 3: the simulator itself failed (a bug to report), distinct from 1 (an invariant) and 2 (input). */
const INTERNAL_ERROR = 3;

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`internal error (please report it with the scenario): ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = INTERNAL_ERROR;
}
