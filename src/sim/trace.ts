/** The trace: every happening in order, fed into the trace hash and optionally kept. */
import type { Message, NodeId, NoteData } from './types';

export type TraceKind = 'send' | 'deliver' | 'drop' | 'timer' | 'fault' | 'request' | 'note' | 'violation';

export interface TraceRecord {
  /** 1-based number of the engine event that produced this record. */
  event: number;
  /** Virtual time in ms. */
  time: number;
  kind: TraceKind;
  /** Node where it happened (0: the whole cluster or the network). */
  node: NodeId;
  /** Message type, timer name, fault type or note kind. */
  what: string;
  msg?: Message;
  data?: NoteData;
}

export type TraceSink = (record: TraceRecord) => void;

export const TRACE_KIND_CODE: Record<TraceKind, number> = {
  send: 1, deliver: 2, drop: 3, timer: 4, fault: 5, request: 6, note: 7, violation: 8,
};

/** TRACE_KIND_CODE[kind] for the engine's hot path: a switch compares interned strings, where a keyed read looked the name up. */
export function traceKindCode(kind: TraceKind): number {
  switch (kind) {
    case 'send': return 1;
    case 'deliver': return 2;
    case 'drop': return 3;
    case 'timer': return 4;
    case 'fault': return 5;
    case 'request': return 6;
    case 'note': return 7;
    case 'violation': return 8;
  }
}
