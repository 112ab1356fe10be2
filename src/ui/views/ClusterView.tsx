/**
 * The cluster: nodes on a ring, links between them, messages flying along the links at the
 * position their virtual times give. React draws what changes when an event happens (nodes,
 * links, partitions, menus); what moves every frame (timer arcs, messages and their handles) is
 * drawn by the moving layer (movingLayer.ts). d3 only computes arcs, curves and colours.
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent as ReactMouseEvent } from 'react';
import { line, curveCatmullRom } from 'd3-shape';
import type { Simulation } from '../../sim/engine';
import { NetworkState } from '../../sim/network';
import { groupColor } from '../colors';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageLook, type NodeLook } from '../protocols/types';
import { useApp, useAppStoreApi } from '../state/context';
import { inStepMode, selectSelection, selectView, type AppState } from '../state/store';
import { arcPoints, clearLabels, fitRadius, nodeRadius, presentRadius, slotCount, ringAngles, ringFor, ringLayout, type Point, type Ring } from './layout';
import { ClusterMenu, type MenuSubject, type MenuTarget } from './ClusterMenu';
import { isHeld, messageAt } from './messageGeometry';
import { MAX_SVG_MESSAGES, placeShown, useMovingLayer } from './movingLayer';
import { LegendKey, WireKinds } from './Legend';
import { WireList } from './WireList';
import { HighlightStyle } from './Highlights';
import { captionBackdrop, labelRoom, nodeText } from './nodeText';

const bandLine = line<Point>().x((p) => p.x).y((p) => p.y).curve(curveCatmullRom);
/** On a projector: half the width of a long caption under a node ("candidate", Zab's phase
 *  "broadcast", at 18 px), and the smallest node that still holds its name and term at presenter sizes. */
const CAPTION_HALF_WIDTH = 53;
const PRESENT_MIN_RADIUS = 32;
/** Nodes smaller than this leave out their note (it would crowd the ring). */
const MIN_RADIUS_FOR_NOTE = 18;
/** How near (px) a click must be to a dot on the canvas to pick its message. */
const PICK_RADIUS = 10;
/** Room the node, message and link menus need, to keep them inside the panel. */
const MENU_WIDTH = 190;
const MENU_HEIGHT = 150;

/** The state shown: the cluster re-renders when an event changes it, not as the clock runs. */
const selectShownSim = (s: AppState) => s.frame.sim;

/** Messages held on the wire are listed beside the ring ("deliver by hand"). */
const listsWire = (sim: Simulation): boolean => inStepMode(sim) || [...sim.inFlight.values()].some(isHeld);

/**
 * All that the cluster's React part draws from a moment, as one string: the nodes' looks, the
 * partition, the links' settings (and, while messages are held, the event count for their list). Compared on every frame, it costs a few microseconds; a render
 * of the cluster costs a good part of a frame.
 */
function clusterKey(sim: Simulation, m: Messages): string {
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const parts: string[] = [];
  for (const id of sim.nodeIds) {
    const look = view.node(sim.nodes[id], m, sim.nodeIds.length);
    parts.push(`${id}${sim.up[id] ? '+' : '-'}${look.role}|${look.roleLabel}|${look.termLabel}|${look.note ?? ''}|${Object.values(look.data).join(',')}`);
  }
  const net = sim.network;
  parts.push(`g${net.groupOf?.join(',') ?? ''}`);
  for (const [k, o] of net.links) parts.push(`l${k}:${o.dropRate ?? ''}:${o.latency ? `${o.latency.min}-${o.latency.max}` : ''}`);
  parts.push(`n${net.settings.latency.min}-${net.settings.latency.max}`);
  if (listsWire(sim)) parts.push(`w${sim.stats.events}`);
  return parts.join(';');
}

