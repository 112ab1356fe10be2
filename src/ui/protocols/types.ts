/** What each protocol contributes to the page: how a node and a message look, and its own panel. */
import type { ComponentType } from 'react';
import type { Simulation } from '../../sim/engine';
import type { Message } from '../../sim/types';
import type { UnscheduledEvent } from '../../sim/timeline';
import type { Messages } from '../i18n/en';
import type { Goal } from '../state/breakpoints';

export interface NodeLook {
  /** CSS class and, for Raft, data-role */
  role: string;
  roleLabel: string;
  /** the term (Raft) or ballot round shown under the name; null for none */
  termLabel: string;
  /** extra data-* attributes CONTRACT §5 asks for (data-role, data-term for Raft) */
  data: Record<string, string>;
  /** a short line under the node while it matters (a candidate's vote count, whom a follower voted for) */
  note?: string;
}

export type MessageTone = 'ok' | 'fail' | 'neutral';

export interface MessageLook {
  /** colour category (CSS class suffix) */
  category: string;
  /** what the legend calls this colour: the message's kind (RequestVote, vote, prepare…) */
  kind: string;
  /** this message's own label on the wire (vote refused, prepare (14, S5)…) */
  label: string;
  tone: MessageTone;
  /** printed on the message itself: its term (Raft) or its ballot's round (Paxos); '' for none */
  badge: string;
}

/** One of a protocol's own items in a node's menu: the scenario events it adds now. */
export interface NodeAction {
  /** stable name (a test or a shortcut finds it by this) */
  id: string;
  label: string;
  events: UnscheduledEvent[];
  /** shown but not offered (why is in the label) */
  disabled?: boolean;
}

export interface TimerRing { name: string; remainingMs: number; totalMs: number }

/** A bar under a node that runs down with time (Raft's leader lease): its name, what is left of how much, and what it says. */
export interface NodeBar { name: string; remainingMs: number; totalMs: number; label: string }

export interface ProtocolPanelProps { sim: Simulation; events: number }

/** A protocol panel redraws only when an event happened, not as the clock runs (React.memo's test). */
export const samePanelState = (a: ProtocolPanelProps, b: ProtocolPanelProps): boolean => a.sim === b.sim && a.events === b.events;

export interface ProtocolView {
  node(state: unknown, m: Messages, clusterSize: number): NodeLook;
  message(msg: Message, m: Messages): MessageLook;
  /** The countdown drawn around a node (election or retry timer), or null. */
  timer(sim: Simulation, node: number): TimerRing | null;
  /** A bar drawn under a node, moving with the clock (Raft: the leader's lease), or null. */
  bar?(sim: Simulation, node: number, m: Messages): NodeBar | null;
  panelTitle(m: Messages): string;
  Panel: ComponentType<ProtocolPanelProps>;
  /** The message kinds the key lists (colour category and name), in the order a run meets them.
   *  A category is a colour and shape of the shared palette (`--msg-<category>` in styles.css,
   *  `shapeOf` in views/messageGlyph.ts); two kinds of one protocol must not share one. */
  legendKinds: readonly (readonly [category: string, name: (m: Messages) => string])[];
  /** What the number printed on a message means. */
  badgeMeaning(m: Messages): string;
  /** `wide`: the panel is wide and short, so the stage puts it beside the cluster only on a wide
   *  screen; `tall` (the default) wherever the stage is wider than 3:2. */
  panelShape?: 'wide' | 'tall';
  /** The run-until goals that make sense for it, in menu order. */
  runUntil: readonly Goal[];
  /** Labels of its knobs' form fields (`name`, or `name.min` and `name.max` for a range) where the
   *  knob's own name would not do; others show their name. */
  knobLabels?: Readonly<Record<string, (m: Messages) => string>>;
  /** Its own items in a node's menu, after the common ones (Raft: add to or remove from the voting members).
   *  The `v` key runs the selected node's action named `member`, if it has one. */
  nodeActions?(sim: Simulation, node: number, m: Messages): NodeAction[];
}

const lookCache = new WeakMap<Message, { m: Messages; look: MessageLook }>();

/** A message's look, computed once per message and language (messages are immutable). */
export function messageLook(view: ProtocolView, msg: Message, m: Messages): MessageLook {
  const hit = lookCache.get(msg);
  if (hit && hit.m === m) return hit.look;
  const look = view.message(msg, m);
  lookCache.set(msg, { m, look });
  return look;
}

/** A message's name for titles: its look on the wire, with the protocol's type when they differ
 *  (a heartbeat is an AppendEntries with no entries). */
export function messageName(view: ProtocolView, msg: Message, m: Messages): string {
  const label = messageLook(view, msg, m).label;
  return label.toLowerCase().startsWith(msg.type.toLowerCase()) ? label : `${label} (${msg.type})`;
}
