/** Zab as the engine sees it: the protocol definition that wires state, handlers and checks. */
import { withDefaults } from '../config';
import type { ProtocolPlugin } from '../plugin';
import { zabFuzz } from './fuzz';
import { Zab, cloneNode, crashNode, createNode } from './zab';
import { ZabObserver, ZAB_INVARIANTS } from './observer';
import './explain';
import { ZAB_BUGS, ZAB_DEFAULTS, zxidPair, type ZabConfig, type ZabNode } from './types';

export const zabProtocol: ProtocolPlugin<ZabNode, ZabConfig> = {
  name: 'zab',
  title: 'Zab',
  bugs: ZAB_BUGS,
  invariants: ZAB_INVARIANTS,
  timers: ['election', 'heartbeat'],
  defaultConfig: ZAB_DEFAULTS,
  parseConfig: (raw) => withDefaults(ZAB_DEFAULTS, raw),
  knobs: { electionTimeout: { kind: 'range' }, heartbeatInterval: { kind: 'ms' }, maxProposalBatch: { kind: 'count' } },
  requests: 'leader',
  fuzz: zabFuzz,
  // when a follower was last heard from is compared only with an election timeout
  search: {
    moments: ['lastHeard'],
    // the teaching bugs as the exhaustive search finds them, and the depth it completes clean
    cases: [
      { bug: 'no-epoch-bump', invariant: 'OneLeaderPerEpoch', depth: 3, maxRequests: 0, maxCrashes: 1, maxTimeouts: 2 },
      // a request has to reach the new leader while it synchronizes: a mid-round request, 5 ms after the restart
      {
        bug: 'broadcast-before-sync', invariant: 'PrimaryIntegrity', depth: 5, maxRequests: 1, maxMidRequests: 1, maxCrashes: 1, maxTimeouts: 1,
        maxPartitions: 0,
      },
    ],
    clean: { depth: 4, maxMidRequests: 1 },
  },
  build: (config) => {
    const zab = new Zab(config);
    return {
      create: (ctx) => createNode(ctx.id),
      start: (s, ctx) => zab.start(s, ctx),
      crash: (s) => crashNode(s),
      onMessage: (s, msg, ctx) => zab.onMessage(s, msg, ctx),
      onTimer: (s, name, ctx) => zab.onTimer(s, name, ctx),
      onRequest: (s, command, ctx, op) => zab.onRequest(s, command, ctx, op),
      onTimeoutNow: (s, ctx) => zab.onTimeoutNow(s, ctx),
    };
  },
  clone: cloneNode,
  // an established leader outranks a prospective one of the same epoch
  leaderRank: (s) => (s.role === 'leading' ? (s.newEpoch ?? s.durable.acceptedEpoch) * 2 + (s.established ? 1 : 0) : null),
  leaderHint: (s) => (s.role === 'looking' ? null : s.leader),
  reportNode: (s) => ({
    role: s.role,
    phase: s.phase,
    acceptedEpoch: s.durable.acceptedEpoch,
    currentEpoch: s.durable.currentEpoch,
    history: s.durable.history.map((x) => ({ zxid: zxidPair(x.zxid), command: x.command })),
    lastCommitted: s.committed > 0 ? zxidPair(s.durable.history[s.committed - 1].zxid) : null,
  }),
  createObserver: (n) => new ZabObserver(n),
};