export function ClusterView({ theme }: { theme: string }) {
  const sim = useApp(selectShownSim);
  const { m } = useI18n();
  // re-rendered when what it draws changes, not on every event (at 1x nearly every frame has one);
  // worked out again only when an event happened (a frame without one changes nothing here)
  const keyed = useRef({ sim: null as Simulation | null, events: -1, m, key: '' });
  useApp(useCallback((s: AppState) => {
    const k = keyed.current;
    const { sim: shown, events: count } = s.frame;
    if (k.sim !== shown || k.events !== count || k.m !== m) keyed.current = { sim: shown, events: count, m, key: clusterKey(shown, m) };
    return keyed.current.key;
  }, [m]));
  const selection = useApp(selectSelection);
  const store = useAppStoreApi();
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  // a changed link's latency and loss: shown when pointed at, or all at once from the key
  const [showLinks, setShowLinks] = useState(false);
  const present = useApp(selectPresent);
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const ids = sim.nodeIds;
  const groupOf = sim.network.groupOf;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 640, h: 360 });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: Math.max(160, el.clientWidth), h: Math.max(110, el.clientHeight) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // the layout changes with the panel's size and the partition only
  const { r, ring, pos } = useMemo(() => {
    const below = labelRoom(present);
    const start = present ? presentRadius(ids.length, size.w, size.h, below) : nodeRadius(ids.length, size.w, size.h);
    const fitted = fitRadius(start, size.w, size.h, slotCount(ids, groupOf), below);
    const r = present ? clearLabels(fitted, size.w, size.h, ids, groupOf, below, CAPTION_HALF_WIDTH, PRESENT_MIN_RADIUS) : fitted;
    const ring = ringFor(size.w, size.h, r, below);
    return { r, ring, pos: ringLayout(ids, groupOf, ring) };
  }, [ids, groupOf, size.w, size.h, present]);
  const looks = ids.map((id) => view.node(sim.nodes[id], m, ids.length));
  const selectedMessage = selection?.kind === 'message' ? selection.id : null;
  /** Where the messages are drawn at the moment shown (for a click or a key, not every frame). */
  const placedNow = () => placeShown(store.getState().frame.sim, pos, r, present);

  /** A pointer position in the panel's own CSS pixels (the page may be zoomed on large screens). */
  const pointIn = (e: { clientX: number; clientY: number }): [number, number] => {
    const rect = box.current!.getBoundingClientRect();
    const scale = rect.width > 0 ? size.w / rect.width : 1;
    return [(e.clientX - rect.left) * scale, (e.clientY - rect.top) * scale];
  };

  const showMenu = (target: MenuSubject, px: number, py: number, byKeyboard: boolean) => {
    // keep the menu inside the panel
    const x = Math.max(0, Math.min(px, size.w - MENU_WIDTH));
    const y = Math.max(0, Math.min(py, size.h - (target.kind === 'link' ? 0 : MENU_HEIGHT)));
    setMenu({ ...target, x, y, byKeyboard });
    if (target.kind === 'node') store.getState().select({ kind: 'node', id: target.node });
    if (target.kind === 'message') store.getState().select({ kind: 'message', id: target.message });
  };
  const openMenu = (e: ReactMouseEvent | MouseEvent, target: MenuSubject) => {
    e.preventDefault();
    e.stopPropagation();
    const [px, py] = pointIn(e);
    showMenu(target, px, py, false);
  };
  /** Enter or Space on a message's handle: its menu opens beside the dot, with the focus on the first item. */
  const openMessageMenuByKey = (id: number) => {
    const p = placedNow().find((q) => q.msg.id === id);
    // from the keyboard: beside the dot, with the focus on the first item
    const [px, py] = p ? [p.x + size.w / 2 + 12, p.y + size.h / 2 - 12] : [size.w / 2, size.h / 2];
    showMenu({ kind: 'message', message: id }, px, py, true);
  };
  /** Enter on a focused node opens its menu beside the node, with the focus on its first item. */
  const openNodeMenuByKey = (id: number) => {
    const p = pos[id];
    showMenu({ kind: 'node', node: id }, p.x + size.w / 2 + r * 0.7, p.y + size.h / 2 - r * 0.3, true);
  };

  // one stable callback for every glyph, so unchanged nodes and links skip re-rendering
  const openMenuRef = useRef(openMenu);
  openMenuRef.current = openMenu;
  const pick = useCallback((e: ReactMouseEvent, target: MenuSubject) => openMenuRef.current(e, target), []);
  const keyMenuRef = useRef(openNodeMenuByKey);
  keyMenuRef.current = openNodeMenuByKey;
  const pickByKey = useCallback((id: number) => keyMenuRef.current(id), []);

  // in "deliver by hand" mode the waiting messages are also listed beside the ring
  const listWire = listsWire(sim);

  const canvasSlot = useRef<HTMLDivElement>(null);
  const movingSvg = useRef<SVGSVGElement>(null);
  const handleLayer = useRef<HTMLDivElement>(null);
  const slots = useMemo(() => ({ canvas: canvasSlot, svg: movingSvg, handles: handleLayer }), []);
  useMovingLayer(slots, {
    pos, r, width: size.w, height: size.h, present, selected: selectedMessage, theme,
    onOpen: (e, id) => openMenu(e, { kind: 'message', message: id }), onKey: openMessageMenuByKey,
  });

  return (
    <div className={`cluster-stage${listWire ? ' has-wire-list' : ''}`}>
    {/* the wire legend wraps in its corner, clear of the node at the top of the ring (presenter mode's type is large) */}
    <div className={`cluster${showLinks ? ' show-link-settings' : ''}`} ref={box} style={{ '--legend-room': `${Math.max(120, Math.round(size.w / 2 - r - 20))}px` } as CSSProperties} onClick={(e) => {
      // on the canvas (many messages, or the run playing), a click near a dot picks its message;
      // anywhere else closes the menu
      const [px, py] = pointIn(e);
      const shown = store.getState().frame;
      const onCanvas = shown.playing || shown.sim.inFlight.size > MAX_SVG_MESSAGES;
      const hit = onCanvas ? messageAt(placedNow(), px - size.w / 2, py - size.h / 2, PICK_RADIUS) : null;
      if (hit) openMenu(e, { kind: 'message', message: hit.msg.id });
      else setMenu(null);
    }}>
      {/* many messages: dots on a canvas under the nodes (drawn by the moving layer) */}
      <div className="cluster-canvas-slot" ref={canvasSlot} />
      {/* three layers: links, then what moves every frame (timer arcs, messages), then the nodes
          with their captions and notes, so a message never covers what a node says */}
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg">
        {groupOf && <PartitionBands sim={sim} ring={ring} r={r} />}
        <Links sim={sim} pos={pos} onPick={pick} />
      </svg>
      {/* what moves every frame lives in its own layer, drawn outside React (movingLayer.ts) */}
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg cluster-moving"
        ref={movingSvg} />
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg cluster-nodes">
        {ids.map((id, i) => (
          <NodeGlyph key={id} id={id} x={pos[id].x} y={pos[id].y} r={r} look={looks[i]} up={sim.up[id]} present={present}
            selected={selection?.kind === 'node' && selection.id === id} onPick={pick} onKeyPick={pickByKey} />
        ))}
      </svg>
      <div className="message-handles" ref={handleLayer} />
      <WireLegend />
      <LegendKey protocol={sim.scenario.protocol} showLinks={showLinks} onShowLinks={setShowLinks} />
      {menu && <ClusterMenu target={menu} onClose={() => setMenu(null)} />}
    </div>
    {listWire && <WireList sim={sim} events={sim.stats.events} />}
    <HighlightStyle />
    </div>
  );
}

