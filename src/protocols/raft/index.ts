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
