/** Basic Paxos as the engine sees it: the protocol definition that wires state, handlers and checks. */
import { withDefaults } from '../config';
import type { ProtocolPlugin } from '../plugin';
import { paxosFuzz } from './fuzz';
import { rank } from './ballot';
import { Paxos, cloneNode, crashNode, createNode } from './paxos';
import { PaxosObserver, PAXOS_INVARIANTS } from './observer';
import './explain';
import { PAXOS_BUGS, PAXOS_DEFAULTS, type PaxosConfig, type PaxosNode } from './types';

export const paxosProtocol: ProtocolPlugin<PaxosNode, PaxosConfig> = {
  name: 'paxos',
  title: 'Basic Paxos',
  bugs: PAXOS_BUGS,
  invariants: PAXOS_INVARIANTS,
  timers: ['retry'],
  defaultConfig: PAXOS_DEFAULTS,
  parseConfig: (raw) => withDefaults(PAXOS_DEFAULTS, raw),
  knobs: { retryTimeout: { kind: 'range' } },
  requests: 'proposer',
  fuzz: paxosFuzz,
  search: {
    // the teaching bugs as the exhaustive search finds them, and the depth it completes clean
    cases: [
      { bug: 'forget-promise-on-restart', invariant: 'PromiseMonotonic', depth: 3, maxRequests: 1, maxCrashes: 1, maxTimeouts: 0 },
      { bug: 'ignore-accepted-value', invariant: 'Consistency', depth: 4, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
      { bug: 'accept-below-promise', invariant: 'AcceptAbovePromise', depth: 4, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
      // the message model: every ordering of single deliveries
      { bug: 'forget-promise-on-restart', invariant: 'PromiseMonotonic', model: 'messages', depth: 3, maxRequests: 1, maxCrashes: 1, maxTimeouts: 0 },
      { bug: 'accept-below-promise', invariant: 'AcceptAbovePromise', model: 'messages', depth: 5, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
    ],
    clean: { depth: 5 },
  },
  build: (config) => {
    const paxos = new Paxos(config);
    return {
      create: (ctx) => createNode(ctx.id),
      start: (s, ctx) => paxos.start(s, ctx),
      crash: (s, ctx) => crashNode(s, ctx.bug('forget-promise-on-restart')),
      onMessage: (s, msg, ctx) => paxos.onMessage(s, msg.from, msg.type, msg.payload, ctx),
      onTimer: (s, name, ctx) => paxos.onTimer(s, name, ctx),
      onRequest: (s, command, ctx, op) => paxos.onRequest(s, command, ctx, op),
      onTimeoutNow: (s, ctx) => paxos.onTimeoutNow(s, ctx),
    };
  },
  clone: cloneNode,
  // Basic Paxos has no leader. The closest thing is a proposer in phase 2: it holds promises from
  // a majority for its ballot, so "leader" events go to the highest such ballot, and none otherwise.
  leaderRank: (s) => (s.phase === 'accept' ? rank(s.ballot) : null),
  leaderHint: () => null,
  reportNode: (s) => ({
    promised: s.durable.promised,
    accepted: s.durable.accepted,
    learned: s.durable.learned,
  }),
  createObserver: (n) => new PaxosObserver(n),
};
