/**
 * The cluster's key. Always in view: the kinds of message on the wire now, each with its shape and
 * colour. One click away ("Key"): every mark of the stage explained (message shapes and outlines,
 * the number on a message, timer arcs and node outlines, link styles) and the switch that shows
 * each changed link's latency and loss, which otherwise appear only when pointing at the link.
 */
import { useState } from 'react';
import { PROTOCOLS } from '../../protocols/registry';
import { useI18n } from '../i18n/context';
import { isHollow, shapeOf, shapePath } from './messageGlyph';
import { PROTOCOL_VIEWS } from '../protocols';

/** A message's shape in its kind's colour, as drawn on the wire (for the key and the wire list). */
export function MessageSwatch({ category, badge, size = 8 }: { category: string; badge?: string; size?: number }) {
  const shape = shapeOf(category);
  const box = size * 1.4;
  return (
    <svg className={`message-swatch message${isHollow(shape) ? ' is-hollow' : ''}`} width={2 * box} height={2 * box}
      viewBox={`${-box} ${-box} ${2 * box} ${2 * box}`} aria-hidden="true" focusable="false"
      style={{ ['--mc' as string]: `var(--msg-${category})` }}>
      <path d={shapePath(shape, size)} className="message-dot" />
      {badge && <text className="message-badge" y={3} textAnchor="middle">{badge}</text>}
    </svg>
  );
}

/** The kinds on the wire now: one entry per kind, named by its kind. */
export function WireKinds({ kinds }: { kinds: ReadonlyMap<string, string> }) {
  if (kinds.size === 0) return null;
  return (
    <ul className="legend" aria-hidden="true">
      {[...kinds.entries()].map(([category, label]) => (
        <li key={category} data-legend-kind={category}><MessageSwatch category={category} size={5} />{label}</li>
      ))}
    </ul>
  );
}

export function LegendKey({ protocol, showLinks, onShowLinks }: {
  protocol: string; showLinks: boolean; onShowLinks: (show: boolean) => void;
}) {
  const { m } = useI18n();
  const [open, setOpen] = useState(false);
  const view = PROTOCOL_VIEWS[protocol];
  // the arcs a node can carry: its election timer (or a proposer's retry timer) and a leader's heartbeat
  const { timers } = PROTOCOLS[protocol];
  const electionArc = timers.includes('election');
  return (
    <div className="legend-key" onClick={(e) => e.stopPropagation()}>
      <button type="button" className="legend-toggle" aria-expanded={open} aria-controls="cluster-key"
        onClick={() => setOpen((o) => !o)}>{m.legendButton}</button>
      {open && (
        <section id="cluster-key" className="legend-panel" aria-label={m.legendTitle}>
          <h3>{m.legendMessages}</h3>
          <ul>
            {view.legendKinds.map(([category, name]) => (
              <li key={category} data-legend-kind={category}><MessageSwatch category={category} badge="2" />{name(m)}</li>
            ))}
            <li>{view.badgeMeaning(m)}</li>
            <li><MarkSwatch cls="is-ok" />{m.legendOk}</li>
            <li><MarkSwatch cls="is-fail" />{m.legendFail}</li>
            <li><MarkSwatch cls="is-held" />{m.legendHeld}</li>
            <li><MarkSwatch cls="is-doomed" />{m.legendDoomed}</li>
          </ul>
          <h3>{m.legendTimers}</h3>
          <ul>
            <li data-legend-mark="timer"><RingSwatch arc="timer" />{electionArc ? m.legendElectionTimer : m.legendRetryTimer}</li>
            {timers.includes('heartbeat') && <li data-legend-mark="heartbeat"><RingSwatch arc="heartbeat" />{m.legendHeartbeatTimer}</li>}
            <li><RingSwatch role="leader" />{m.legendLeaderRing}</li>
            <li><RingSwatch role="candidate" />{m.legendCandidateRing}</li>
            <li><RingSwatch role="down" />{m.legendDownRing}</li>
          </ul>
          <h3>{m.legendLinks}</h3>
          <ul>
            <li><LinkSwatch cls="is-changed" />{m.legendLinkChanged}</li>
            <li><LinkSwatch cls="is-cut" />{m.legendLinkCut}</li>
            <li><LinkSwatch cls="is-separated" />{m.legendLinkSeparated}</li>
          </ul>
          <label className="toggle">
            <input type="checkbox" checked={showLinks} onChange={(e) => onShowLinks(e.target.checked)} />
            <span>{m.showLinkSettings}</span>
          </label>
        </section>
      )}
    </div>
  );
}

function MarkSwatch({ cls }: { cls: string }) {
  return (
    <svg className={`message-swatch message ${cls}`} width={22} height={22} viewBox="-11 -11 22 22" aria-hidden="true"
      style={{ ['--mc' as string]: 'var(--msg-other)' }}>
      <path d={shapePath('circle', 7)} className="message-dot" />
    </svg>
  );
}

/** A small node with its outline and, for the timers, the arc drawn around it. */
function RingSwatch({ role, arc }: { role?: 'leader' | 'candidate' | 'down'; arc?: 'timer' | 'heartbeat' }) {
  const cls = role === 'down' ? 'is-down' : role ? `role-${role}` : '';
  return (
    <svg className="ring-swatch" width={30} height={30} viewBox="-15 -15 30 30" aria-hidden="true">
      <g className={`node ${arc === 'heartbeat' ? 'role-leader' : cls}`}><circle r={9} className="node-body" /></g>
      {arc && <path className={`node-timer timer-${arc === 'heartbeat' ? 'heartbeat' : 'election'}`}
        d="M0,-14 A14,14 0 1 1 -12.1,7 L-10.4,6 A12,12 0 1 0 0,-12 Z" />}
      {role === 'down' && <path className="node-cross" d="M-6,-6L6,6M6,-6L-6,6" />}
    </svg>
  );
}

function LinkSwatch({ cls }: { cls: string }) {
  return (
    <svg className="link-swatch" width={30} height={12} viewBox="0 0 30 12" aria-hidden="true">
      <g className={`link ${cls}`}><line x1={1} y1={6} x2={29} y2={6} className="link-line" /></g>
    </svg>
  );
}
