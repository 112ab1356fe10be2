/** Every protocol the simulator knows, by scenario name. Add a protocol here. */
import type { ProtocolDef, ProtocolName } from '../sim/types';
import { raftProtocol } from './raft';
import { paxosProtocol } from './paxos';
import { multiPaxosProtocol } from './multi-paxos';
import { zabProtocol } from './zab';

export const PROTOCOL_NAMES = ['raft', 'paxos', 'multi-paxos', 'zab'] as const satisfies readonly ProtocolName[];

export const PROTOCOLS: Record<ProtocolName, ProtocolDef> = {
  raft: raftProtocol,
  paxos: paxosProtocol,
  'multi-paxos': multiPaxosProtocol,
  zab: zabProtocol,
};
