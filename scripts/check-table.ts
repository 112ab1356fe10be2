/**
 * Measures the exhaustive search's cases (src/scenario/check-cases.ts) one after another and
 * prints the README's table: `npx tsx scripts/check-table.ts [bug-or-protocol…]`.
 */
import { performance } from 'node:perf_hooks';
import { CHECK_DEFAULTS, check, type CheckResult } from '../src/scenario/check';
import { BUGS, CLEAN } from '../src/scenario/check-cases';

const only = process.argv.slice(2);
const wanted = (...names: string[]): boolean => only.length === 0 || names.some((n) => only.includes(n));
/** The search's own CPU time is steadier than the wall clock on a shared machine: both are shown. */
function measured(run: () => CheckResult): { r: CheckResult; figures: string } {
  const before = process.cpuUsage();
  const r = run();
  const used = process.cpuUsage(before);
  const cpu = (used.user + used.system) / 1e6;
  return { r, figures: `${r.states.toLocaleString('en-US')} | ${(r.elapsedMs / 1000).toFixed(1)} s | ${cpu.toFixed(1)} s | ${Math.round(r.states / cpu).toLocaleString('en-US')}` };
}

for (const b of BUGS) {
  if (!wanted(b.bug, b.protocol)) continue;
  const { r, figures } = measured(() => check({ ...b, bugs: [b.bug], now: () => performance.now() }));
  const rounds = b.model === 'rounds';
  const bounds = [b.maxRequests, b.maxCrashes, b.maxTimeouts, rounds ? b.maxPartitions ?? CHECK_DEFAULTS.maxPartitions : '–', rounds ? b.maxDuplicates ?? CHECK_DEFAULTS.maxDuplicates : '–'].join(', ');
  const extra = [b.nodes !== 3 ? `${b.nodes} nodes` : '', b.maxReads ? `${b.maxReads} read` : '', b.maxExtras ? `${b.maxExtras} own action` : '', b.maxMidRequests ? `${b.maxMidRequests} mid-round request` : '',
    ...Object.entries(b.config ?? {}).map(([k, v]) => `${k} ${JSON.stringify(v)}`)].filter((x) => x !== '');
  const reads = extra.length > 0 ? `; ${extra.join(', ')}` : '';
  const path = r.counterexample?.scenario.events.map((e) => `${e.type === 'call' ? e.op : e.type}${'node' in e ? ` ${e.node === 'leader' ? `leader +${e.at % 30} ms` : `S${e.node}`}` : ''}${e.type === 'partition' ? ` S${e.groups[0].join(',')}` : ''}${e.type === 'reconfigure' ? ` S${e.members.join(',')}` : ''}`).join(', ');
  console.log(`| ${b.protocol} | ${b.bug} | ${b.model ?? 'rounds'} | ${r.counterexample?.depth ?? 'not found'} | ${bounds}${reads} | ${figures} | ${path} |`);
}
for (const c of CLEAN) {
  if (!wanted(c.protocol, 'clean')) continue;
  const { r, figures } = measured(() => check({ ...c, nodes: 3, now: () => performance.now() }));
  const bounds = c.maxMidRequests ? `defaults; ${c.maxMidRequests} mid-round request` : 'defaults';
  console.log(`| ${c.protocol} | none | rounds | ${r.depthCompleted} of ${c.depth} clean | ${bounds} | ${figures} | |`);
}