function PartitionBands({ sim, ring, r }: { sim: Simulation; ring: Ring; r: number }) {
  const groupOf = sim.network.groupOf!;
  const angles = ringAngles(sim.nodeIds, groupOf, ring);
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

type Pick = (e: ReactMouseEvent, target: MenuSubject) => void;

const sameData = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** One node: redrawn only when what it shows changes (its state objects are mutated in place). */
const NodeGlyph = memo(function NodeGlyph({ id, x, y, r, look, up, present, selected, onPick, onKeyPick }: {
  id: number; x: number; y: number; r: number; look: NodeLook; up: boolean; present: boolean; selected: boolean; onPick: Pick;
  onKeyPick: (id: number) => void;
}) {
  const { m } = useI18n();
  const role = up ? look.roleLabel : m.down;
  const at = nodeText(role, look.termLabel, r, present);
  return (
    <g transform={`translate(${x},${y})`}
      className={`node role-${look.role}${up ? '' : ' is-down'}${selected ? ' is-selected' : ''}`}
      data-node-id={id} data-up={String(up)} {...look.data}
      role="button" tabIndex={0}
      aria-label={m.nodeAria(id, up ? look.roleLabel : m.down, up && look.note ? `${look.termLabel}, ${look.note}` : look.termLabel)} aria-haspopup="menu"
      onClick={(e) => onPick(e, { kind: 'node', node: id })}
      onContextMenu={(e) => onPick(e, { kind: 'node', node: id })}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== 'ContextMenu' && !(e.key === 'F10' && e.shiftKey)) return;
        e.preventDefault();
        onKeyPick(id);
      }}>
      <circle r={r} className="node-body" />
      {/* drawn only while the node has the keyboard's focus, between its timer arc and its lease bar */}
      <circle r={r + 11} className="node-focus" />
      {/* shown when a lesson or library text names this node (highlight.ts) */}
      <circle r={r + 11} className="node-highlight" />
      {/* a crashed node is crossed out under its words, which stay legible on a halo of the body's colour */}
      {!up && <path className="node-cross" d={`M${-r * 0.7},${-r * 0.7}L${r * 0.7},${r * 0.7}M${r * 0.7},${-r * 0.7}L${-r * 0.7},${r * 0.7}`} />}
      <text className="node-name" y={at.name}>{m.nodeName(id)}</text>
      {at.caption !== null ? <Caption className="node-role is-caption" y={at.caption} text={role} present={present} />
        : at.role !== null && <RoleLine text={role} y={at.role} size={at.roleSize} />}
      {at.term !== null
        ? <text className="node-term" y={at.term} style={{ ['--term-fit' as string]: `${at.termSize.toFixed(1)}px` }}>{look.termLabel}</text>
        : <Caption className="node-term is-caption" y={at.termCaption!} text={look.termLabel} present={present} />}
      {up && look.note && r >= MIN_RADIUS_FOR_NOTE && <Caption className="node-note" y={at.note} text={look.note} present={present} />}
    </g>
  );
}, (a, b) => a.id === b.id && a.x === b.x && a.y === b.y && a.r === b.r && a.up === b.up && a.present === b.present && a.selected === b.selected &&
  a.onPick === b.onPick && a.onKeyPick === b.onKeyPick && a.look.role === b.look.role && a.look.roleLabel === b.look.roleLabel &&
  a.look.termLabel === b.look.termLabel && a.look.note === b.look.note && sameData(a.look.data, b.look.data));

