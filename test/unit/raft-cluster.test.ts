/**
 * Whole-cluster Raft scenarios in the manner of the 6.5840 Raft tests: build a cluster, script
 * faults, and check the oracles (one leader per term, committed prefixes agree, nothing committed
 * is lost, progress with a connected majority and none without).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/rng';
import type { ScenarioEvent } from '../../src/sim/types';
import {
  SCRIPTED_ELECTIONS, ScriptedCluster, commitTime, committedCommands, committedPrefix, leadersNow, raftNodes, raftScenario, requests, runWatched,
  type WatchedRun,
} from './support/cluster';
import { electedLeaders, safetyProblems } from './support/oracles';

function expectSafe(run: WatchedRun): void {
  expect(run.sim.violations).toEqual([]);
  expect(safetyProblems(run.sim, run.trace, run.watcher)).toEqual([]);
}

/** Every node's full log, as "term:command". */
const logs = (run: WatchedRun): string[][] =>
  raftNodes(run.sim).map((s) => s.durable.log.map((e) => `${e.term}:${e.command}`));

describe('leader election', () => {
  it('elects one leader, all agree on its term, and it keeps leading without faults', () => {
    const c = new ScriptedCluster({ nodes: 3, seed: 11 });
    const early = c.runTo(1000);
    expect(leadersNow(early.sim)).toHaveLength(1);
    const { id, term } = leadersNow(early.sim)[0];
    expect(raftNodes(early.sim).map((s) => s.durable.currentTerm)).toEqual([term, term, term]);
    const late = c.runTo(5000);
    expect(leadersNow(late.sim)).toEqual([{ id, term }]);
    expect(electedLeaders(late.trace)).toHaveLength(1);
    expectSafe(late);
  });

  it('elects a new leader when the leader crashes, and the old one rejoins as a follower', () => {
    const c = new ScriptedCluster({ nodes: 3, seed: 12 });
    const before = c.runTo(1000);
    const first = c.leader();
    const firstTerm = leadersNow(before.sim)[0].term;
    c.at(1000, { type: 'crash', node: first });
    const after = c.runTo(2000);
    const second = c.leader();
    expect(second).not.toBe(first);
    expect(leadersNow(after.sim)[0].term).toBeGreaterThan(firstTerm);
    c.at(2000, { type: 'restart', node: first });
    const rejoined = c.runTo(3000);
    expect(leadersNow(rejoined.sim)).toEqual([{ id: second, term: leadersNow(after.sim)[0].term }]);
    expect(raftNodes(rejoined.sim)[first - 1].role).toBe('follower');
    expectSafe(rejoined);
  });

  it('elects no leader without a quorum, and one again once a quorum is back', () => {
    const c = new ScriptedCluster({ nodes: 5, seed: 13 });
    c.runTo(1000);
    const leader = c.leader();
    const others = [1, 2, 3, 4, 5].filter((n) => n !== leader);
    c.at(1000, { type: 'crash', node: leader }, { type: 'crash', node: others[0] }, { type: 'crash', node: others[1] });
    const stuck = c.runTo(4000);
    expect(electedLeaders(stuck.trace).filter((l) => l.time > 1000)).toEqual([]);
    expect(leadersNow(stuck.sim)).toEqual([]);
    // the two survivors keep trying: their terms rise
    for (const n of others.slice(2)) expect(raftNodes(stuck.sim)[n - 1].durable.currentTerm).toBeGreaterThan(2);
    c.at(4000, { type: 'restart', node: others[0] });
    const back = c.runTo(6000);
    expect(leadersNow(back.sim)).toHaveLength(1);
    expectSafe(back);
  });

  it('elects a leader with a lossy, duplicating, reordering network', () => {
    const run = runWatched(raftScenario({
      nodes: 5, seed: 14, network: { latency: { min: 1, max: 90 }, dropRate: 0.2, duplicateRate: 0.2 },
    }), 5000);
    expect(electedLeaders(run.trace).length).toBeGreaterThanOrEqual(1);
    expect(run.sim.leader()).not.toBeNull();
    expectSafe(run);
  });
});

