/** Every protocol the simulator knows, by scenario name: the one place a protocol is registered. */
import type { ProtocolPlugin } from './plugin';
import { raftProtocol } from './raft';
import { paxosProtocol } from './paxos';
import { multiPaxosProtocol } from './multi-paxos';
import { zabProtocol } from './zab';

const REGISTRY = {
  raft: raftProtocol,
  paxos: paxosProtocol,
  'multi-paxos': multiPaxosProtocol,
  zab: zabProtocol,
} as const satisfies Record<string, ProtocolPlugin>;

/** A registered protocol's scenario name. */
export type ProtocolName = keyof typeof REGISTRY;

export const PROTOCOL_NAMES = Object.keys(REGISTRY) as ProtocolName[];

/** Looked up by a scenario's (validated) `protocol`. */
export const PROTOCOLS: Readonly<Record<string, ProtocolPlugin>> = REGISTRY;

export const isProtocolName = (name: unknown): name is ProtocolName => typeof name === 'string' && Object.hasOwn(REGISTRY, name);
