/** Zab on the page: roles, epochs and phases on the ring, its messages, and the histories by zxid. */
import { memo, useRef } from 'react';
import type { Message } from '../../../sim/types';
import type { ZabObserver } from '../../../protocols/zab/observer';
import { epochOf, zxidText, type ZabMessage, type ZabNode } from '../../../protocols/zab/types';
import { termColor } from '../../colors';
import { formatTime } from '../../views/format';
import { useI18n } from '../../i18n/context';
import type { Messages } from '../../i18n/en';
import { useColumnWindow, wideIndex } from '../columnWindow';
import { useFitRows } from '../fitRows';
import { useFollowNewest } from '../followNewest';
import { ClusterLead, HeadLead, PanelLegend } from '../panelParts';
import './zab.css';
import { electionOrHeartbeatRing } from '../timers';
import { samePanelState, type MessageLook, type NodeLook, type ProtocolPanelProps, type ProtocolView } from '../types';
import { LEADER_TIMING_LABELS } from '../knobLabels';

/** Most history columns drawn; longer histories show their newest transactions (the table scrolls). */
const MAX_COLUMNS = 200;

/** The ring's shared looks: a leading node is drawn as a leader, a looking one as a candidate. */
const RING_ROLE = { leading: 'leader', following: 'follower', looking: 'candidate' } as const;

function node(state: unknown, m: Messages): NodeLook {
  const s = state as ZabNode;
  const epoch = s.role === 'looking' ? s.durable.currentEpoch : s.newEpoch ?? s.durable.acceptedEpoch;
  return {
    role: RING_ROLE[s.role],
    roleLabel: m[`role_${s.role}`],
    termLabel: m.zabEpochLabel(epoch),
    data: { 'data-role': s.role, 'data-phase': s.phase, 'data-epoch': String(epoch) },
    // the phase is a line of its own under the node (too wide for the circle beside the epoch);
    // a looking node is in election, so its line says whom it votes for instead
    note: s.role === 'looking' ? m.msg_zabVote(s.vote.leader) : m[`zabPhase_${s.phase}`],
  };
}

/** The epoch a message speaks of, printed on it. */
function epochOfMessage(z: ZabMessage): number {
  switch (z.type) {
    case 'NOTIFICATION': return z.payload.vote.epoch;
    case 'FOLLOWERINFO': return z.payload.acceptedEpoch;
    default: return z.payload.epoch;
  }
}

function message(msg: Message, m: Messages): MessageLook {
  const z = msg as Message & ZabMessage;
  const badge = String(epochOfMessage(z) ?? '');
  switch (z.type) {
    case 'NOTIFICATION': return { category: 'vote', kind: m.wire_zabVote, label: m.msg_zabVote(z.payload.vote.leader), tone: 'neutral', badge };
    case 'FOLLOWERINFO': case 'LEADERINFO': case 'ACKEPOCH': case 'NEWLEADER':
      return { category: 'prepare', kind: m.wire_zabHandshake, label: z.type, tone: 'neutral', badge };
    case 'PROPOSAL': {
      const txns = z.payload.txns;
      return { category: 'append', kind: m.wire_zabProposal, label: `PROPOSAL ${zxidText(txns[txns.length - 1].zxid)}`, tone: 'neutral', badge };
    }
    case 'ACK': return { category: 'reply', kind: m.wire_zabAck, label: `ACK ${zxidText(z.payload.zxid)}`, tone: 'ok', badge };
    case 'COMMIT': return { category: 'catchup', kind: m.wire_zabCommit, label: `COMMIT ${zxidText(z.payload.zxid)}`, tone: 'ok', badge };
    case 'PING': return { category: 'heartbeat', kind: m.wire_zabPing, label: 'PING', tone: 'neutral', badge };
    default: return { category: 'other', kind: msg.type, label: msg.type, tone: 'neutral', badge };
  }
}

