/**
 * Basic Paxos on the page: acceptors' promises and votes, proposers' phases and quorum counts.
 * The table keeps to the panel's width: a vote and a proposal each read "value in ballot".
 */
import { countBits, majority } from '../../protocols/quorum';
import { memo } from 'react';
import type { Simulation } from '../../sim/engine';
import type { Message } from '../../sim/types';
import { rank, type Ballot } from '../../protocols/paxos/ballot';
import type { AcceptMsg, NackMsg, PaxosConfig, PaxosNode } from '../../protocols/paxos/types';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView, type TimerRing } from './types';

/** Ballots as "round.node", the way the acceptor table prints them. */
export const ballotShort = (b: Ballot | null, m: Messages): string => (b ? m.ballotShort(b.round, b.node) : m.none);

function node(state: unknown, m: Messages): NodeLook {
  const s = state as PaxosNode;
  const proposing = s.phase === 'prepare' || s.phase === 'accept';
  const role = proposing ? 'proposer' : 'acceptor';
  return {
    role: s.phase === 'accept' ? 'leader' : proposing ? 'candidate' : 'follower',
    roleLabel: s.durable.learned !== null ? m.learnedLabel(s.durable.learned) : m[`role_${role}`],
    termLabel: ballotShort(s.durable.promised, m),
    data: {
      'data-phase': s.phase,
      'data-promised': s.durable.promised ? String(rank(s.durable.promised)) : '',
      'data-learned': s.durable.learned ?? '',
    },
  };
}

function message(msg: Message, m: Messages): MessageLook {
  const p = msg.payload as { ballot: Ballot };
  const b = ballotShort(p.ballot, m);
  const badge = p.ballot ? String(p.ballot.round) : '';
  switch (msg.type) {
    case 'Prepare': return { category: 'prepare', kind: m.wire_prepare, label: m.msg_prepare(b), tone: 'neutral', badge };
    case 'Promise': return { category: 'promise', kind: m.wire_promise, label: m.msg_promise(b), tone: 'ok', badge };
    case 'Accept': return { category: 'accept', kind: m.wire_accept, label: m.msg_accept(b, (msg.payload as AcceptMsg).value), tone: 'neutral', badge };
    case 'Accepted': return { category: 'accepted', kind: m.wire_accepted, label: m.msg_accepted(b), tone: 'ok', badge };
    case 'Nack': return { category: 'nack', kind: m.wire_nack, label: m.nackLabel(ballotShort((msg.payload as NackMsg).promised, m)), tone: 'fail', badge };
    default: return { category: 'other', kind: msg.type, label: msg.type, tone: 'neutral', badge };
  }
}

function timer(sim: Simulation, id: number): TimerRing | null {
  const at = sim.timerDeadline(id, 'retry');
  if (at === null) return null;
  const s = sim.nodes[id] as PaxosNode;
  const config = sim.config as PaxosConfig;
  const total = config.retryTimeout.max * 2 ** Math.min(Math.max(0, s.attempts - 1), 5);
  return { name: 'retry', remainingMs: at - sim.timeMs, totalMs: total };
}

const AcceptorTable = memo(function AcceptorTable({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const nodes = sim.nodes as PaxosNode[];
  const quorum = majority(sim.nodeIds.length);
  return (
    <table className="acceptor-table">
      <thead>
        <tr>
          <th />
          <th>{m.promised}</th><th>{m.acceptedCol}</th><th>{m.learned}</th>
          <th>{m.phase}</th><th>{m.proposal}</th><th>{m.promises}</th><th>{m.acceptances}</th>
        </tr>
      </thead>
      <tbody>
        {sim.nodeIds.map((id) => {
          const s = nodes[id];
          const d = s.durable;
          const active = s.phase === 'prepare' || s.phase === 'accept';
          const tally = s.ballot ? s.votes.get(rank(s.ballot)) : undefined;
          return (
            <tr key={id} data-acceptor={id} className={sim.up[id] ? '' : 'is-down'}>
              <th>{m.nodeName(id)}</th>
              <td>{ballotShort(d.promised, m)}</td>
              <td>{d.accepted ? m.valueInBallot(d.accepted.value, ballotShort(d.accepted.ballot, m)) : m.none}</td>
              <td>{d.learned ?? m.none}</td>
              <td title={m[`phase_${s.phase}`]}>{m[`phaseShort_${s.phase}`]}</td>
              <td>{active && s.proposal !== null ? m.valueInBallot(s.proposal, ballotShort(s.ballot, m))
                : active ? ballotShort(s.ballot, m) : s.proposal ?? m.none}</td>
              <td>{s.phase === 'prepare' ? m.countOf(countBits(s.promisedBy), quorum) : m.none}</td>
              <td>{s.phase === 'accept' ? m.countOf(tally ? countBits(tally.voters) : 0, quorum) : m.none}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}, samePanelState);

export const paxosView: ProtocolView = {
  node,
  message,
  timer,
  panelTitle: (m) => m.acceptorsTitle,
  Panel: AcceptorTable,
};
