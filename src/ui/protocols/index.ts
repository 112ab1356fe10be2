/** The per-protocol view modules, by scenario protocol name. */
import type { ProtocolName } from '../../sim/types';
import { raftView } from './raft';
import type { ProtocolView } from './types';

export const PROTOCOL_VIEWS: Record<ProtocolName, ProtocolView> = {
  raft: raftView,
  paxos: raftView, // replaced when the Basic Paxos core lands
  'multi-paxos': raftView, // replaced when the Multi-Paxos core lands
};
