/** The scenario library: ready scenarios with their explanation, in the order the UI lists them. */
import type { LibraryEntry } from './types';
import { findEntryOf } from './find';
import { firstElection, leaderCrash, splitVote } from './raft-elections';
import { followerCatchesUp, lossyNetwork, minorityPartition, oldLeaderReturns } from './raft-replication';
import { figure7 } from './raft-figure7';
import { figure8, figure8Bug, figure8CurrentTerm } from './raft-figure8';
import { disruptiveRejoin, rejoinWithPreVote } from './raft-prevote';
import { leaseRead, leaseTooLongBug, readIndexRead, staleReadBug } from './raft-reads';
import { addRemoveServers, membershipJointIsSafe, snapshotCatchUp, unsafeMembershipBug } from './raft-membership';
import { paxosAcceptorRestart, paxosDuellingProposers, paxosOneProposer, paxosValueHijack } from './paxos';
import { multiPaxosNoopGap } from './multi-paxos';
import { multiPaxosIgnoreVotesBug, paxosIgnoreAcceptedBug } from './teaching-bugs';
import { lockWithFencing, lockWithoutFencing } from './lock-service';
import { capLinearizableReads, capSerializableReads, sessionExpiresPartitioned } from './cap';
import { zabBroadcastBeforeSyncBug, zabNoEpochBumpBug, zabProposalDropped, zabProposalSurvives } from './zab';

export type { Highlight, LibraryEntry, Text } from './types';

export const LIBRARY: readonly LibraryEntry[] = [
  firstElection, leaderCrash, splitVote,
  followerCatchesUp, minorityPartition, oldLeaderReturns, figure7, figure8, figure8Bug, figure8CurrentTerm, lossyNetwork,
  disruptiveRejoin, rejoinWithPreVote, staleReadBug, readIndexRead, leaseTooLongBug, leaseRead,
  addRemoveServers, snapshotCatchUp, membershipJointIsSafe, unsafeMembershipBug,
  paxosOneProposer, paxosDuellingProposers, paxosValueHijack, paxosIgnoreAcceptedBug, paxosAcceptorRestart,
  multiPaxosNoopGap, multiPaxosIgnoreVotesBug,
  zabProposalSurvives, zabProposalDropped, zabNoEpochBumpBug, zabBroadcastBeforeSyncBug,
  lockWithoutFencing, lockWithFencing, sessionExpiresPartitioned, capSerializableReads, capLinearizableReads,
];

const byId = new Map(LIBRARY.map((e) => [e.id, e]));

/** The library entry with this id; throws naming the id when there is none. */
export function libraryEntry(id: string): LibraryEntry {
  const entry = byId.get(id);
  if (!entry) throw new Error(`library: no scenario "${id}" (known: ${[...byId.keys()].join(', ')})`);
  return entry;
}

/**
 * The library entry a scenario was opened from, known by its protocol and meta title (a share
 * link carries both; acting on the run forks it and keeps them). Undefined for any other run.
 */
export const libraryEntryOf = (scenario: { protocol: string; meta?: { title?: unknown } }): LibraryEntry | undefined =>
  findEntryOf(LIBRARY, scenario);