/** One row per node, one column per history position, coloured by epoch; delivered solid, the rest hatched. */
const ZabHistories = memo(function ZabHistories({ sim }: ProtocolPanelProps) {
  const { m } = useI18n();
  const table = useRef<HTMLDivElement>(null);
  useFollowNewest(table);
  const ids = sim.nodeIds;
  // as tall as the panel allows, two lines (zxid over command) when there is room
  useFitRows(table, ids.length + 2);
  const nodes = sim.nodes as ZabNode[];
  const observer = sim.observer as unknown as ZabObserver;
  let longest = observer.committed.length;
  for (const id of ids) longest = Math.max(longest, nodes[id].durable.history.length);
  const first = Math.max(1, longest - MAX_COLUMNS + 1);
  const columns: number[] = [];
  for (let i = first; i <= Math.max(longest, first); i++) columns.push(i);
  const win = useColumnWindow(table, columns);
  const swatch = { ['--term-color' as string]: termColor(1) };

  return (
    <div className="log-panel zab-histories">
      <PanelLegend items={[
        { swatch: <span className="legend-swatch log-cell is-committed" style={swatch} />, label: m.zabLegendDelivered },
        { swatch: <span className="legend-swatch log-cell is-uncommitted" style={swatch} />, label: m.zabLegendProposed },
      ]} />
      <div className="log-table" role="table" aria-label={m.zabHistoryTitle} ref={table}>
        <div className="log-row log-head" role="row">
          <HeadLead label={m.zabPosition} stats={[]} />
          {win.map((i) => <span key={i} className="log-index" role="columnheader" data-digits={wideIndex(i)} data-log-index={i}>{i}</span>)}
        </div>
        {ids.map((id) => {
          const s = nodes[id];
          const h = s.durable.history;
          const last = s.committed > 0 ? zxidText(h[s.committed - 1].zxid) : '—';
          return (
            <div key={id} className={`log-row${sim.up[id] ? '' : ' is-down'}`} role="row" data-log-row={id}>
              <span className="log-lead">
                <span className={`log-name role-${RING_ROLE[s.role]}`} role="rowheader"
                  title={m.zabNodeSummary(s.durable.acceptedEpoch, s.durable.currentEpoch, last)}>
                  {m.nodeName(id)}
                </span>
              </span>
              {win.map((i) => {
                const txn = h[i - 1];
                if (!txn) return <span key={i} className="log-cell is-empty" role="cell" data-log-index={i} />;
                const delivered = i <= s.committed;
                return (
                  <span key={i} role="cell" data-log-index={i} className={`log-cell ${delivered ? 'is-committed' : 'is-uncommitted'}`}
                    style={{ ['--term-color' as string]: termColor(epochOf(txn.zxid)) }}
                    title={m.zabCellTitle(zxidText(txn.zxid), txn.command, delivered)}>
                    <span className="log-term">{zxidText(txn.zxid)}</span>
                    <span className="log-cmd">{txn.command}</span>
                  </span>
                );
              })}
            </div>
          );
        })}
        <div className="log-row" role="row" data-log-row="cluster">
          <ClusterLead label={m.zabClusterDelivered} title={m.zabClusterDeliveredHint} stats={[]} />
          {win.map((i) => {
            const c = observer.committed[i - 1];
            if (!c) return <span key={i} className="log-cell is-empty" role="cell" data-log-index={i} />;
            return (
              <span key={i} role="cell" data-log-index={i} className="log-cell is-committed"
                style={{ ['--term-color' as string]: termColor(epochOf(c.txn.zxid)) }}
                title={m.zabClusterTitle(zxidText(c.txn.zxid), c.txn.command, formatTime(c.time))}>
                <span className="log-term">{zxidText(c.txn.zxid)}</span>
                <span className="log-cmd">{c.txn.command}</span>
              </span>
            );
          })}
        </div>
      </div>
    </div>
  );
}, samePanelState);

export const zabView: ProtocolView = {
  node,
  message,
  timer: electionOrHeartbeatRing,
  panelTitle: (m) => m.zabHistoryTitle,
  Panel: ZabHistories,
  legendKinds: [
    ['vote', (m) => m.wire_zabVote], ['prepare', (m) => m.wire_zabHandshake], ['append', (m) => m.wire_zabProposal],
    ['reply', (m) => m.wire_zabAck], ['catchup', (m) => m.wire_zabCommit], ['heartbeat', (m) => m.wire_zabPing],
  ],
  badgeMeaning: (m) => m.legendBadgeZab,
  runUntil: ['leader', 'commit', 'violation'],
  knobLabels: {
    ...LEADER_TIMING_LABELS,
    maxProposalBatch: (m) => m.knob_maxProposalBatch,
  },
};
