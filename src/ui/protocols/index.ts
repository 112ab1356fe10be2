/** The per-protocol view modules, by scenario protocol name. */
import type { ProtocolName } from '../../sim/types';
import { multiPaxosView } from './multiPaxos';
import { paxosView } from './paxos';
import { raftView } from './raft';
import { zabView } from './zab';
import type { ProtocolView } from './types';

export const PROTOCOL_VIEWS: Record<ProtocolName, ProtocolView> = {
  raft: raftView,
  paxos: paxosView,
  'multi-paxos': multiPaxosView,
  zab: zabView,
};
