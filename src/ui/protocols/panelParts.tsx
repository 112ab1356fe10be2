/** Pieces the Raft log table and the Multi-Paxos slot grid share: the row head and the legend. */
import type { ReactNode } from 'react';
import type { Messages } from '../i18n/en';
import './panels.css';

/** A counter in the row head (commitIndex, nextIndex, …): its value, or a dash. */
export interface Stat { value: number | null; title: string; optional?: boolean }

/**
 * The sticky head of a node's row: its name (coloured by role) and its counters, the first of
 * them replaced by a "down" tag while the node is down. `commitBefore` draws the commit bar at the head when nothing is committed
 * in the columns shown.
 */
export function RowLead({ id, role, up, stats, commitBefore, m }: {
  id: number; role: string; up: boolean; stats: Stat[]; commitBefore: boolean; m: Messages;
}) {
  return (
    <span className={`log-lead${commitBefore ? ' is-commit-mark' : ''}`}>
      <span className={`log-name role-${role}`} role="rowheader" title={up ? m[`role_${role}` as 'role_leader'] ?? role : m.down}>
        {m.nodeName(id)}
      </span>
      {stats.map((s, k) => (
        <span key={k} role="cell" className={`log-stat${s.optional ? ' is-optional' : ''}`} title={s.title}>
          {/* a down node has lost its volatile counters: its first counter's place says so */}
          {k === 0 && !up ? <span className="log-tag">{m.down}</span> : s.value ?? m.none}
        </span>
      ))}
    </span>
  );
}

/** The head row's lead: what the counters are. */
export function HeadLead({ label, stats }: { label: string; stats: { label: string; title: string; optional?: boolean }[] }) {
  return (
    <span className="log-lead">
      <span className="log-name" role="columnheader">{label}</span>
      {stats.map((s) => (
        <span key={s.label} role="columnheader" className={`log-stat${s.optional ? ' is-optional' : ''}`} title={s.title}>{s.label}</span>
      ))}
    </span>
  );
}

/** What the marks on the cells mean: a line over the table (an item that is `false` is not on screen now). */
export function PanelLegend({ items }: { items: ({ swatch: ReactNode; label: string } | false)[] }) {
  return (
    <div className="panel-legend" aria-hidden="true">
      {items.map((it) => it && <span key={it.label}>{it.swatch}{it.label}</span>)}
    </div>
  );
}

/** The cluster row's head: its name over the width of a node row's head, so the columns line up. */
export function ClusterLead({ label, title, stats }: { label: string; title: string; stats: { optional?: boolean }[] }) {
  return (
    <span className="log-lead">
      <span className="log-name" role="rowheader" title={title}>{label}</span>
      {stats.map((s, k) => <span key={k} className={`log-stat${s.optional ? ' is-optional' : ''}`} aria-hidden="true" />)}
    </span>
  );
}