describe('log replication', () => {
  it('commits client commands in order on every node', () => {
    const run = runWatched(raftScenario({ nodes: 5, seed: 21, events: requests(1000, 10, 50) }), 3000);
    const expected = Array.from({ length: 10 }, (_, i) => `c${i}`);
    expect(committedCommands(run.sim)).toEqual(expected);
    for (const s of raftNodes(run.sim)) {
      expect(s.commitIndex).toBe(10);
      expect(s.durable.log.map((e) => e.command)).toEqual(expected);
    }
    expectSafe(run);
  });

  it('commits with a follower down, and the follower catches up when it restarts', () => {
    const c = new ScriptedCluster({ nodes: 3, seed: 22 });
    c.runTo(1000);
    const follower = [1, 2, 3].find((n) => n !== c.leader())!;
    c.at(1000, { type: 'crash', node: follower });
    for (const e of requests(1100, 5, 20)) c.at(e.at, { type: 'request', node: 'leader', command: (e as { command: string }).command });
    const down = c.runTo(2000);
    expect(committedCommands(down.sim)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(raftNodes(down.sim)[follower - 1].durable.log.toArray()).toEqual([]);
    c.at(2000, { type: 'restart', node: follower });
    const caughtUp = c.runTo(3000);
    expect(committedPrefix(raftNodes(caughtUp.sim)[follower - 1])).toEqual(committedPrefix(raftNodes(caughtUp.sim)[c.leader() - 1]));
    expect(raftNodes(caughtUp.sim)[follower - 1].commitIndex).toBe(5);
    expectSafe(caughtUp);
  });

  it('does not commit while a majority of followers is down, and commits the same entry once they return (6.5840 TestFailNoAgree)', () => {
    const c = new ScriptedCluster({ nodes: 5, seed: 27 });
    c.runTo(1000);
    const leader = c.leader();
    const followers = [1, 2, 3, 4, 5].filter((n) => n !== leader);
    c.at(1000, ...followers.slice(0, 3).map((node) => ({ type: 'crash' as const, node })));
    c.at(1100, { type: 'request', node: leader, command: 'waits' });
    const stuck = c.runTo(3000);
    expect(commitTime(stuck.sim, 'waits')).toBeNull();
    expect(raftNodes(stuck.sim)[leader - 1].durable.log.map((e) => e.command)).toEqual(['waits']);
    c.at(3000, ...followers.slice(0, 3).map((node) => ({ type: 'restart' as const, node })));
    const back = c.runTo(4000);
    expect(commitTime(back.sim, 'waits')).toBeGreaterThan(3000);
    expect(leadersNow(back.sim).map((l) => l.id)).toEqual([leader]); // the restarted followers did not unseat it
    expectSafe(back);
  });

  it('commits nothing in a minority; the majority commits; the old leader’s entries are overwritten on rejoin', () => {
    const c = new ScriptedCluster({ nodes: 5, seed: 23 });
    c.runTo(1000);
    const old = c.leader();
    const [buddy, ...majority] = [1, 2, 3, 4, 5].filter((n) => n !== old);
    c.at(1000, { type: 'partition', groups: [[old, buddy], majority] });
    c.at(1100, { type: 'request', node: old, command: 'lost1' }, { type: 'request', node: old, command: 'lost2' });
    c.at(2500, { type: 'request', node: 'leader', command: 'kept' }); // the majority's new leader
    const split = c.runTo(3500);
    expect(commitTime(split.sim, 'lost1')).toBeNull();
    expect(commitTime(split.sim, 'kept')).not.toBeNull();
    expect(raftNodes(split.sim)[old - 1].durable.log.map((e) => e.command)).toEqual(['lost1', 'lost2']);
    c.at(3500, { type: 'heal' });
    const healed = c.runTo(5000);
    const all = logs(healed);
    for (const l of all) expect(l).toEqual(all[0]);
    expect(all[0].map((e) => e.split(':')[1])).toEqual(['kept']);
    expect(raftNodes(healed.sim)[old - 1].role).toBe('follower');
    expectSafe(healed);
  });

  it('backs up quickly over 50 uncommitted entries of a partitioned leader (6.5840 TestBackup)', () => {
    const c = new ScriptedCluster({ nodes: 5, seed: 24 });
    c.at(500, { type: 'request', node: 'leader', command: 'first' });
    c.runTo(1000);
    const leader1 = c.leader();
    const [f1, ...rest] = [1, 2, 3, 4, 5].filter((n) => n !== leader1);
    // leader 1 and one follower in the minority: 50 commands that cannot commit
    c.at(1000, { type: 'partition', groups: [[leader1, f1], rest] });
    for (let i = 0; i < 50; i++) c.at(1100 + i, { type: 'request', node: leader1, command: `minority-a${i}` });
    // the majority elects its own leader and commits 50 others
    for (let i = 0; i < 50; i++) c.at(2000 + i, { type: 'request', node: 'leader', command: `majority-b${i}` });
    c.runTo(2500);
    const leader2 = c.leader();
    const other = rest.find((n) => n !== leader2)!;
    const remaining = rest.filter((n) => n !== leader2 && n !== other);
    // now leader 2 and one follower are cut off with 50 more uncommitted entries, while the first
    // minority comes back together with the rest and commits 50 more
    c.at(2500, { type: 'partition', groups: [[leader2, other], [leader1, f1, ...remaining]] });
    for (let i = 0; i < 50; i++) c.at(2600 + i, { type: 'request', node: leader2, command: `stale-c${i}` });
    for (let i = 0; i < 50; i++) c.at(3500 + i, { type: 'request', node: 'leader', command: `final-d${i}` });
    c.at(4500, { type: 'heal' });
    c.at(5000, { type: 'request', node: 'leader', command: 'last' });
    const run = c.runTo(6500);
    const committed = committedCommands(run.sim);
    const expected = ['first', ...Array.from({ length: 50 }, (_, i) => `majority-b${i}`), ...Array.from({ length: 50 }, (_, i) => `final-d${i}`), 'last'];
    expect(committed).toEqual(expected);
    for (const s of raftNodes(run.sim)) {
      expect(s.commitIndex).toBe(expected.length);
      expect(s.durable.log.map((e) => e.command)).toEqual(expected);
    }
    // one AppendEntries per conflicting term, not one per entry: the whole catch-up takes few rejections
    const rejections = run.trace.filter((r) => r.kind === 'note' && r.what === 'append-rejected' && r.time >= 4500);
    expect(rejections.length).toBeLessThan(12);
    expectSafe(run);
  });

  it('keeps everything committed when every node crashes and restarts', () => {
    const c = new ScriptedCluster({ nodes: 3, seed: 25, events: requests(600, 5, 30) });
    c.at(2000, { type: 'crash', node: 1 }, { type: 'crash', node: 2 }, { type: 'crash', node: 3 });
    c.at(2500, { type: 'restart', node: 3 }, { type: 'restart', node: 1 }, { type: 'restart', node: 2 });
    c.at(3500, { type: 'request', node: 'leader', command: 'after' });
    const run = c.runTo(5000);
    expect(committedCommands(run.sim)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'after']);
    for (const s of raftNodes(run.sim)) expect(s.commitIndex).toBe(6);
    expect(new Set(electedLeaders(run.trace).map((l) => l.term)).size).toBeGreaterThanOrEqual(2);
    expectSafe(run);
  });

  it('stays safe and makes progress on an unreliable network (loss, duplicates, reordering)', () => {
    const scenario = raftScenario({
      nodes: 5, seed: 26, network: { latency: { min: 1, max: 120 }, dropRate: 0.15, duplicateRate: 0.3 },
      events: [
        ...requests(500, 40, 150),
        { at: 7000, type: 'network', dropRate: 0, duplicateRate: 0, latency: { min: 10, max: 30 } },
        { at: 8000, type: 'request', node: 'leader', command: 'probe' },
      ],
    });
    const run = runWatched(scenario, 10000);
    const committed = committedCommands(run.sim);
    expect(committed).toContain('probe');
    expect(committed.length).toBeGreaterThan(30);
    expect(new Set(committed).size).toBe(committed.length); // no command committed twice
    expect(run.sim.stats.messagesDropped).toBeGreaterThan(100);
    expectSafe(run);
  });

  it('a network that duplicates every message at most doubles the traffic each way: copies of a reply send nothing new', () => {
    // a follower cut off while 10 clients write, then healed: the leader sends it the backlog
    const scenario = (duplicateRate: number) => ({
      version: 1 as const, protocol: 'raft' as const, nodes: 3, seed: 7, until: 3000, network: { duplicateRate },
      workload: { clients: 10, keys: 1, interval: { min: 1, max: 2 }, readRatio: 0.5, from: 0, to: 2000 },
      events: [{ at: 0, type: 'partition', groups: [[1, 2], [3]] }, { at: 2000, type: 'heal' }] as ScenarioEvent[],
    });
    const plain = runWatched(scenario(0), 3000);
    const doubled = runWatched(scenario(1), 3000);
    // each message and each reply to a copy comes twice: four times the messages at the most
    expect(doubled.sim.stats.messagesSent).toBeLessThan(4 * plain.sim.stats.messagesSent);
    expect(new Set(raftNodes(doubled.sim).map((n) => n.commitIndex)).size).toBe(1); // the healed follower caught up
    expect(doubled.sim.clientHistory.filter((op) => op.return !== null).length).toBeGreaterThan(100);
    expectSafe(doubled);
  });

  it('survives churn: random crashes, restarts and partitions, then converges once healed', () => {
    for (const seed of [31, 32, 33]) {
      const rng = Rng.stream(seed, 'churn-test');
      const events: ScenarioEvent[] = [];
      for (let t = 300; t < 8000; t += rng.int(100, 400)) {
        const node = rng.int(1, 5);
        switch (rng.int(0, 4)) {
          case 0: events.push({ at: t, type: 'crash', node }); break;
          case 1: events.push({ at: t, type: 'restart', node }); break;
          case 2: {
            const cut = rng.int(1, 4);
            const order = [1, 2, 3, 4, 5].map((n) => ((n + node) % 5) + 1); // a rotation
            events.push({ at: t, type: 'partition', groups: [order.slice(0, cut), order.slice(cut)] });
            break;
          }
          case 3: events.push({ at: t, type: 'heal' }); break;
          default: events.push({ at: t, type: 'request', node: 'leader', command: `r${t}` });
        }
      }
      events.push({ at: 8000, type: 'heal' });
      for (let n = 1; n <= 5; n++) events.push({ at: 8000, type: 'restart', node: n });
      events.push({ at: 9500, type: 'request', node: 'leader', command: 'probe' });
      const run = runWatched(raftScenario({ nodes: 5, seed, events }), 12000);
      expect(run.sim.stats.events).toBeGreaterThan(1000);
      expect(commitTime(run.sim, 'probe')).not.toBeNull();
      // once converged, every node holds the same committed prefix
      const prefixes = raftNodes(run.sim).map(committedPrefix);
      for (const p of prefixes) expect(p).toEqual(prefixes[0]);
      expectSafe(run);
    }
  });
});

