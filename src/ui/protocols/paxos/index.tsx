/**
 * Basic Paxos on the page: acceptors' promises and votes, proposers' phases and quorum counts.
 * The table keeps to the panel's width: a vote and a proposal each read "value in ballot".
 */
import { countBits, majority } from '../../../protocols/quorum';
import { memo, useRef } from 'react';
import type { Simulation } from '../../../sim/engine';
import type { Message } from '../../../sim/types';
import { rank, type Ballot } from '../../../protocols/paxos/ballot';
import type { AcceptMsg, NackMsg, PaxosConfig, PaxosNode } from '../../../protocols/paxos/types';
import type { PaxosObserver } from '../../../protocols/paxos/observer';
import { useI18n } from '../../i18n/context';
import { formatTime } from '../../views/format';
import { useFitRows } from '../fitRows';
import '../panels.css';
import type { Messages } from '../../i18n/en';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView, type TimerRing } from '../types';

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

/**
 * What a proposer sends in phase 2 and why: the value of the highest vote the promises reported
 * (the rule of phase 2), or its own value when none was reported; with the teaching bug
 * ignore-accepted-value, its own value although a vote was reported.
 */
export type ProposalSource = 'adopted' | 'own' | 'ignored';

export function proposalSource(s: PaxosNode): ProposalSource | null {
  if (s.acceptValue === null) return null;
  if (s.highestVote === null) return 'own';
  return s.acceptValue === s.highestVote.value ? 'adopted' : 'ignored';
}

/** The proposer's column: the value it sends in phase 2 and where it came from, or what it was asked to propose. */
function Proposes({ s, m }: { s: PaxosNode; m: Messages }) {
  const source = proposalSource(s);
  if (source !== null) {
    const vote = s.highestVote ? m.valueInBallot(s.highestVote.value, ballotShort(s.highestVote.ballot, m)) : '';
    return (
      <>
        {m.valueInBallot(s.acceptValue!, ballotShort(s.ballot, m))}
        <span className={`proposal-source is-${source}`} data-source={source}>
          {source === 'adopted' ? m.sourceAdopted(vote) : source === 'ignored' ? m.sourceIgnored(vote) : m.sourceOwn}
          {s.proposal !== null && s.proposal !== s.acceptValue && <> · {m.askedTo(s.proposal)}</>}
        </span>
      </>
    );
  }
  if (s.phase === 'prepare') {
    return <>{ballotShort(s.ballot, m)}<span className="proposal-source">{m.waitingPromises} · {m.askedTo(s.proposal!)}</span></>;
  }
  return <>{s.proposal !== null ? m.askedTo(s.proposal) : m.none}</>;
}

/**
 * One row per node: its acceptor's promise and vote, what it learned, its proposer's phase, the
 * value it proposes and where that came from, and the quorum counts; then the value the cluster
 * chose. A vote or a learned value that contradicts an earlier choice is marked.
 */
const AcceptorTable = memo(function AcceptorTable({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const nodes = sim.nodes as PaxosNode[];
  const quorum = majority(sim.nodeIds.length);
  const chosen = (sim.observer as unknown as PaxosObserver).chosen[0] ?? null;
  const broken = sim.violations.length > 0 && chosen !== null;
  const table = useRef<HTMLTableElement>(null);
  useFitRows(table, sim.nodeIds.length + 2);
  return (
    <table className="acceptor-table" ref={table}>
      <thead>
        <tr>
          <th />
          <th>{m.promised}</th><th>{m.acceptedCol}</th><th>{m.learned}</th>
          <th>{m.phase}</th><th>{m.proposes}</th><th>{m.promises}</th><th>{m.acceptances}</th>
        </tr>
      </thead>
      <tbody>
        {sim.nodeIds.map((id) => {
          const s = nodes[id];
          const d = s.durable;
          const tally = s.ballot ? s.votes.get(rank(s.ballot)) : undefined;
          const up = sim.up[id];
          const badVote = broken && d.accepted !== null && d.accepted.value !== chosen.value;
          const badLearned = broken && d.learned !== null && d.learned !== chosen.value;
          return (
            <tr key={id} data-acceptor={id} data-log-row={id} className={up ? '' : 'is-down'}>
              <th>{m.nodeName(id)}{!up && <span className="log-tag">{m.down}</span>}</th>
              <td>{ballotShort(d.promised, m)}</td>
              <td className={badVote ? 'is-conflict' : undefined}>
                {d.accepted ? m.valueInBallot(d.accepted.value, ballotShort(d.accepted.ballot, m)) : m.none}
              </td>
              <td className={badLearned ? 'is-conflict' : undefined}>{d.learned ?? m.none}</td>
              <td title={m[`phase_${s.phase}`]}>{m[`phaseShort_${s.phase}`]}</td>
              <td className="proposes"><Proposes s={s} m={m} /></td>
              <td>{s.phase === 'prepare' ? m.countOf(countBits(s.promisedBy), quorum) : m.none}</td>
              <td>{s.phase === 'accept' ? m.countOf(tally ? countBits(tally.voters) : 0, quorum) : m.none}</td>
            </tr>
          );
        })}
        <tr data-log-row="cluster">
          <th title={m.clusterChosenHint}>{m.clusterChosen}</th>
          <td colSpan={7}>{chosen ? m.valueChosenAt(chosen.value, formatTime(chosen.time)) : m.none}</td>
        </tr>
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
  legendKinds: [
    ['prepare', (m) => m.wire_prepare], ['promise', (m) => m.wire_promise], ['accept', (m) => m.wire_accept],
    ['accepted', (m) => m.wire_accepted], ['nack', (m) => m.wire_nack],
  ],
  badgeMeaning: (m) => m.legendBadgePaxos,
  runUntil: ['chosen', 'violation'],
  panelShape: 'wide',
  knobLabels: {
    'retryTimeout.min': (m) => m.knob_retryTimeoutMin,
    'retryTimeout.max': (m) => m.knob_retryTimeoutMax,
  },
};