const selectPresent = (s: Parameters<typeof selectView>[0]) => selectView(s).present;

/** A line under a node (a caption or its note) on a backdrop of the panel's colour, so the links it lies across pass under it. */
function Caption({ className, y, text, present }: { className: string; y: number; text: string; present: boolean }) {
  const box = captionBackdrop(text, y, present);
  return (
    <>
      <rect className="node-backdrop" x={box.x} y={box.y} width={box.width} height={box.height} rx={4} />
      <text className={className} y={y}>{text}</text>
    </>
  );
}

/**
 * A node's role (leader, down, learned A…) under its name. The stylesheet picks the size (larger
 * in presenter mode); `--role-fit` caps it so the longest label still fits across the node.
 */
function RoleLine({ text, y, size }: { text: string; y: number; size: number }) {
  return <text className="node-role" y={y} style={{ ['--role-fit' as string]: `${size.toFixed(1)}px` }}>{text}</text>;
}

const LinkGlyph = memo(function LinkGlyph({ a, b, x1, y1, x2, y2, cls, label, cut, onPick }: {
  a: number; b: number; x1: number; y1: number; x2: number; y2: number; cls: string; label: string | null; cut: boolean; onPick: Pick;
}) {
  const { m } = useI18n();
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  return (
    <g className={`link ${cls}`} data-link={`${a}-${b}`}>
      <line x1={x1} y1={y1} x2={x2} y2={y2} className="link-line" />
      <line x1={x1} y1={y1} x2={x2} y2={y2} className="link-hit" onClick={(e) => onPick(e, { kind: 'link', a, b })}>
        {label && <title>{m.linkSettingsTitle(a, b, label)}</title>}
      </line>
      {cut && <text x={mx} y={my} className="link-mark">{m.crossMark}</text>}
      {label && <text x={mx} y={my - 8} className="link-label">{label}</text>}
    </g>
  );
});

function Links({ sim, pos, onPick }: { sim: Simulation; pos: Point[]; onPick: Pick }) {
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
      const label = changed ? linkLabel(ab ?? ba!, m) : null;
      out.push(<LinkGlyph key={`${a}-${b}`} a={a} b={b} x1={pos[a].x} y1={pos[a].y} x2={pos[b].x} y2={pos[b].y}
        cls={cls} label={label} cut={cut} onPick={onPick} />);
    }
  }
  return <g className="links">{out}</g>;
}

function linkLabel(o: { dropRate?: number; latency?: { min: number; max: number } }, m: Messages): string {
  return m.linkChanged(o.latency ? m.latencyRange(o.latency.min, o.latency.max) : '', o.dropRate ? m.percent(o.dropRate) : '');
}

/** The kinds of message on the wire now (category and kind name, in order of first appearance), after `shown`'s while playing. */
function wireKinds(sim: Simulation, m: Messages, shown: ReadonlyMap<string, string> | null): Map<string, string> {
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const kinds = new Map<string, string>(shown ?? []);
  for (const msg of sim.inFlight.values()) {
    const look = messageLook(view, msg, m);
    if (!kinds.has(look.category)) kinds.set(look.category, look.kind);
  }
  return kinds;
}

/**
 * The kinds of message on the wire now, each named by its kind (not by one message's label). They
 * change as messages come and go, many times a second: this legend follows them on its own, so the
 * rest of the cluster does not re-render with it. While the run plays it only grows (a kind stays
 * listed once seen), so it changes a few times a run rather than most frames, each a repaint of the
 * page; paused, it lists exactly the kinds on the wire.
 */
function WireLegend() {
  const { m } = useI18n();
  const listed = useRef<{ key: string; kinds: Map<string, string> } | null>(null);
  const kinds = useApp(useCallback((s: AppState) => {
    const kept = s.frame.playing && listed.current ? listed.current.kinds : null;
    const now = wireKinds(s.frame.sim, m, kept);
    const key = JSON.stringify([...now]);
    if (listed.current?.key !== key) listed.current = { key, kinds: now };
    return listed.current.key;
  }, [m]));
  const map = useMemo(() => new Map<string, string>(JSON.parse(kinds) as [string, string][]), [kinds]);
  return <WireKinds kinds={map} />;
}
