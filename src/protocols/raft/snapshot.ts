/**
 * Log compaction by snapshots (dissertation §5.1). Once a node has applied `snapshotThreshold`
 * entries past its last snapshot, it saves its state machine (with the configuration in force and
 * the client sessions) and drops the log up to there. A follower that needs an entry its leader
 * has dropped gets the leader's snapshot in one InstallSnapshot message.
 */
import { BlockList } from '../../sim/block-list';
import { cloneKvStore } from '../kv-store';
import type { Entry, RaftNode, Snapshot, Configuration } from './types';
import { lastIndex, logStart, termAt } from './log';

/** The applied-entries digest after one more entry (FNV-1a over its term and command). */
export function digestAfter(digest: number, e: Entry): number {
  let h = (digest ^ e.term) >>> 0;
  h = Math.imul(h, 0x01000193) >>> 0;
  for (let i = 0; i < e.command.length; i++) h = Math.imul(h ^ e.command.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The digest of nothing applied. */
export const DIGEST_START = 0x811c9dc5;

/** Snapshot everything applied, and drop that log prefix (a new list: copies share the old one's blocks). */
export function takeSnapshot(s: RaftNode, config: Configuration): Snapshot {
  const d = s.durable;
  const index = s.lastApplied;
  const start = logStart(s);
  const snapshot: Snapshot = {
    index, term: termAt(s, index), config, state: cloneKvStore(s), digest: s.digest,
  };
  // the observer reads the dropped entries once, if they were committed in this very event
  const c = s.compacted;
  s.compacted = c ? { ...c, log: [...c.log.slice(0, start - c.start), ...d.log] } : { log: d.log.toArray(), start, startTerm: termAt(s, start) };
  d.log = BlockList.from(d.log.slice(index - start));
  d.snapshot = snapshot;
  return snapshot;
}

/**
 * A follower takes a leader's snapshot: the entries after it stay if the log holds the snapshot's
 * last entry, and otherwise the whole log goes (§5.1); the state machine becomes the snapshot's.
 */
export function installSnapshot(s: RaftNode, snap: Snapshot): void {
  const d = s.durable;
  const keep = snap.index <= lastIndex(s) && termAt(s, snap.index) === snap.term;
  d.log = BlockList.from(keep ? d.log.slice(snap.index - logStart(s)) : []);
  d.snapshot = snap;
  s.commitIndex = snap.index;
  restoreFromSnapshot(s);
}

/** The state machine as the snapshot left it (after installing one, or on restart). */
export function restoreFromSnapshot(s: RaftNode): void {
  const snap = s.durable.snapshot;
  if (!snap) return;
  const state = cloneKvStore(snap.state);
  s.kv = state.kv;
  s.sessions = state.sessions;
  s.service = state.service;
  s.digest = snap.digest;
  s.lastApplied = snap.index;
  if (s.commitIndex < snap.index) s.commitIndex = snap.index;
}