describe('scripted message control (drop / deliver by message id)', () => {
  // S1 times out at 0 and sends RequestVote #1 to S2 and #2 to S3: ids count from 1 in send order.
  const base = { nodes: 3, config: SCRIPTED_ELECTIONS };

  it('dropping both vote requests leaves the candidate without votes', () => {
    const run = runWatched(raftScenario({
      ...base, events: [{ at: 0, type: 'timeout', node: 1 }, { at: 1, type: 'drop', message: 1 }, { at: 1, type: 'drop', message: 2 }],
    }), 500);
    const s1 = raftNodes(run.sim)[0];
    expect(s1.role).toBe('candidate');
    expect(s1.votesGranted).toEqual([1]);
    expect(run.trace.filter((r) => r.kind === 'drop' && r.data?.reason === 'user').map((r) => r.msg!.id)).toEqual([1, 2]);
    expect(raftNodes(run.sim).slice(1).map((s) => s.durable.currentTerm)).toEqual([0, 0]);
  });

  it('delivering a message forces it through a partition, at once; a second deliver does nothing', () => {
    const run = runWatched(raftScenario({
      ...base,
      events: [
        { at: 0, type: 'partition', groups: [[1], [2, 3]] },
        { at: 0, type: 'timeout', node: 1 },
        { at: 2, type: 'deliver', message: 1 },   // S2 gets the request and votes: its reply is #3
        { at: 3, type: 'deliver', message: 3 },   // the vote reaches S1 across the partition
        { at: 4, type: 'deliver', message: 3 },   // already delivered: ignored
      ],
    }), 100);
    const delivered = run.trace.filter((r) => r.kind === 'deliver');
    expect(delivered.map((r) => [r.time, r.msg!.id, r.what])).toEqual([[2, 1, 'RequestVote'], [3, 3, 'RequestVoteReply']]);
    expect(raftNodes(run.sim)[0].role).toBe('leader');
    expect(run.trace.some((r) => r.kind === 'fault' && r.what === 'deliver' && r.data?.ignored === true && r.time === 4)).toBe(true);
    // the undelivered request to S3 died at the partition
    expect(run.trace.filter((r) => r.msg?.id === 2).map((r) => r.kind)).toEqual(['send', 'drop']);
    expectSafe(run);
  });

  it('duplicating a message puts a copy with the next id on the wire, arriving with the original', () => {
    const run = runWatched(raftScenario({
      ...base,
      events: [
        { at: 0, type: 'timeout', node: 1 },
        { at: 1, type: 'duplicate', message: 1 },  // the copy of RequestVote #1 to S2 is #3
        { at: 2, type: 'duplicate', message: 99 }, // no such message: does nothing
      ],
    }), 100);
    const copy = run.trace.find((r) => r.kind === 'send' && r.msg!.id === 3)!.msg!;
    const original = run.trace.find((r) => r.kind === 'send' && r.msg!.id === 1)!.msg!;
    expect(copy).toMatchObject({ from: 1, to: 2, type: 'RequestVote', payload: original.payload, deliverAt: original.deliverAt, duplicate: true });
    expect(run.trace.filter((r) => r.kind === 'deliver' && r.msg!.to === 2 && r.what === 'RequestVote').map((r) => r.msg!.id)).toEqual([1, 3]);
    // S2 answers both copies (the same vote, given twice)
    expect(run.trace.filter((r) => r.kind === 'send' && r.msg!.from === 2 && r.what === 'RequestVoteReply').length).toBe(2);
    expect(raftNodes(run.sim)[0].role).toBe('leader');
    expect(run.trace.some((r) => r.kind === 'fault' && r.what === 'duplicate' && r.data?.ignored === true)).toBe(true);
    expectSafe(run);
  });
});
