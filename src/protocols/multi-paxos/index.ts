/** Multi-Paxos as the engine sees it: the protocol definition that wires state, handlers and checks. */
import { withDefaults } from '../config';
import { probeDecided, type ProtocolPlugin } from '../plugin';
import { rank } from '../paxos/ballot';
import { MultiPaxos, cloneNode, crashNode, createNode, freezeNode, isChosen } from './multi-paxos';
import { MultiPaxosObserver, MULTI_PAXOS_INVARIANTS } from './observer';
import './explain';
import { MULTI_PAXOS_BUGS, MULTI_PAXOS_DEFAULTS, reportedValue, type MultiPaxosConfig, type MultiPaxosNode } from './types';

export const multiPaxosProtocol: ProtocolPlugin<MultiPaxosNode, MultiPaxosConfig> = {
  name: 'multi-paxos',
  title: 'Multi-Paxos',
  bugs: MULTI_PAXOS_BUGS,
  invariants: MULTI_PAXOS_INVARIANTS,
  timers: ['election', 'heartbeat'],
  defaultConfig: MULTI_PAXOS_DEFAULTS,
  parseConfig: (raw) => withDefaults(MULTI_PAXOS_DEFAULTS, raw),
  knobs: { heartbeatInterval: { kind: 'ms' }, electionTimeout: { kind: 'range' }, acceptRetry: { kind: 'ms' }, maxCatchup: { kind: 'count' } },
  requests: 'any',
  fuzz: { check: probeDecided },
  search: {
    // the teaching bugs as the exhaustive search finds them, and the depth it completes clean
    cases: [
      { bug: 'no-dedupe', invariant: 'CommandOnce', depth: 3, maxRequests: 1, maxCrashes: 0, maxTimeouts: 1, maxDuplicates: 1 },
      { bug: 'ignore-promised-values', invariant: 'Consistency', depth: 6, maxRequests: 1, maxCrashes: 0, maxTimeouts: 3, maxPartitions: 2 },
    ],
    clean: { depth: 4 },
  },
  build: (config) => {
    const mp = new MultiPaxos(config);
    return {
      create: (ctx) => createNode(ctx.id),
      start: (s, ctx) => mp.start(s, ctx),
      crash: (s) => crashNode(s),
      onMessage: (s, msg, ctx) => mp.onMessage(s, msg.from, msg.type, msg.payload, ctx),
      onTimer: (s, name, ctx) => mp.onTimer(s, name, ctx),
      onRequest: (s, command, ctx, op, scriptIndex) => mp.onRequest(s, command, ctx, op, scriptIndex),
      onTimeoutNow: (s, ctx) => mp.onTimeoutNow(s, ctx),
    };
  },
  clone: cloneNode,
  freeze: freezeNode,
  leaderRank: (s) => (s.role === 'leader' ? rank(s.ballot) : null),
  leaderHint: (s) => s.leader,
  reportNode: (s) => {
    const log = s.durable.log;
    const slots = new Array(log.length);
    for (let slot = 0; slot < log.length; slot++) {
      const e = log[slot];
      slots[slot] = e
        ? { slot, status: isChosen(s, slot) ? 'chosen' : 'accepted', ballot: e.ballot, ...reportedValue(e.value) }
        : { slot, status: 'empty', ballot: null, value: null };
    }
    return { ballot: s.durable.promised, leader: s.leader, slots };
  },
  createObserver: (n) => new MultiPaxosObserver(n),
};
