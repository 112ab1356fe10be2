/** Raft on the page: roles and terms on the ring, its messages, and the log table. */
import { memo, useRef } from 'react';
import type { Message } from '../../../sim/types';
import type {
  AppendEntries, AppendEntriesReply, Configuration, InstallSnapshot, InstallSnapshotReply, PreVoteReply, RaftConfig, RaftNode, RequestVoteReply,
} from '../../../protocols/raft/types';
import { leaseDuration, leaseEnd } from '../../../protocols/raft/leadership';
import { entryAt, lastIndex, logStart } from '../../../protocols/raft/log';
import { isVoter } from '../../../protocols/raft/membership';
import type { Simulation } from '../../../sim/engine';
import type { RaftObserver } from '../../../protocols/raft/observer';
import { termColor } from '../../colors';
import { formatTime } from '../../views/format';
import { useI18n } from '../../i18n/context';
import type { Messages } from '../../i18n/en';
import { useColumnWindow, wideIndex } from '../columnWindow';
import { useFitRows } from '../fitRows';
import { useFollowNewest } from '../followNewest';
import { ClusterLead, HeadLead, PanelLegend, RowLead } from '../panelParts';
import { electionOrHeartbeatRing } from '../timers';
import { samePanelState, type MessageLook, type NodeAction, type NodeBar, type NodeLook, type ProtocolPanelProps, type ProtocolView } from '../types';
import { LEADER_TIMING_LABELS } from '../knobLabels';
import { entryText, type EntryText } from './entryText';

/** Most log columns drawn; longer logs show their newest entries (the table scrolls). */
const MAX_COLUMNS = 200;

/** During an election: a candidate's votes against the majority it needs, and whom a follower voted for. */
function electionNote(s: RaftNode, m: Messages, clusterSize: number): string | undefined {
  // asking for pre-votes (§9.6), as a follower or a candidate whose election timed out
  if (s.preVotes && s.role !== 'leader') return m.preVoteTally(s.preVotes.length, Math.floor(clusterSize / 2) + 1);
  if (s.role === 'candidate') return m.votesTally(s.votesGranted.length, Math.floor(clusterSize / 2) + 1);
  // once the follower hears from a leader of its term, the election is over and the note goes
  if (s.role === 'follower' && s.leaderId === null && s.durable.votedFor !== null) return m.votedFor(s.durable.votedFor);
  return undefined;
}

function node(state: unknown, m: Messages, clusterSize: number): NodeLook {
  const s = state as RaftNode;
  const term = s.durable.currentTerm;
  // a spare server (not a voter of the configuration it knows) is drawn apart, and says so
  const voter = isVoter(s.config, s.id);
  return {
    role: s.role,
    roleLabel: m[`role_${s.role}`],
    termLabel: m.termShort(term),
    data: { 'data-role': s.role, 'data-term': String(term), 'data-voter': String(voter), ...(s.preVotes && s.role !== 'leader' ? { 'data-pre-vote': 'true' } : {}) },
    note: electionNote(s, m, clusterSize) ?? (voter ? undefined : m.memberSpare),
  };
}

/** The configuration the page shows for the cluster: the leader's, else the one most nodes hold. */
export function clusterConfiguration(sim: Simulation): Configuration {
  const nodes = sim.nodes as RaftNode[];
  const leader = sim.leader();
  if (leader !== null) return nodes[leader].config;
  let best = nodes[sim.nodeIds[0]];
  for (const id of sim.nodeIds) if (nodes[id].configIndex > best.configIndex) best = nodes[id];
  return best.config;
}

const setText = (ids: readonly number[]): string => `{${ids.map((n) => `S${n}`).join(', ')}}`;

/** Node menu: add the node to the leader's voting members, or remove it (a reconfigure event). */
function nodeActions(sim: Simulation, id: number, m: Messages): NodeAction[] {
  const leader = sim.leader();
  const config = leader !== null ? (sim.nodes[leader] as RaftNode).config : clusterConfiguration(sim);
  const voters = config.voters;
  const member = voters.includes(id);
  const members = member ? voters.filter((n) => n !== id) : [...voters, id].sort((a, b) => a - b);
  let label = member ? m.memberRemove(id) : m.memberAdd(id);
  let disabled = false;
  if (leader === null) { label = m.memberNoLeader(label); disabled = true; }
  else if (members.length === 0) disabled = true;
  return [{ id: 'member', label, events: [{ type: 'reconfigure', members }], disabled }];
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
    case 'PreVote': return { category: 'pre-vote', kind: m.wire_preVote, label: m.msg_PreVote, tone: 'neutral', badge };
    case 'PreVoteReply': {
      const r = msg.payload as PreVoteReply;
      return { category: 'pre-vote-reply', kind: m.wire_preVoteReply, label: r.voteGranted ? m.msg_preVote : m.msg_preVoteRefused, tone: r.voteGranted ? 'ok' : 'fail', badge };
    }
    case 'TimeoutNow': return { category: 'timeout-now', kind: m.wire_timeoutNow, label: m.msg_TimeoutNow, tone: 'neutral', badge };
    case 'InstallSnapshot': {
      const snap = (msg.payload as InstallSnapshot).snapshot;
      return { category: 'catchup', kind: m.wire_installSnapshot, label: m.msg_InstallSnapshot(snap.index), tone: 'neutral', badge };
    }
    case 'InstallSnapshotReply': {
      const r = msg.payload as InstallSnapshotReply;
      return { category: 'reply', kind: m.wire_reply, label: r.matchIndex > 0 ? m.msg_snapshotOk : m.msg_snapshotRefused, tone: r.matchIndex > 0 ? 'ok' : 'fail', badge };
    }
    default: return { category: 'other', kind: msg.type, label: msg.type, tone: 'neutral', badge };
  }
}

