/**
 * A NodeContext that records what a protocol handler does (sends, timers, notes, client replies)
 * instead of doing it, so a test can drive one node through its handlers and look at the effects.
 */
import { Rng } from '../../../src/sim/rng';
import type { ClientResult, Message, NodeContext, NodeId, NoteData } from '../../../src/sim/types';

export interface Sent { to: NodeId; type: string; payload: any }
export interface Note { kind: string; data: NoteData }
export interface Reply { client: number; requestId: number; result: ClientResult }

export class FakeContext implements NodeContext {
  readonly nodeIds: readonly NodeId[];
  readonly rng: Rng;
  sent: Sent[] = [];
  notes: Note[] = [];
  replies: Reply[] = [];
  /** armed timers: name → delay in ms from the moment it was set */
  timers = new Map<string, number>();
  /** every (re)arm in order, to see that a timer was reset */
  timerLog: { name: string; delayMs: number }[] = [];
  clock = 0;
  private nextMessageId = 1;

  constructor(readonly id: NodeId, nodeCount: number, private readonly bugs: string[] = [], seed = 1) {
    this.nodeIds = Array.from({ length: nodeCount }, (_, i) => i + 1);
    this.rng = Rng.stream(seed, `node-${id}`);
  }

  now(): number { return this.clock; }
  send(to: NodeId, type: string, payload: unknown): void { this.sent.push({ to, type, payload }); }
  setTimer(name: string, delayMs: number): void {
    this.timers.set(name, delayMs);
    this.timerLog.push({ name, delayMs });
  }
  cancelTimer(name: string): void { this.timers.delete(name); }
  note(kind: string, data: NoteData): void { this.notes.push({ kind, data }); }
  bug(name: string): boolean { return this.bugs.includes(name); }
  reply(client: number, requestId: number, result: ClientResult): void { this.replies.push({ client, requestId, result }); }

  /** Forget recorded effects (not the armed timers) before the next step of a test. */
  clear(): void {
    this.sent = [];
    this.notes = [];
    this.replies = [];
    this.timerLog = [];
  }

  sentOfType(type: string): Sent[] { return this.sent.filter((m) => m.type === type); }
  notesOf(kind: string): NoteData[] { return this.notes.filter((n) => n.kind === kind).map((n) => n.data); }

  /** A message from `from` to this node, as the engine would deliver it. */
  message(from: NodeId, type: string, payload: unknown): Message {
    return {
      id: this.nextMessageId++, from, to: this.id, type, payload, sentAt: this.clock, deliverAt: this.clock,
      lost: false, cut: false, duplicate: false,
    };
  }
}
