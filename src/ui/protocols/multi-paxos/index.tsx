/** Multi-Paxos on the page: leader and ballots on the ring, a slot grid (empty/accepted/chosen) per node and the cluster's chosen row. */
import { memo, useRef, type CSSProperties } from 'react';
import type { Message } from '../../../sim/types';
import type { Ballot } from '../../../protocols/paxos/ballot';
import {
  NOOP, type AcceptMsg, type CatchupMsg, type Command, type MultiPaxosNode, type NackMsg,
} from '../../../protocols/multi-paxos/types';
import { isChosen } from '../../../protocols/multi-paxos/multi-paxos';
import type { MultiPaxosObserver } from '../../../protocols/multi-paxos/observer';
import { rank } from '../../../protocols/paxos/ballot';
import { majority } from '../../../protocols/quorum';
import { formatTime } from '../../views/format';
import { textEms } from '../../views/nodeText';
import { useI18n } from '../../i18n/context';
import type { Messages } from '../../i18n/en';
import { ballotShort } from '../paxos';
import { useColumnWindow, wideIndex } from '../columnWindow';
import { useFitRows } from '../fitRows';
import { useFollowNewest } from '../followNewest';
import { ClusterLead, HeadLead, PanelLegend, RowLead } from '../panelParts';
import { electionOrHeartbeatRing } from '../timers';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView } from '../types';
import { LEADER_TIMING_LABELS } from '../knobLabels';

const MAX_SLOTS = 200;

function node(state: unknown, m: Messages): NodeLook {
  const s = state as MultiPaxosNode;
  return {
    role: s.role,
    roleLabel: m[`role_${s.role}`],
    termLabel: ballotShort(s.durable.promised, m),
    data: { 'data-role': s.role, 'data-ballot': ballotShort(s.durable.promised, m) },
  };
}

function message(msg: Message, m: Messages): MessageLook {
  const p = msg.payload as { ballot?: Ballot };
  const b = ballotShort(p.ballot ?? null, m);
  const badge = p.ballot ? String(p.ballot.round) : '';
  switch (msg.type) {
    case 'Prepare': return { category: 'prepare', kind: m.wire_prepare, label: m.msg_prepare(b), tone: 'neutral', badge };
    case 'Promise': return { category: 'promise', kind: m.wire_promise, label: m.msg_promise(b), tone: 'ok', badge };
    case 'Accept': {
      const a = msg.payload as AcceptMsg;
      const v = a.entry.value === NOOP ? m.noOp : a.entry.value.command;
      return { category: 'accept', kind: m.wire_accept, label: m.slotMessage(a.slot, m.msg_accept(b, v)), tone: 'neutral', badge };
    }
    case 'Accepted': return { category: 'accepted', kind: m.wire_accepted, label: m.msg_accepted(b), tone: 'ok', badge };
    case 'Nack': return { category: 'nack', kind: m.wire_nack, label: m.nackLabel(ballotShort((msg.payload as NackMsg).promised, m)), tone: 'fail', badge };
    case 'Heartbeat': return { category: 'heartbeat', kind: m.wire_heartbeat, label: m.msg_heartbeat, tone: 'neutral', badge };
    // its own colour and shape: not the green of "accepted"
    case 'HeartbeatReply': return { category: 'heartbeat-reply', kind: m.wire_heartbeatReply, label: m.msg_heartbeatReply, tone: 'neutral', badge };
    case 'Catchup': return { category: 'catchup', kind: m.wire_catchup, label: m.msg_catchup((msg.payload as CatchupMsg).entries.length), tone: 'neutral', badge };
    case 'Forward': return { category: 'other', kind: m.wire_forward, label: m.msg_forward, tone: 'neutral', badge };
    default: return { category: 'other', kind: msg.type, label: msg.type, tone: 'neutral', badge };
  }
}

/** A slot's value as the grid prints it. */
const valueText = (v: Command, m: Messages): string => (v === NOOP ? m.noOp : v.command);
const sameValue = (a: Command, b: Command): boolean => a === b || (a.id === b.id && a.command === b.command);

