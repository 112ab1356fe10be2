/** The per-protocol view modules, by scenario protocol name: the one place a view is registered. */
import type { ProtocolName } from '../../protocols/registry';
import { multiPaxosView } from './multi-paxos';
import { paxosView } from './paxos';
import { raftView } from './raft';
import { zabView } from './zab';
import type { ProtocolView } from './types';

const VIEWS = {
  raft: raftView,
  paxos: paxosView,
  'multi-paxos': multiPaxosView,
  zab: zabView,
} as const satisfies Record<ProtocolName, ProtocolView>;

/** Looked up by a scenario's (validated) `protocol`. */
export const PROTOCOL_VIEWS: Readonly<Record<string, ProtocolView>> = VIEWS;
