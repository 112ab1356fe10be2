/**
 * Measures the exhaustive search's cases (test/unit/support/check-cases.ts) one after another and
 * prints the README's table: `npx tsx scripts/check-table.ts [bug-or-protocol…]`.
 */
import { performance } from 'node:perf_hooks';
import { CHECK_DEFAULTS, check } from '../src/scenario/check';
import { BUGS, CLEAN } from '../test/unit/support/check-cases';

const only = process.argv.slice(2);
const wanted = (...names: string[]): boolean => only.length === 0 || names.some((n) => only.includes(n));
const figures = (states: number, ms: number, sps: number): string =>
  `${states.toLocaleString('en-US')} | ${(ms / 1000).toFixed(1)} s | ${sps.toLocaleString('en-US')}`;

for (const b of BUGS) {
  if (!wanted(b.bug, b.protocol)) continue;
  const r = check({ ...b, bugs: [b.bug], now: () => performance.now() });
  const rounds = b.model === 'rounds';
  const bounds = [b.maxRequests, b.maxCrashes, b.maxTimeouts, rounds ? b.maxPartitions ?? CHECK_DEFAULTS.maxPartitions : '–', rounds ? b.maxDuplicates ?? CHECK_DEFAULTS.maxDuplicates : '–'].join(', ');
  const extra = [b.nodes !== 3 ? `${b.nodes} nodes` : '', b.maxReads ? `${b.maxReads} read` : '', b.maxExtras ? `${b.maxExtras} own action` : '', b.maxMidRequests ? `${b.maxMidRequests} mid-round request` : '',
    ...Object.entries(b.config ?? {}).map(([k, v]) => `${k} ${JSON.stringify(v)}`)].filter((x) => x !== '');
  const reads = extra.length > 0 ? `; ${extra.join(', ')}` : '';
  const path = r.counterexample?.scenario.events.map((e) => `${e.type === 'call' ? e.op : e.type}${'node' in e ? ` ${e.node === 'leader' ? `leader +${e.at % 30} ms` : `S${e.node}`}` : ''}${e.type === 'partition' ? ` S${e.groups[0].join(',')}` : ''}${e.type === 'reconfigure' ? ` S${e.members.join(',')}` : ''}`).join(', ');
  console.log(`| ${b.protocol} | ${b.bug} | ${b.model ?? 'rounds'} | ${r.counterexample?.depth ?? 'not found'} | ${bounds}${reads} | ${figures(r.states, r.elapsedMs, r.statesPerSecond)} | ${path} |`);
}
for (const c of CLEAN) {
  if (!wanted(c.protocol, 'clean')) continue;
  const r = check({ ...c, nodes: 3, now: () => performance.now() });
  const bounds = c.maxMidRequests ? `defaults; ${c.maxMidRequests} mid-round request` : 'defaults';
  console.log(`| ${c.protocol} | none | rounds | ${r.depthCompleted} of ${c.depth} clean | ${bounds} | ${figures(r.states, r.elapsedMs, r.statesPerSecond)} | |`);
}