/** The leader's lease (§6.4.1) as a bar over it: what is left of it, out of a whole lease. */
function leaseBar(sim: Simulation, id: number, m: Messages): NodeBar | null {
  const config = sim.config as RaftConfig;
  const s = sim.nodes[id] as RaftNode;
  if (config.readMode !== 'lease' || s.role !== 'leader') return null;
  const tooLong = sim.bugs.has('lease-too-long');
  const end = leaseEnd(s, sim.nodeIds, config, tooLong);
  const remaining = Math.max(0, end - sim.timeMs);
  return { name: 'lease', remainingMs: remaining, totalMs: leaseDuration(config, tooLong), label: m.leaseBar(formatMs(remaining)) };
}

const formatMs = (ms: number): string => `${Math.round(ms)} ms`;

/** What a teacher points at when the dissertation's additions are on: the switches, the leader's lease, held reads, a transfer, a pre-vote. */
function RaftStatus({ sim, m }: { sim: Simulation; m: Messages }) {
  const config = sim.config as RaftConfig;
  if (!config.preVote && !config.checkQuorum && config.readMode === 'log' && !sim.scenario.events.some((e) => e.type === 'transfer')) return null;
  const nodes = sim.nodes as RaftNode[];
  const leaderId = sim.leader();
  const leader = leaderId !== null ? nodes[leaderId] : null;
  const majority = Math.floor(sim.nodeIds.length / 2) + 1;
  const items: { key: string; text: string; live?: boolean }[] = [];
  if (config.preVote) items.push({ key: 'prevote', text: m.statusPreVote });
  if (config.checkQuorum) items.push({ key: 'checkquorum', text: m.statusCheckQuorum });
  if (config.readMode !== 'log') items.push({ key: 'reads', text: m.statusReadMode(config.readMode) });
  if (leader && leaderId !== null) {
    if (config.readMode === 'lease') {
      const end = leaseEnd(leader, sim.nodeIds, config, sim.bugs.has('lease-too-long'));
      items.push(end > sim.timeMs
        ? { key: 'lease', text: m.statusLease(leaderId, formatMs(end - sim.timeMs)), live: true }
        : { key: 'lease', text: m.statusNoLease(leaderId) });
    }
    if (leader.reads.length > 0) items.push({ key: 'held', text: m.statusReadsWaiting(leaderId, leader.reads.length), live: true });
    if (leader.transferee !== null) items.push({ key: 'transfer', text: m.statusTransfer(leaderId, leader.transferee), live: true });
  }
  for (const id of sim.nodeIds) {
    const s = nodes[id];
    if (sim.up[id] && s.preVotes && s.role !== 'leader') items.push({ key: `pv${id}`, text: m.statusPreVoting(id, s.preVotes.length, majority), live: true });
  }
  return (
    <ul className="panel-status" aria-label={m.raftStatusLabel} data-panel-status="">
      {items.map((i) => <li key={i.key} className={i.live ? 'is-live' : undefined} data-status={i.key}>{i.text}</li>)}
    </ul>
  );
}

/**
 * Which cells break an invariant at this moment: an entry a node holds as committed (up to its
 * commitIndex) that is not the entry the cluster committed at that index, and, once a leader was
 * elected without a committed entry, that leader's cell at the index. Drawn only in a run whose
 * checker already found a violation, so a healthy run is never marked.
 */
function conflicts(sim: ProtocolPanelProps['sim'], observer: RaftObserver): Set<string> {
  const out = new Set<string>();
  if (sim.violations.length === 0) return out;
  const leaderLacks = sim.violations.some((v) => v.invariant === 'LeaderCompleteness');
  const nodes = sim.nodes as RaftNode[];
  for (const id of sim.nodeIds) {
    const s = nodes[id];
    if (!sim.up[id]) continue;
    const upTo = Math.max(s.commitIndex, leaderLacks && s.role === 'leader' ? lastIndex(s) : 0);
    for (let i = logStart(s) + 1; i <= upTo; i++) {
      const c = observer.committedAt(i);
      const e = entryAt(s, i);
      if (c && (!e || e.term !== c.term || e.command !== c.command)) out.add(`${id}:${i}`).add(`cluster:${i}`);
    }
  }
  return out;
}

