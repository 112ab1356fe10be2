/**
 * The headless CLI of CONTRACT §3, run as a child process: the report's fields (§4), exit codes
 * 0 / 1 / 2, stdin, `--until`, `--url`, and clear messages that name the field of a bad scenario.
 */
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { encodeLink } from '../../src/scenario/link';
import { raftScenario } from './support/cluster';
import { figure8Scenario } from './support/figure8';
import { ROOT, runCli, runCliAsync, runSimNpm, scenarioFile } from './support/spawn';

const sim = (args: string[], input?: string) => runCli('sim', args, input);

const plain = raftScenario({
  nodes: 3, seed: 4,
  events: [{ at: 600, type: 'request', node: 'leader', command: 'x=1' }, { at: 2000, type: 'crash', node: 2 }],
});

describe('reports', () => {
  it('prints a report with every field of CONTRACT §4 and exits 0 when nothing is violated', () => {
    const r = sim([scenarioFile(plain)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(
      ['version', 'protocol', 'time', 'url', 'traceHash', 'stats', 'violations', 'nodes', 'leaders', 'committed']));
    expect(report).toMatchObject({ version: 1, protocol: 'raft', time: 10000, violations: [] });
    expect(report.url).toMatch(/^#s=[A-Za-z0-9+\-$]+$/);
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(report.stats).sort()).toEqual(['events', 'messagesDelivered', 'messagesDropped', 'messagesSent']);
    expect(report.nodes).toHaveLength(3);
    for (const n of report.nodes) {
      expect(Object.keys(n).sort()).toEqual(['commitIndex', 'id', 'log', 'logStart', 'members', 'role', 'snapshot', 'term', 'up', 'votedFor']);
    }
    expect(report.nodes[1].up).toBe(false);
    expect(report.committed).toEqual([expect.objectContaining({ index: 1, command: 'x=1', term: report.leaders[0].term })]);
    expect(report.leaders[0]).toEqual({ term: expect.any(Number), node: expect.any(Number), time: expect.any(Number) });
  });

  it('exits 1 when an invariant is violated (a teaching bug), listing the violation', () => {
    const r = sim([scenarioFile(figure8Scenario(['commit-previous-term']))]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.violations.map((v: { invariant: string }) => v.invariant)).toContain('LeaderCompleteness');
  });

  it('reads stdin: a 5-node cluster with no events ends with exactly one leader', () => {
    const r = runSimNpm(['-'], '{"version":1,"protocol":"raft","nodes":5,"seed":1,"events":[]}');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.nodes.filter((n: { role: string }) => n.role === 'leader')).toHaveLength(1);
    expect(report.nodes.filter((n: { role: string }) => n.role === 'follower')).toHaveLength(4);
  });

  it('--until stops the run at that virtual time, and the hash is that of the shorter run', async () => {
    const file = scenarioFile(plain);
    const [shortRun, fullRun, inlineRun] = await Promise.all([
      runCliAsync('sim', [file, '--until', '500']), runCliAsync('sim', [file]),
      runCliAsync('sim', [file, '--until=500']),
    ]);
    const short = JSON.parse(shortRun.stdout);
    const full = JSON.parse(fullRun.stdout);
    expect(short.time).toBe(500);
    expect(short.committed).toEqual([]);
    expect(short.stats.events).toBeLessThan(full.stats.events);
    expect(short.traceHash).not.toBe(full.traceHash);
    expect(JSON.parse(inlineRun.stdout).traceHash).toBe(short.traceHash);
  });

  it('--url with a link made by encodeLink gives the same trace hash as the file', async () => {
    const link = `https://example.org/consensus-lab/${encodeLink(plain)}`;
    const [fileRun, r, momentRun, equalsForm] = await Promise.all([
      runCliAsync('sim', [scenarioFile(plain)]), runCliAsync('sim', ['--url', link]),
      runCliAsync('sim', ['--url', encodeLink(plain, 500)]),
      runCliAsync('sim', [`--url=${link}`, '--until=500']),
    ]);
    const fromFile = JSON.parse(fileRun.stdout);
    expect(r.code).toBe(0);
    const fromLink = JSON.parse(r.stdout);
    expect(fromLink.traceHash).toBe(fromFile.traceHash);
    expect(fromLink.url).toBe(fromFile.url);
    // a moment in the link (&t=) is where the run stops
    const atMoment = JSON.parse(momentRun.stdout);
    expect(atMoment.time).toBe(500);
    // --url=<link> and --until=<ms> are the same options
    expect(equalsForm.code).toBe(0);
    expect(JSON.parse(equalsForm.stdout).traceHash).toBe(atMoment.traceHash);
  });
});

