/**
 * Home nodes (workload `home: true`): client c talks only to node ((c - 1) mod nodes) + 1 and
 * follows no redirect. As an etcd member does for its clients, that node hands a request it
 * cannot serve itself to the leader it knows, and the leader's answer comes back through it; a
 * serializable read it answers itself.
 *
 * The hop between the home node and the leader is modelled like the storage's writes: a queue
 * item of its own (not a protocol message, so no protocol has to know of it), delayed by a draw
 * from the `home` stream within the link's latency, and lost if the two nodes are separated when
 * it leaves or arrives, if the link's loss draw says so, or if its receiver is down. So a client
 * whose home is cut off from the leader gets no answer but a serializable read.
 */
import type { ClientOp, ClientResult, NodeId } from './types';

/** A request or an answer between a client's home node and the leader it knows. */
export interface Hop {
  from: NodeId;
  to: NodeId;
  client: number;
  /** the forwarded request (home → leader), or null for an answer going back (leader → home) */
  op: ClientOp | null;
  requestId: number;
  result: ClientResult | null;
  /** drawn when it leaves: the link's loss, or a partition between the two nodes */
  lost: boolean;
}

export const homeOf = (client: number, nodes: number): NodeId => ((client - 1) % nodes) + 1;

/**
 * Where the home node sends a request: to itself (it leads, or believes it does; the read is
 * serializable; it knows no leader, so its protocol refuses), or on to the leader it knows.
 */
export function forwardTarget(home: NodeId, op: ClientOp, leads: boolean, leaderHint: NodeId | null): NodeId {
  if (op.serializable || leads || leaderHint === null || leaderHint === home) return home;
  return leaderHint;
}
