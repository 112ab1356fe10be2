/**
 * Cluster membership changes (dissertation chapter 4). Every server uses the latest configuration
 * in its log, committed or not. A leader moves one server at a time (§4.1) when the old and new
 * sets differ by one, and otherwise through the joint configuration C_old,new (§4.3), in which
 * elections and commits need a majority of both sets. A server outside its configuration never
 * starts an election, and a leader that removed itself steps down once that is committed (§4.2.2).
 */
import type { NodeId } from '../../sim/types';
import { entryAt, lastIndex, logStart } from './log';
import type { Configuration, RaftConfig, RaftNode } from './types';

export function initialConfiguration(config: RaftConfig, nodeIds: readonly NodeId[]): Configuration {
  return { voters: config.members ? [...config.members].sort((a, b) => a - b) : nodeIds.slice(), outgoing: null };
}

/** Does `id` vote in `c` (in either set while joint)? */
export const isVoter = (c: Configuration, id: NodeId): boolean => c.voters.includes(id) || (c.outgoing?.includes(id) ?? false);

/** Every voter of `c`, ascending. */
export function membersOf(c: Configuration): NodeId[] {
  const out = c.voters.slice();
  for (const id of c.outgoing ?? []) if (!out.includes(id)) out.push(id);
  return out.sort((a, b) => a - b);
}

/** The log command a configuration entry shows. */
export const configCommand = (c: Configuration): string =>
  (c.outgoing ? `joint ${c.outgoing.join(',')} / ${c.voters.join(',')}` : `config ${c.voters.join(',')}`);

/** What the report says: the voters, or { old, new } while joint. */
export const reportMembers = (c: Configuration): NodeId[] | { old: NodeId[]; new: NodeId[] } =>
  (c.outgoing ? { old: c.outgoing.slice(), new: c.voters.slice() } : c.voters.slice());

const majorityOf = (list: readonly NodeId[], count: number): boolean => count >= Math.floor(list.length / 2) + 1;

function votesIn(list: readonly NodeId[], votes: readonly NodeId[]): number {
  let n = 0;
  for (const id of list) if (votes.includes(id)) n++;
  return n;
}

/** Do `votes` hold a majority of the configuration (of both sets while joint)? */
export const votesWin = (c: Configuration, votes: readonly NodeId[]): boolean =>
  majorityOf(c.voters, votesIn(c.voters, votes)) && (c.outgoing === null || majorityOf(c.outgoing, votesIn(c.outgoing, votes)));

function storedIn(s: RaftNode, list: readonly NodeId[], index: number): number {
  let n = 0;
  for (const id of list) if ((id === s.id ? lastIndex(s) : s.matchIndex[id]) >= index) n++;
  return n;
}

/**
 * On a leader: how many voters store `index` (as the leader knows it), or -1 when they are not a
 * majority of the configuration (of both sets while joint). A removed server never counts.
 */
export function replicasOnQuorum(s: RaftNode, index: number): number {
  const c = s.config;
  const inNew = storedIn(s, c.voters, index);
  if (!majorityOf(c.voters, inNew)) return -1;
  if (c.outgoing === null) return inNew;
  const inOld = storedIn(s, c.outgoing, index);
  if (!majorityOf(c.outgoing, inOld)) return -1;
  let onlyOld = 0;
  for (const id of c.outgoing) if (!c.voters.includes(id) && (id === s.id ? lastIndex(s) : s.matchIndex[id]) >= index) onlyOld++;
  return inNew + onlyOld;
}

/** The configuration in force at `index` (at most the last index): the latest at or before it. */
export function configAt(s: RaftNode, index: number, initial: Configuration): { config: Configuration; index: number } {
  for (let i = Math.min(index, lastIndex(s)); i > logStart(s); i--) {
    const c = entryAt(s, i)!.config;
    if (c) return { config: c, index: i };
  }
  const snap = s.durable.snapshot;
  return snap ? { config: snap.config, index: snap.index } : { config: initial, index: 0 };
}

/** Put `config` (set by the entry at `index`) in force, and recompute whom the node talks to. */
export function useConfig(s: RaftNode, config: Configuration, index: number): void {
  s.config = config;
  s.configIndex = index;
  s.removing = s.removing.filter((id) => !isVoter(config, id));
  refreshPeers(s);
}

export function refreshPeers(s: RaftNode): void {
  const peers: NodeId[] = [];
  for (const id of membersOf(s.config)) if (id !== s.id) peers.push(id);
  for (const id of s.removing) if (id !== s.id && !peers.includes(id)) peers.push(id);
  s.peers = peers.sort((a, b) => a - b);
}

/** Members of `before` that `after` leaves out. */
export const leftOut = (before: Configuration, after: Configuration): NodeId[] =>
  membersOf(before).filter((id) => !isVoter(after, id));

/**
 * How a leader moves to `target`: null when it cannot now (and why, for the note), else the
 * configuration entry to append. One change at a time, and only once the leader has committed an
 * entry of its own term (the fix to single-server changes in Ongaro's 2015 errata).
 */
export function nextConfiguration(s: RaftNode, target: readonly NodeId[], unsafe: boolean, committedInTerm: boolean):
  { config: Configuration } | { refused: 'in-progress' | 'not-committed' | 'same' } {
  const wanted = [...new Set(target)].sort((a, b) => a - b);
  if (s.config.outgoing !== null || s.configIndex > s.commitIndex) return { refused: 'in-progress' };
  if (!committedInTerm) return { refused: 'not-committed' };
  const now = s.config.voters;
  let differ = 0;
  for (const id of wanted) if (!now.includes(id)) differ++;
  for (const id of now) if (!wanted.includes(id)) differ++;
  if (differ === 0) return { refused: 'same' };
  // one server in or out: any majority of the old set meets any majority of the new (§4.1)
  if (differ === 1 || unsafe) return { config: { voters: wanted, outgoing: null } };
  return { config: { voters: wanted, outgoing: now } };
}