describe('npm run sim starts from a prebuilt bundle', () => {
  const bundle = join(ROOT, '.build', 'sim.js');
  const newestSource = (dir: string): number => Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

  it('rebuilds the bundle when a source is newer than it, and runs it as it is otherwise', () => {
    if (existsSync(bundle)) utimesSync(bundle, 0, 0); // older than every source
    const stale = runSimNpm(['-'], JSON.stringify(plain));
    expect(stale.code).toBe(0);
    expect(JSON.parse(stale.stdout).protocol).toBe('raft');
    const built = statSync(bundle).mtimeMs;
    expect(built).toBeGreaterThanOrEqual(newestSource(join(ROOT, 'src')));
    const again = runSimNpm(['-'], JSON.stringify(plain));
    expect(JSON.parse(again.stdout).traceHash).toBe(JSON.parse(stale.stdout).traceHash);
    expect(statSync(bundle).mtimeMs).toBe(built);
  });
});

describe.concurrent('bad input exits 2 with a message naming the field', () => {
  const base = { version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [] as unknown[] };
  const cases: [string, unknown, RegExp][] = [
    ['malformed JSON', '{"version":1,"protocol":"raft",', /not valid JSON/],
    ['an unknown protocol', { ...base, protocol: 'pbft' }, /protocol: must be one of "raft", "paxos", "multi-paxos"/],
    ['12 nodes', { ...base, nodes: 12 }, /nodes: at most 9 nodes/],
    ['an event on node 7 of 5', { ...base, events: [{ at: 10, type: 'crash', node: 7 }] }, /events\[0\]\.node: node 7 does not exist \(the cluster has 5 nodes\)/],
    ['a negative time', { ...base, events: [{ at: -5, type: 'heal' }] }, /events\[0\]\.at: must not be negative/],
    ['an unknown event type', { ...base, events: [{ at: 5, type: 'explode' }] }, /events\[0\]\.type: unknown event type/],
    ['an unknown bug', { ...base, bugs: ['skip-fsync'] }, /bugs\[0\]: unknown bug "skip-fsync" for raft/],
    ['a config key named after an Object.prototype member', { ...base, config: { toString: 1 } }, /config\.toString: unknown setting/],
  ];
  for (const [what, input, message] of cases) {
    it(what, async () => {
      const r = await runCliAsync('sim', ['-'], typeof input === 'string' ? input : JSON.stringify(input));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(message);
    });
  }

  it('a missing file, a bad --until, a corrupted link and an unknown option', async () => {
    const [missing, until, link, option] = await Promise.all([
      runCliAsync('sim', ['/nonexistent/scenario.json']),
      runCliAsync('sim', [scenarioFile(plain), '--until', 'soon']),
      runCliAsync('sim', ['--url', '#s=NoThIsIsNotLzString']),
      runCliAsync('sim', [scenarioFile(plain), '--untill', '500']),
    ]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/unknown option --untill/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read \/nonexistent\/scenario\.json/);
    expect(until.code).toBe(2);
    expect(until.stderr).toMatch(/--until: must be a number of virtual ms from 0 to 3600000/);
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/link: /);
  });

  it('an unknown top-level field is ignored with a warning on stderr naming it', async () => {
    const file = scenarioFile({ ...plain, evnets: [] } as typeof plain);
    const run = await runCliAsync('sim', [file, '--until', '100']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: evnets: unknown field, ignored/);
    expect(JSON.parse(run.stdout).time).toBe(100);
  });

  it('--until reads a number as the file does: --until 1e3 runs as "until": 1e3 does', async () => {
    const text = JSON.stringify(plain).replace(/}$/, ',"until":1e3}');
    const [flag, file] = await Promise.all([
      runCliAsync('sim', [scenarioFile(plain), '--until', '1e3']),
      runCliAsync('sim', [scenarioFile(text)]),
    ]);
    expect(flag.code).toBe(0);
    expect(file.code).toBe(0);
    expect(JSON.parse(flag.stdout).time).toBe(1000);
    expect(JSON.parse(flag.stdout).traceHash).toBe(JSON.parse(file.stdout).traceHash);
  });

  it('a meta nested 5,000 levels deep is bad input naming meta, in a file and in a link', async () => {
    const text = JSON.stringify(plain).replace(/}$/, `,"meta":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`);
    const link = `#s=${LZString.compressToEncodedURIComponent(text)}`;
    expect(link.length).toBeLessThan(600); // a short link can carry it
    const [file, url] = await Promise.all([
      runCliAsync('sim', [scenarioFile(text)]),
      runCliAsync('sim', ['--url', link]),
    ]);
    for (const run of [file, url]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('error: meta: nested more than 16 levels deep\n');
    }
  });

  it('a moment past the longest run is bad input, not an endless run', async () => {
    const [until, url] = await Promise.all([
      runCliAsync('sim', [scenarioFile(plain), '--until', '1e10']),
      runCliAsync('sim', ['--url', `${encodeLink(plain)}&t=1e10`]),
    ]);
    expect(until.code).toBe(2);
    expect(until.stderr).toMatch(/--until: must be a number of virtual ms from 0 to 3600000, got "1e10"/);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/t: must be a number of virtual ms from 0 to 3600000/);
  });
});
