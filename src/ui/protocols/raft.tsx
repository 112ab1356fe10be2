/** Raft on the page: roles and terms on the ring, its messages, and the log table. */
import { memo, useRef } from 'react';
import type { Message } from '../../sim/types';
import type { AppendEntries, AppendEntriesReply, RaftNode, RequestVoteReply } from '../../protocols/raft/types';
import type { RaftObserver } from '../../protocols/raft/observer';
import { termColor } from '../colors';
import { formatTime } from '../views/format';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { useFollowNewest } from './followNewest';
import { electionOrHeartbeatRing } from './timers';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView } from './types';

/** Most log columns drawn; longer logs show their newest entries (the table scrolls). */
const MAX_COLUMNS = 200;

/** During an election: a candidate's votes against the majority it needs, and whom a follower voted for. */
function electionNote(s: RaftNode, m: Messages, clusterSize: number): string | undefined {
  if (s.role === 'candidate') return m.votesTally(s.votesGranted.length, Math.floor(clusterSize / 2) + 1);
  // once the follower hears from a leader of its term, the election is over and the note goes
  if (s.role === 'follower' && s.leaderId === null && s.durable.votedFor !== null) return m.votedFor(s.durable.votedFor);
  return undefined;
}

function node(state: unknown, m: Messages, clusterSize: number): NodeLook {
  const s = state as RaftNode;
  const term = s.durable.currentTerm;
  return {
    role: s.role,
    roleLabel: m[`role_${s.role}`],
    termLabel: m.termShort(term),
    data: { 'data-role': s.role, 'data-term': String(term) },
    note: electionNote(s, m, clusterSize),
  };
}

function message(msg: Message, m: Messages): MessageLook {
  const badge = String((msg.payload as { term: number }).term ?? '');
  switch (msg.type) {
    case 'RequestVote': return { category: 'request-vote', kind: m.wire_requestVote, label: m.msg_RequestVote, tone: 'neutral', badge };
    case 'RequestVoteReply': {
      const r = msg.payload as RequestVoteReply;
      return { category: 'vote', kind: m.wire_vote, label: r.voteGranted ? m.msg_vote : m.msg_voteRefused, tone: r.voteGranted ? 'ok' : 'fail', badge };
    }
    case 'AppendEntries': {
      const a = msg.payload as AppendEntries;
      return a.entries.length === 0
        ? { category: 'heartbeat', kind: m.wire_heartbeat, label: m.msg_heartbeat, tone: 'neutral', badge }
        : { category: 'append', kind: m.wire_append, label: m.msg_AppendEntries(a.entries.length), tone: 'neutral', badge };
    }
    case 'AppendEntriesReply': {
      const r = msg.payload as AppendEntriesReply;
      return { category: 'reply', kind: m.wire_reply, label: r.success ? m.msg_appendOk : m.msg_appendFailed, tone: r.success ? 'ok' : 'fail', badge };
    }
    default: return { category: 'other', kind: msg.type, label: msg.type, tone: 'neutral', badge };
  }
}

/** One row per node, one column per log index; committed entries solid, the rest hatched. Scrolled to
 *  keep the newest entries in view (unless the user scrolled away). */
const RaftLogs = memo(function RaftLogs({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const table = useRef<HTMLDivElement>(null);
  useFollowNewest(table);
  const nodes = sim.nodes as RaftNode[];
  const observer = sim.observer as unknown as RaftObserver;
  const ids = sim.nodeIds;
  const leaderId = sim.leader();
  const leader = leaderId !== null ? nodes[leaderId] : null;
  let longest = 0;
  for (const id of ids) longest = Math.max(longest, nodes[id].durable.log.length);
  if (leader) for (const id of ids) longest = Math.max(longest, (leader.nextIndex[id] ?? 0));
  const first = Math.max(1, longest - MAX_COLUMNS + 1);
  const columns: number[] = [];
  for (let i = first; i <= Math.max(longest, first); i++) columns.push(i);

  return (
    <div className="log-table" role="table" aria-label={m.logsTitle} ref={table}>
      <div className="log-row log-head" role="row">
        <span className="log-name" role="columnheader">{m.index}</span>
        {columns.map((i) => <span key={i} className="log-index" role="columnheader">{i}</span>)}
        <LogLegend m={m} />
      </div>
      {ids.map((id) => {
        const s = nodes[id];
        const log = s.durable.log;
        const follower = leader && id !== leaderId;
        const next = follower ? leader!.nextIndex[id] : null;
        const match = follower ? leader!.matchIndex[id] : null;
        return (
          <div key={id} className={`log-row${sim.up[id] ? '' : ' is-down'}`} role="row" data-log-node={id}>
            <span className={`log-name role-${s.role}`} role="rowheader" title={m.commitIndexLabel(s.commitIndex)}>
              {m.nodeName(id)}
            </span>
            {columns.map((i) => {
              const e = log[i - 1];
              const committed = i <= s.commitIndex;
              const marks = `${next === i ? ' is-next' : ''}${match === i ? ' is-match' : ''}`;
              if (!e) return <span key={i} className={`log-cell is-empty${marks}`} role="cell" />;
              const color = termColor(e.term);
              return (
                <span key={i} role="cell"
                  className={`log-cell ${committed ? 'is-committed' : 'is-uncommitted'}${marks}`}
                  style={{ ['--term-color' as string]: color }}
                  title={m.logCellTitle(i, e.term, e.command, committed)}>
                  <span className="log-term">{e.term}</span>
                  <span className="log-cmd">{e.command}</span>
                </span>
              );
            })}
            {follower && (
              <span className="log-pointers" role="cell">
                {m.logPointers(next!, match!)}
              </span>
            )}
          </div>
        );
      })}
      {/* what the cluster committed, whoever is down now: the entries a leader once knew committed */}
      <div className="log-row log-cluster" role="row" data-log-cluster="">
        <span className="log-name" role="rowheader" title={m.clusterCommittedHint}>{m.clusterCommitted}</span>
        {columns.map((i) => {
          const c = observer.committedAt(i);
          if (!c) return <span key={i} className="log-cell is-empty" role="cell" />;
          return (
            <span key={i} role="cell" className="log-cell is-committed" style={{ ['--term-color' as string]: termColor(c.term) }}
              title={m.clusterCommittedTitle(i, c.term, c.command, formatTime(c.time))}>
              <span className="log-term">{c.term}</span>
              <span className="log-cmd">{c.command}</span>
            </span>
          );
        })}
      </div>
    </div>
  );
}, samePanelState);

/** What the cell styles and the leader's markers mean, kept in view at the right of the header row. */
function LogLegend({ m }: { m: Messages }) {
  const swatch = { ['--term-color' as string]: termColor(1) };
  return (
    <span className="panel-legend" aria-hidden="true">
      <span><span className="legend-swatch log-cell is-committed" style={swatch} />{m.committed}</span>
      <span><span className="legend-swatch log-cell is-uncommitted" style={swatch} />{m.uncommitted}</span>
      <span><span className="legend-swatch log-cell is-empty is-next" />{m.nextIndex}</span>
      <span><span className="legend-swatch log-cell is-empty is-match" />{m.matchIndex}</span>
    </span>
  );
}

export const raftView: ProtocolView = {
  node,
  message,
  timer: electionOrHeartbeatRing,
  panelTitle: (m) => m.logsTitle,
  Panel: RaftLogs,
};
