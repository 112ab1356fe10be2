/**
 * The cluster: nodes on a ring, links between them, messages flying along the links at the
 * position their virtual times give. React draws everything; d3 only computes arcs and colours.
 */
import { useLayoutEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { arc, line, curveCatmullRom } from 'd3-shape';
import type { Simulation } from '../../sim/engine';
import { NetworkState } from '../../sim/network';
import { groupColor } from '../colors';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { PROTOCOL_VIEWS } from '../protocols';
import { useApp, useAppStoreApi } from '../state/context';
import { HOLD_LATENCY_MS, selectFrame, selectSelection } from '../state/store';
import { arcPoints, fitRadius, lerp, nodeRadius, slotCount, ringAngles, ringFor, ringLayout, type Point, type Ring } from './layout';
import { ClusterMenu, type MenuSubject, type MenuTarget } from './ClusterMenu';

const timerArc = arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();
const bandLine = line<Point>().x((p) => p.x).y((p) => p.y).curve(curveCatmullRom);
/** Above this many messages in flight, labels are left off so frames stay fast. */
const MAX_LABELLED_MESSAGES = 40;

export function ClusterView() {
  const frame = useApp(selectFrame);
  const selection = useApp(selectSelection);
  const store = useAppStoreApi();
  const { m } = useI18n();
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const sim = frame.sim;
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const ids = sim.nodeIds;
  const groupOf = sim.network.groupOf;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 640, h: 360 });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: Math.max(240, el.clientWidth), h: Math.max(200, el.clientHeight) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const r = fitRadius(nodeRadius(ids.length, size.w, size.h), size.w, size.h, slotCount(ids, groupOf));
  const ring = ringFor(size.w, size.h, r);
  const pos = ringLayout(ids, groupOf, ring);

  const openMenu = (e: ReactMouseEvent, target: MenuSubject) => {
    e.preventDefault();
    e.stopPropagation();
    const box = (e.currentTarget as Element).closest('.cluster')!.getBoundingClientRect();
    setMenu({ ...target, x: e.clientX - box.left, y: e.clientY - box.top });
    if (target.kind === 'node') store.getState().select({ kind: 'node', id: target.node });
    if (target.kind === 'message') store.getState().select({ kind: 'message', id: target.message });
  };

  return (
    <div className="cluster" ref={box} onClick={() => setMenu(null)}>
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg">
        <defs>
          <marker id="arrow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
          </marker>
        </defs>
        {groupOf && <PartitionBands sim={sim} ring={ring} r={r} />}
        <Links sim={sim} pos={pos} onLink={(e, a, b) => openMenu(e, { kind: 'link', a, b })} />
        <Messages sim={sim} pos={pos} r={r} selected={selection?.kind === 'message' ? selection.id : null}
          onMessage={(e, id) => openMenu(e, { kind: 'message', message: id })} />
        {ids.map((id) => {
          const p = pos[id];
          const look = view.node(sim.nodes[id], m);
          const up = sim.up[id];
          const ring = up ? view.timer(sim, id) : null;
          const fraction = ring ? Math.max(0, Math.min(1, ring.remainingMs / ring.totalMs)) : 0;
          const isSelected = selection?.kind === 'node' && selection.id === id;
          return (
            <g key={id} transform={`translate(${p.x},${p.y})`}
              className={`node role-${look.role}${up ? '' : ' is-down'}${isSelected ? ' is-selected' : ''}`}
              data-node-id={id} data-up={String(up)} {...look.data}
              role="button" tabIndex={0}
              aria-label={m.nodeAria(id, up ? look.roleLabel : m.down, look.termLabel)}
              onClick={(e) => openMenu(e, { kind: 'node', node: id })}
              onContextMenu={(e) => openMenu(e, { kind: 'node', node: id })}
              onKeyDown={(e) => { if (e.key === 'Enter') store.getState().select({ kind: 'node', id }); }}>
              <circle r={r} className="node-body" />
              {ring && (
                <path className={`node-timer timer-${ring.name}`}
                  d={timerArc({ innerRadius: r + 3, outerRadius: r + 7, startAngle: 0, endAngle: 2 * Math.PI * fraction }) ?? ''}>
                  <title>{m.timerRemaining(ring.name, ring.remainingMs.toFixed(1))}</title>
                </path>
              )}
              <text className="node-name" y={-r * 0.18}>{m.nodeName(id)}</text>
              <text className="node-role" y={r * 0.22}>{up ? look.roleLabel : m.down}</text>
              <text className="node-term" y={r * 0.55}>{look.termLabel}</text>
              {!up && <path className="node-cross" d={`M${-r * 0.7},${-r * 0.7}L${r * 0.7},${r * 0.7}M${r * 0.7},${-r * 0.7}L${-r * 0.7},${r * 0.7}`} />}
            </g>
          );
        })}
      </svg>
      {menu && <ClusterMenu target={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}

function PartitionBands({ sim, ring, r }: { sim: Simulation; ring: Ring; r: number }) {
  const groupOf = sim.network.groupOf!;
  const angles = ringAngles(sim.nodeIds, groupOf);
  const groups = new Map<number, number[]>();
  for (const id of sim.nodeIds) {
    const g = groupOf[id];
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(id);
  }
  return (
    <g className="partition-bands">
      {[...groups.entries()].map(([g, members], i) => {
        const ordered = [...members].sort((a, b) => angles[a] - angles[b]);
        const pts = arcPoints(ring, angles[ordered[0]], angles[ordered[ordered.length - 1]]);
        return <path key={g} data-partition-group={i} d={bandLine(pts) ?? ''} stroke={groupColor(i)}
          strokeWidth={2 * r + 40} className="partition-band" />;
      })}
    </g>
  );
}

function Links({ sim, pos, onLink }: { sim: Simulation; pos: Point[]; onLink: (e: ReactMouseEvent, a: number, b: number) => void }) {
  const { m } = useI18n();
  const ids = sim.nodeIds;
  const net = sim.network;
  const out = [];
  for (const a of ids) {
    for (const b of ids) {
      if (b <= a) continue;
      const ab = net.links.get(NetworkState.linkKey(a, b));
      const ba = net.links.get(NetworkState.linkKey(b, a));
      const cut = (ab?.dropRate ?? 0) >= 1 && (ba?.dropRate ?? 0) >= 1;
      const changed = !cut && [ab, ba].some((o) => o && ((o.dropRate ?? 0) > 0 || (o.latency &&
        (o.latency.min !== net.settings.latency.min || o.latency.max !== net.settings.latency.max))));
      const separated = net.separated(a, b);
      const cls = separated ? 'is-separated' : cut ? 'is-cut' : changed ? 'is-changed' : '';
      const p = pos[a];
      const q = pos[b];
      const mid = lerp(p, q, 0.5);
      const label = changed ? linkLabel(ab ?? ba!, m) : null;
      out.push(
        <g key={`${a}-${b}`} className={`link ${cls}`} data-link={`${a}-${b}`}>
          <line x1={p.x} y1={p.y} x2={q.x} y2={q.y} className="link-line" />
          <line x1={p.x} y1={p.y} x2={q.x} y2={q.y} className="link-hit" onClick={(e) => onLink(e, a, b)} />
          {cut && <text x={mid.x} y={mid.y} className="link-mark">✕</text>}
          {label && <text x={mid.x} y={mid.y - 8} className="link-label">{label}</text>}
        </g>,
      );
    }
  }
  return <g className="links">{out}</g>;
}

function linkLabel(o: { dropRate?: number; latency?: { min: number; max: number } }, m: Messages): string {
  return m.linkChanged(o.latency ? m.latencyRange(o.latency.min, o.latency.max) : '', o.dropRate ? m.percent(o.dropRate) : '');
}

function Messages({ sim, pos, r, selected, onMessage }: {
  sim: Simulation; pos: Point[]; r: number; selected: number | null; onMessage: (e: ReactMouseEvent, id: number) => void;
}) {
  const { m } = useI18n();
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const msgs = sim.messagesInFlight();
  const labelled = msgs.length <= MAX_LABELLED_MESSAGES;
  const now = sim.nowUs;
  const heldCount = new Map<number, number>();
  return (
    <g className="messages">
      {msgs.map((msg) => {
        const a = pos[msg.from];
        const b = pos[msg.to];
        const span = msg.deliverAt - msg.sentAt;
        const held = span >= HOLD_LATENCY_MS * 1000;
        let t: number;
        let offset = 0;
        if (held) {
          // waiting for the user: queue up in front of the receiver
          const k = heldCount.get(msg.to) ?? 0;
          heldCount.set(msg.to, k + 1);
          t = 0.62;
          offset = (k % 6) * 10 - 25;
        } else {
          t = span > 0 ? Math.max(0, Math.min(1, (now - msg.sentAt) / span)) : 1;
        }
        // keep the two directions of a link apart
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const side = 8 + offset;
        const start = { x: a.x + (dx / len) * r, y: a.y + (dy / len) * r };
        const end = { x: b.x - (dx / len) * r, y: b.y - (dy / len) * r };
        const p = lerp(start, end, t);
        const x = p.x + (-dy / len) * side;
        const y = p.y + (dx / len) * side;
        const look = view.message(msg, m);
        const doomed = msg.lost || sim.network.separated(msg.from, msg.to) || !sim.up[msg.to];
        const dying = doomed ? Math.max(0, (t - 0.6) / 0.4) : 0;
        return (
          <g key={msg.id} transform={`translate(${x},${y})`} data-message-id={msg.id}
            className={`message cat-${look.category} tone-${look.tone}${doomed ? ' is-doomed' : ''}${held ? ' is-held' : ''}${selected === msg.id ? ' is-selected' : ''}`}
            style={doomed ? { opacity: 1 - 0.8 * dying } : undefined}
            role="button" aria-label={m.messageAria(msg.id, look.label, msg.from, msg.to)}
            onClick={(e) => onMessage(e, msg.id)} onContextMenu={(e) => onMessage(e, msg.id)}>
            <circle r={doomed ? 7 - 4 * dying : 7} className="message-dot" />
            {look.tone !== 'neutral' && <text className="message-tone" y={3.5}>{look.tone === 'ok' ? m.ok : m.failed}</text>}
            {doomed && <text className="message-doom" x={9} y={-6}>✕</text>}
            {labelled && <text className="message-label" y={-10}>{look.label}</text>}
          </g>
        );
      })}
    </g>
  );
}
