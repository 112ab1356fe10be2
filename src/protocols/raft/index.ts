/** Raft as the engine sees it: the protocol definition that wires state, handlers and checks. */
import { withDefaults } from '../config';
import type { ProtocolPlugin } from '../plugin';
import { raftFuzz } from './fuzz';
import { Raft, cloneNode, crashNode, createNode } from './raft';
import { RaftObserver, RAFT_INVARIANTS } from './observer';
import './explain';
import { logStart } from './log';
import { reportMembers } from './membership';
import { RAFT_BUGS, RAFT_DEFAULTS, READ_MODES, type RaftConfig, type RaftNode } from './types';

export const raftProtocol: ProtocolPlugin<RaftNode, RaftConfig> = {
  name: 'raft',
  title: 'Raft',
  bugs: RAFT_BUGS,
  invariants: RAFT_INVARIANTS,
  timers: ['election', 'heartbeat'],
  events: ['transfer', 'reconfigure'],
  defaultConfig: RAFT_DEFAULTS,
  parseConfig: (raw) => withDefaults(RAFT_DEFAULTS, raw),
  knobs: {
    electionTimeout: { kind: 'range' }, heartbeatInterval: { kind: 'ms' }, maxEntriesPerAppend: { kind: 'count' },
    preVote: { kind: 'boolean', fuzz: true }, checkQuorum: { kind: 'boolean', fuzz: true }, readMode: { kind: 'enum', values: READ_MODES, fuzz: true },
    snapshotThreshold: { kind: 'whole' }, members: { kind: 'members' },
  },
  requests: 'leader',
  fuzz: raftFuzz,
  // contact, office, acknowledgement and transfer times are compared only with an election timeout
  search: {
    // a leader whose voting set leaves some nodes out may be asked to take them all in
    actions: (nodes, up, nodeIds, at) => (nodes as RaftNode[]).some((s, id) => up[id] && s?.role === 'leader' && s.config.voters.length < nodeIds.length)
      ? [{ at, type: 'reconfigure', members: nodeIds.slice() }] : [],
    moments: ['leaderContactAt', 'leaderSince', 'ackedAt', 'transferUntil', 'stamp'],
    // ids name nodes and nothing else: votes, terms and logs decide, never which id is lower
    symmetry: {
      ids: ['id', 'votedFor', 'leaderId', 'candidateId', 'transferee', 'node'],
      idLists: ['votesGranted', 'preVotes', 'peers', 'removing', 'voters', 'outgoing'],
      byId: ['nextIndex', 'matchIndex', 'ackedAt'],
    },
    // the teaching bugs as the exhaustive search finds them, and the depth it completes clean
    cases: [
      { bug: 'forget-vote-on-restart', invariant: 'ElectionSafety', depth: 6, maxRequests: 0, maxCrashes: 1, maxTimeouts: 2 },
      { bug: 'vote-without-log-check', invariant: 'LeaderCompleteness', depth: 5, maxRequests: 1, maxCrashes: 0, maxTimeouts: 2 },
      // reads outside the log: the clients' history is checked; the lease needs an election timeout short enough to expire
      { bug: 'stale-read', invariant: 'Linearizability', depth: 5, maxRequests: 1, maxReads: 1, maxCrashes: 0, maxTimeouts: 2, config: { readMode: 'read-index' } },
      {
        bug: 'lease-too-long', invariant: 'Linearizability', depth: 5, maxRequests: 1, maxReads: 1, maxCrashes: 0, maxTimeouts: 2,
        config: { readMode: 'lease', electionTimeout: { min: 25, max: 3_000_000 } },
      },
      // five nodes, three voting: the leader takes both spares in at once while two voters are cut off
      {
        bug: 'unsafe-membership-change', invariant: 'LeaderCompleteness', nodes: 5, depth: 5, maxRequests: 1, maxCrashes: 0, maxTimeouts: 3,
        maxPartitions: 1, maxExtras: 1, config: { members: [1, 2, 3] },
      },
      { bug: 'commit-previous-term', invariant: 'LeaderCompleteness', depth: 9, maxRequests: 2, maxCrashes: 0, maxTimeouts: 4 },
    ],
    clean: { depth: 5 },
  },
  build: (config) => {
    const raft = new Raft(config);
    return {
      create: (ctx) => createNode(ctx.id, raft.initial(ctx.nodeIds)),
      start: (s, ctx) => raft.start(s, ctx),
      crash: (s, ctx) => crashNode(s, ctx.bug('forget-vote-on-restart'), raft.initial(ctx.nodeIds)),
      onMessage: (s, msg, ctx) => raft.onMessage(s, msg, ctx),
      onTimer: (s, name, ctx) => raft.onTimer(s, name, ctx),
      onRequest: (s, command, ctx, op) => raft.onRequest(s, command, ctx, op),
      onTimeoutNow: (s, ctx) => raft.onTimeoutNow(s, ctx),
      onTransfer: (s, to, ctx) => raft.onTransfer(s, to, ctx),
      onLeaderEvent: (s, e, ctx) => raft.onLeaderEvent(s, e, ctx),
    };
  },
  clone: cloneNode,
  leaderRank: (s) => (s.role === 'leader' ? s.durable.currentTerm : null),
  leaderHint: (s) => s.leaderId,
  reportNode: (s) => ({
    role: s.role,
    term: s.durable.currentTerm,
    votedFor: s.durable.votedFor,
    commitIndex: s.commitIndex,
    log: s.durable.log.map((e) => ({ term: e.term, command: e.command })),
    members: reportMembers(s.config),
    snapshot: s.durable.snapshot ? { index: s.durable.snapshot.index, term: s.durable.snapshot.term } : null,
    logStart: logStart(s),
  }),
  createObserver: (n) => new RaftObserver(n),
};
