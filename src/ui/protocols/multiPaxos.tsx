/** Multi-Paxos on the page: leader and ballots on the ring, a slot grid (empty/accepted/chosen) per node. */
import { memo, useRef } from 'react';
import type { Message } from '../../sim/types';
import type { Ballot } from '../../protocols/paxos/ballot';
import {
  NOOP, type AcceptMsg, type CatchupMsg, type MultiPaxosNode, type NackMsg,
} from '../../protocols/multi-paxos/types';
import { isChosen } from '../../protocols/multi-paxos/multi-paxos';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { ballotShort } from './paxos';
import { useFollowNewest } from './followNewest';
import { electionOrHeartbeatRing } from './timers';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView } from './types';

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

const SlotGrid = memo(function SlotGrid({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const grid = useRef<HTMLDivElement>(null);
  useFollowNewest(grid);
  const nodes = sim.nodes as MultiPaxosNode[];
  let longest = 0;
  for (const id of sim.nodeIds) longest = Math.max(longest, nodes[id].durable.log.length);
  const first = Math.max(0, longest - MAX_SLOTS);
  const slots: number[] = [];
  for (let i = first; i < Math.max(longest, first + 1); i++) slots.push(i);
  return (
    <div className="slot-grid" role="table" aria-label={m.slotsTitle} ref={grid}>
      <div className="slot-row log-head" role="row">
        <span className="log-name" role="columnheader">{m.slot}</span>
        {slots.map((i) => <span key={i} className="slot slot-index" role="columnheader">{i}</span>)}
        <span className="panel-legend" aria-hidden="true">
          {(['chosen', 'accepted', 'empty'] as const).map((st) => (
            <span key={st}><span className={`legend-swatch slot status-${st}`} />{m[`slot_${st}`]}</span>
          ))}
        </span>
      </div>
      {sim.nodeIds.map((id) => {
        const s = nodes[id];
        return (
          <div key={id} className={`slot-row${sim.up[id] ? '' : ' is-down'}`} role="row" data-slots-node={id}>
            <span className={`log-name role-${s.role}`} role="rowheader">{m.nodeName(id)}</span>
            {slots.map((i) => {
              const e = s.durable.log[i];
              const status = !e ? 'empty' : isChosen(s, i) ? 'chosen' : 'accepted';
              const value = e ? (e.value === NOOP ? m.noOp : e.value.command) : '';
              return (
                <span key={i} role="cell" className={`slot status-${status}`} data-status={status}
                  title={m.slotTitle(m[`slot_${status}`], e ? ballotShort(e.ballot, m) : '', value)}>
                  {e && <span className="log-term">{ballotShort(e.ballot, m)}</span>}
                  {e && <span className="log-cmd">{value}</span>}
                </span>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}, samePanelState);

export const multiPaxosView: ProtocolView = {
  node,
  message,
  timer: electionOrHeartbeatRing,
  panelTitle: (m) => m.slotsTitle,
  Panel: SlotGrid,
};