/** Texts up to this many characters ("open ttl=1000") fit their cell whole; longer ones end in an ellipsis (the title has them). */
const WHOLE_CHARS = 13;
/**
 * About how wide `text` is in em (nodeText's estimate, capped at WHOLE_CHARS characters), a bold
 * value a little wider. The slot grid's cells are as wide as its widest text, so "keepalive s2" is
 * whole and "x=1" keeps a narrow cell.
 */
const cellEms = (text: string, bold: boolean): number =>
  Math.round(textEms([...text].slice(0, WHOLE_CHARS).join('')) * (bold ? 1.07 : 1) * 100) / 100;

/**
 * Which cells break an invariant at this moment: a slot a node marks chosen with another value
 * than the one the cluster chose there, and votes of a later majority for another value (a
 * second value chosen). Only in a run whose checker already found a violation.
 */
function conflicts(sim: ProtocolPanelProps['sim'], observer: MultiPaxosObserver, slots: number[]): Set<string> {
  const out = new Set<string>();
  if (sim.violations.length === 0) return out;
  const nodes = sim.nodes as MultiPaxosNode[];
  const quorum = majority(sim.nodeIds.length);
  for (const slot of slots) {
    const chosen = observer.chosenAt(slot);
    if (!chosen) continue;
    // votes for another value, grouped by ballot: a majority of them chose a second value
    const others = new Map<number, number[]>();
    for (const id of sim.nodeIds) {
      const e = nodes[id].durable.log[slot];
      if (!e || sameValue(e.value, chosen.value)) continue;
      if (isChosen(nodes[id], slot)) out.add(`${id}:${slot}`).add(`cluster:${slot}`);
      const r = rank(e.ballot);
      others.set(r, [...(others.get(r) ?? []), id]);
    }
    for (const ids of others.values()) {
      if (ids.length < quorum) continue;
      for (const id of ids) out.add(`${id}:${slot}`);
      out.add(`cluster:${slot}`);
    }
  }
  return out;
}

/**
 * One row per node, one column per slot, and the cluster's "Chosen" row. A slot whose value the
 * cluster chose (a majority accepted it in one ballot) is drawn chosen on every node that holds
 * that value, whether or not the node has learned it yet; a bar after a node's chosen prefix
 * shows how far it knows. Other votes are drawn accepted (hatched).
 */