/**
 * One row per node, one column per log index. An entry the cluster committed is drawn solid on
 * every node that holds it (down or not, whether or not the node has heard yet); the rest
 * hatched. A bar after a node's commitIndex shows what that node knows is committed. The
 * leader's nextIndex and matchIndex for each follower are counters in the row head and marks on
 * the cells. The table keeps the newest entries in view (unless the user scrolled away).
 */
const RaftLogs = memo(function RaftLogs({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const table = useRef<HTMLDivElement>(null);
  useFollowNewest(table);
  const nodes = sim.nodes as RaftNode[];
  const observer = sim.observer as unknown as RaftObserver;
  const ids = sim.nodeIds;
  useFitRows(table, ids.length + 2);
  const leaderId = sim.leader();
  const leader = leaderId !== null ? nodes[leaderId] : null;
  let longest = observer.committedCount();
  for (const id of ids) longest = Math.max(longest, lastIndex(nodes[id]));
  if (leader) for (const id of ids) longest = Math.max(longest, (leader.nextIndex[id] ?? 0));
  const first = Math.max(1, longest - MAX_COLUMNS + 1);
  const columns: number[] = [];
  for (let i = first; i <= Math.max(longest, first); i++) columns.push(i);
  const win = useColumnWindow(table, columns);
  const broken = conflicts(sim, observer);
  const snapshots = ids.some((id) => logStart(nodes[id]) > 0);
  const config = clusterConfiguration(sim);
  const spares = ids.filter((id) => !isVoter(config, id));
  // the voting configuration is news only in a run that changes it or starts with spare servers
  const showConfig = spares.length > 0 || config.outgoing !== null || sim.scenario.events.some((e) => e.type === 'reconfigure');

  return (
    <div className="log-panel">
      <RaftStatus sim={sim} m={m} />
      {showConfig && (
        <p className="raft-config" data-testid="raft-config" data-joint={String(config.outgoing !== null)}
          data-voters={config.voters.join(',')}>
          {config.outgoing ? m.configJoint(setText(config.outgoing), setText(config.voters)) : m.configMembers(setText(config.voters))}
          {spares.length > 0 && <span className="raft-config-spare"> · {m.configSpare(setText(spares))}</span>}
        </p>
      )}
      <RaftLegend m={m} leader={leader !== null} conflict={broken.size > 0} snapshot={snapshots} config={showConfig} />
      <div className="log-table" role="table" aria-label={m.logsTitle} ref={table}>
        <div className="log-row log-head" role="row">
          <HeadLead label={m.index} stats={[
            { label: m.commitShort, title: m.commitHint },
            { label: m.nextShort, title: m.nextHint, optional: true },
            { label: m.matchShort, title: m.matchHint, optional: true },
          ]} />
          {win.map((i) => <span key={i} className="log-index" role="columnheader" data-digits={wideIndex(i)} data-log-index={i}>{i}</span>)}
        </div>
        {ids.map((id) => {
          const s = nodes[id];
          const up = sim.up[id];
          const start = logStart(s);
          const follower = leader && id !== leaderId;
          const next = follower ? leader!.nextIndex[id] : null;
          const match = follower ? leader!.matchIndex[id] : null;
          // a down node has lost its commitIndex with its volatile state
          const commit = up ? s.commitIndex : null;
          return (
            <div key={id} className={`log-row${up ? '' : ' is-down'}`} role="row" data-log-row={id} data-log-start={start}>
              <RowLead id={id} role={s.role} up={up} m={m} commitBefore={commit !== null && commit < first}
                stats={[
                  { value: commit, title: m.commitHint },
                  { value: next, title: m.nextHint, optional: true },
                  { value: match, title: m.matchHint, optional: true },
                ]} />
              {win.map((i) => {
                const e = entryAt(s, i);
                const c = observer.committedAt(i);
                const marks = `${next === i ? ' is-next' : ''}${match === i ? ' is-match' : ''}${commit === i ? ' is-commit-mark' : ''}`
                  + `${broken.has(`${id}:${i}`) ? ' is-conflict' : ''}`;
                // compacted into the snapshot: the boundary is the last such cell
                if (i <= start) {
                  return (
                    <span key={i} role="cell" data-log-index={i} title={m.snapshotCellTitle(i, start)}
                      className={`log-cell is-snapshot${i === start ? ' is-snapshot-edge' : ''}${marks}`} />
                  );
                }
                if (!e) return <span key={i} className={`log-cell is-empty${marks}`} role="cell" data-log-index={i} />;
                const committed = c !== undefined && c.term === e.term && c.command === e.command;
                const text = entryText(e, m);
                return (
                  <span key={i} role="cell" data-log-index={i}
                    className={`log-cell ${committed ? 'is-committed' : 'is-uncommitted'}${text.config ? ' is-config' : ''}${marks}`}
                    style={{ ['--term-color' as string]: termColor(e.term) }}
                    title={m.logCellTitle(i, e.term, text.full, committed)}>
                    <EntryLines term={e.term} text={text} />
                  </span>
                );
              })}
            </div>
          );
        })}
        {/* what the cluster committed, whoever is down now: the entries a leader once knew committed */}
        <div className="log-row" role="row" data-log-row="cluster">
          <ClusterLead label={m.clusterCommitted} title={m.clusterCommittedHint} stats={[{}, { optional: true }, { optional: true }]} />
          {win.map((i) => {
            const c = observer.committedAt(i);
            const conflict = broken.has(`cluster:${i}`) ? ' is-conflict' : '';
            if (!c) return <span key={i} className={`log-cell is-empty${conflict}`} role="cell" data-log-index={i} />;
            const text = entryText(c.entry, m);
            return (
              <span key={i} role="cell" data-log-index={i} className={`log-cell is-committed${text.config ? ' is-config' : ''}${conflict}`}
                style={{ ['--term-color' as string]: termColor(c.term) }}
                title={m.clusterCommittedTitle(i, c.term, text.full, formatTime(c.time))}>
                <EntryLines term={c.term} text={text} />
              </span>
            );
          })}
        </div>
      </div>
    </div>
  );
}, samePanelState);

/** A cell's two lines: the term (with ⚙ on a configuration entry) over the entry's short form. On
 *  one line a configuration entry gives up its term (its colour still says it) to keep its text whole. */
function EntryLines({ term, text }: { term: number; text: EntryText }) {
  return (
    <>
      <span className="log-term"><span className="log-term-n">{term}</span>{text.config && <span className="log-config-mark" aria-hidden="true">⚙</span>}</span>
      <span className="log-cmd">{text.short}</span>
    </>
  );
}

/** What the cell styles and the bars mean: the marks on screen now. */
function RaftLegend({ m, leader, conflict, snapshot, config }: { m: Messages; leader: boolean; conflict: boolean; snapshot: boolean; config: boolean }) {
  const swatch = { ['--term-color' as string]: termColor(1) };
  return (
    <PanelLegend items={[
      { swatch: <span className="legend-swatch log-cell is-committed" style={swatch} />, label: m.committed },
      { swatch: <span className="legend-swatch log-cell is-uncommitted" style={swatch} />, label: m.uncommitted },
      { swatch: <span className="legend-swatch log-cell is-empty is-commit-mark" />, label: m.legendCommitIndex },
      leader && { swatch: <span className="legend-swatch log-cell is-empty is-next" />, label: m.nextIndex },
      leader && { swatch: <span className="legend-swatch log-cell is-empty is-match" />, label: m.matchIndex },
      snapshot && { swatch: <span className="legend-swatch log-cell is-snapshot is-snapshot-edge" />, label: m.legendSnapshot },
      config && { swatch: <span className="legend-mark" aria-hidden="true">⚙</span>, label: m.legendConfigEntry },
      conflict && { swatch: <span className="legend-swatch log-cell is-empty is-conflict" />, label: m.legendConflict },
    ]} />
  );
}

export const raftView: ProtocolView = {
  node,
  message,
  timer: electionOrHeartbeatRing,
  bar: leaseBar,
  panelTitle: (m) => m.logsTitle,
  Panel: RaftLogs,
  legendKinds: [
    ['request-vote', (m) => m.wire_requestVote], ['vote', (m) => m.wire_vote], ['append', (m) => m.wire_append],
    ['heartbeat', (m) => m.wire_heartbeat], ['reply', (m) => m.wire_reply],
    ['pre-vote', (m) => m.wire_preVote], ['pre-vote-reply', (m) => m.wire_preVoteReply], ['timeout-now', (m) => m.wire_timeoutNow],
    ['catchup', (m) => m.wire_installSnapshot],
  ],
  badgeMeaning: (m) => m.legendBadgeRaft,
  runUntil: ['leader', 'commit', 'violation'],
  knobLabels: {
    ...LEADER_TIMING_LABELS,
    maxEntriesPerAppend: (m) => m.knob_maxEntriesPerAppend,
    preVote: (m) => m.knob_preVote,
    checkQuorum: (m) => m.knob_checkQuorum,
    readMode: (m) => m.knob_readMode,
    snapshotThreshold: (m) => m.knob_snapshotThreshold,
    members: (m) => m.knob_members,
  },
  nodeActions,
};
