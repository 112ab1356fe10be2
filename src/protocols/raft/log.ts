/**
 * Reading a Raft log by index when a snapshot may have dropped its prefix (dissertation §5.1):
 * `durable.log.at(0)` is index `logStart + 1`, and the snapshot stands for everything up to logStart.
 */
import type { Entry, RaftNode } from './types';

/** The index just before the first entry in the log: the snapshot's, 0 without one. */
export const logStart = (s: RaftNode): number => s.durable.snapshot?.index ?? 0;

export const lastIndex = (s: RaftNode): number => logStart(s) + s.durable.log.length;

/** The term of the entry at `index`: the snapshot's at logStart, 0 before index 1 or past the end, -1 inside the snapshot. */
export function termAt(s: RaftNode, index: number): number {
  const snap = s.durable.snapshot;
  if (!snap) return index <= 0 ? 0 : s.durable.log.at(index - 1)?.term ?? 0;
  if (index === snap.index) return snap.term;
  if (index < snap.index) return index <= 0 ? 0 : -1;
  return s.durable.log.at(index - snap.index - 1)?.term ?? 0;
}

/** The entry at `index`, or undefined when it is past the end or inside the snapshot. */
export const entryAt = (s: RaftNode, index: number): Entry | undefined => s.durable.log.at(index - logStart(s) - 1);