const SlotGrid = memo(function SlotGrid({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const grid = useRef<HTMLDivElement>(null);
  useFollowNewest(grid);
  useFitRows(grid, sim.nodeIds.length + 2);
  const nodes = sim.nodes as MultiPaxosNode[];
  const observer = sim.observer as unknown as MultiPaxosObserver;
  let longest = observer.chosenSlots();
  for (const id of sim.nodeIds) longest = Math.max(longest, nodes[id].durable.log.length);
  const first = Math.max(0, longest - MAX_SLOTS);
  const slots: number[] = [];
  for (let i = first; i < Math.max(longest, first + 1); i++) slots.push(i);
  const win = useColumnWindow(grid, slots);
  const broken = conflicts(sim, observer, slots);
  // the widest ballot and value in the grid (every slot, not only those in view: scrolling keeps the width)
  let ballotEm = 0, valueEm = 0;
  for (const i of slots) {
    for (const id of sim.nodeIds) {
      const e = nodes[id].durable.log[i];
      if (e) { ballotEm = Math.max(ballotEm, cellEms(ballotShort(e.ballot, m), false)); valueEm = Math.max(valueEm, cellEms(valueText(e.value, m), true)); }
    }
    const c = observer.chosenAt(i);
    if (c) valueEm = Math.max(valueEm, cellEms(valueText(c.value, m), true));
  }
  const widths = { '--slot-ballot': ballotEm, '--slot-value': valueEm } as CSSProperties;
  return (
    <div className="log-panel">
      <PanelLegend items={[
        { swatch: <span className="legend-swatch log-cell status-chosen" />, label: m.slot_chosen },
        { swatch: <span className="legend-swatch log-cell status-accepted" />, label: m.slot_accepted },
        { swatch: <span className="legend-swatch log-cell status-empty is-commit-mark" />, label: m.legendKnown },
        broken.size > 0 && { swatch: <span className="legend-swatch log-cell status-empty is-conflict" />, label: m.legendConflict },
      ]} />
      <div className="log-table slot-grid" role="table" aria-label={m.slotsTitle} ref={grid} style={widths}>
        <div className="log-row log-head" role="row">
          <HeadLead label={m.slot} stats={[{ label: m.knownShort, title: m.knownHint }]} />
          {win.map((i) => <span key={i} className="log-index" role="columnheader" data-digits={wideIndex(i)} data-slot={i}>{i}</span>)}
        </div>
        {sim.nodeIds.map((id) => {
          const s = nodes[id];
          const up = sim.up[id];
          const known = s.durable.firstUnchosen;
          return (
            <div key={id} className={`log-row${up ? '' : ' is-down'}`} role="row" data-log-row={id}>
              <RowLead id={id} role={s.role} up={up} m={m} commitBefore={known <= first}
                stats={[{ value: known, title: m.knownHint }]} />
              {win.map((i) => {
                const e = s.durable.log[i];
                const chosen = observer.chosenAt(i);
                const status = !e ? 'empty' : chosen && sameValue(chosen.value, e.value) ? 'chosen' : 'accepted';
                const knows = isChosen(s, i);
                const marks = `${known === i + 1 ? ' is-commit-mark' : ''}${broken.has(`${id}:${i}`) ? ' is-conflict' : ''}`;
                return (
                  <span key={i} role="cell" className={`log-cell status-${status}${marks}`} data-slot={i} data-status={status}
                    data-known={String(knows)}
                    title={e ? m.slotCellTitle(i, m[`slot_${status}`], ballotShort(e.ballot, m), valueText(e.value, m), knows) : m.slot_empty}>
                    {e && <span className="log-term">{ballotShort(e.ballot, m)}</span>}
                    {e && <span className="log-cmd">{valueText(e.value, m)}</span>}
                  </span>
                );
              })}
            </div>
          );
        })}
        {/* what the cluster chose: a majority accepted it in one ballot, whoever has learned it */}
        <div className="log-row" role="row" data-log-row="cluster">
          <ClusterLead label={m.clusterChosen} title={m.clusterChosenHint} stats={[{}]} />
          {win.map((i) => {
            const c = observer.chosenAt(i);
            const conflict = broken.has(`cluster:${i}`) ? ' is-conflict' : '';
            if (!c) return <span key={i} className={`log-cell status-empty${conflict}`} role="cell" data-slot={i} data-status="empty" />;
            return (
              <span key={i} role="cell" className={`log-cell status-chosen${conflict}`} data-slot={i} data-status="chosen"
                title={m.clusterChosenTitle(i, valueText(c.value, m), formatTime(c.time))}>
                <span className="log-cmd">{valueText(c.value, m)}</span>
              </span>
            );
          })}
        </div>
      </div>
    </div>
  );
}, samePanelState);

export const multiPaxosView: ProtocolView = {
  node,
  message,
  timer: electionOrHeartbeatRing,
  panelTitle: (m) => m.slotsTitle,
  Panel: SlotGrid,
  legendKinds: [
    ['prepare', (m) => m.wire_prepare], ['promise', (m) => m.wire_promise], ['accept', (m) => m.wire_accept],
    ['accepted', (m) => m.wire_accepted], ['heartbeat', (m) => m.wire_heartbeat],
    ['heartbeat-reply', (m) => m.wire_heartbeatReply], ['catchup', (m) => m.wire_catchup], ['nack', (m) => m.wire_nack],
  ],
  badgeMeaning: (m) => m.legendBadgePaxos,
  runUntil: ['leader', 'chosen', 'violation'],
  knobLabels: {
    ...LEADER_TIMING_LABELS,
    acceptRetry: (m) => m.knob_acceptRetry,
    maxCatchup: (m) => m.knob_maxCatchup,
  },
};
