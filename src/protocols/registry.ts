/** Every protocol the simulator knows, by scenario name. Add a protocol here. */
import type { ProtocolDef, ProtocolName } from '../sim/types';
import { raftProtocol } from './raft';

export const PROTOCOL_NAMES = ['raft', 'paxos', 'multi-paxos'] as const satisfies readonly ProtocolName[];

export const PROTOCOLS: Record<ProtocolName, ProtocolDef> = {
  raft: raftProtocol,
  paxos: raftProtocol, // replaced by the Basic Paxos core
  'multi-paxos': raftProtocol, // replaced by the Multi-Paxos core
};
