/**
 * The cluster: nodes on a ring, links between them, messages flying along the links at the
 * position their virtual times give. React draws everything; d3 only computes arcs and colours.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { arc, line, curveCatmullRom } from 'd3-shape';
import type { Simulation } from '../../sim/engine';
import { NetworkState } from '../../sim/network';
import { groupColor } from '../colors';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageLook, type NodeLook, type ProtocolView } from '../protocols/types';
import type { Message } from '../../sim/types';
import { useApp, useAppStoreApi } from '../state/context';
import { inStepMode, selectFrame, selectSelection, selectView } from '../state/store';
import { arcPoints, clearLabels, fitRadius, nodeRadius, slotCount, ringAngles, ringFor, ringLayout, type Point, type Ring } from './layout';
import { ClusterMenu, type MenuSubject, type MenuTarget } from './ClusterMenu';
import { messageAt, placeMessages, PRESENT_DOT_SCALE, type PlacedMessage } from './messageGeometry';
import { LABEL, labelsWithoutOverlap, PRESENT_LABEL } from './messageLabels';
import { isHollow, shapeOf, shapePath, traceShape } from './messageGlyph';
import { LegendKey, WireKinds } from './Legend';
import { WireList } from './WireList';
import { HighlightStyle } from './Highlights';
import { captionBackdrop, labelRoom, nodeText } from './nodeText';

const timerArc = arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();
const bandLine = line<Point>().x((p) => p.x).y((p) => p.y).curve(curveCatmullRom);
/** Above this many messages in flight, they are drawn as dots on a canvas so frames stay fast. */
const MAX_SVG_MESSAGES = 40;
/** Above this many, messages go without their text labels (the legend names the colours). */
const MAX_LABELLED_MESSAGES = 12;
/** On a projector: half the width of a long caption under a node ("candidate", Zab's phase
 *  "broadcast", at 18 px), and the smallest node that still holds its name and term at presenter sizes. */
const CAPTION_HALF_WIDTH = 53;
const PRESENT_MIN_RADIUS = 32;
/** Nodes smaller than this leave out their note (it would crowd the ring). */
const MIN_RADIUS_FOR_NOTE = 18;
/** The size of a message's shape (px): room for its term or ballot round inside. */
const MESSAGE_RADIUS = 8;
/** How near (px) a click must be to a dot on the canvas to pick its message. */
const PICK_RADIUS = 10;
/** Room the node, message and link menus need, to keep them inside the panel. */
const MENU_WIDTH = 190;
const MENU_HEIGHT = 150;

export function ClusterView({ theme }: { theme: string }) {
  const frame = useApp(selectFrame);
  const selection = useApp(selectSelection);
  const store = useAppStoreApi();
  const { m } = useI18n();
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  // a changed link's latency and loss: shown when pointed at, or all at once from the key
  const [showLinks, setShowLinks] = useState(false);
  const sim = frame.sim;
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
    const fitted = fitRadius(nodeRadius(ids.length, size.w, size.h), size.w, size.h, slotCount(ids, groupOf), below);
    const r = present ? clearLabels(fitted, size.w, size.h, ids, groupOf, below, CAPTION_HALF_WIDTH, PRESENT_MIN_RADIUS) : fitted;
    const ring = ringFor(size.w, size.h, r, below);
    return { r, ring, pos: ringLayout(ids, groupOf, ring) };
  }, [ids, groupOf, size.w, size.h, present]);
  const looks = ids.map((id) => view.node(sim.nodes[id], m, ids.length));
  // few messages are drawn in SVG, larger in presenter mode, and kept that much further apart
  const onCanvas = sim.inFlight.size > MAX_SVG_MESSAGES;
  const placed = placeMessages(sim, pos, r, present && !onCanvas ? PRESENT_DOT_SCALE : 1);
  const selectedMessage = selection?.kind === 'message' ? selection.id : null;

  /** A pointer position in the panel's own CSS pixels (the page may be zoomed on large screens). */
  const pointIn = (e: ReactMouseEvent): [number, number] => {
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
  const openMenu = (e: ReactMouseEvent, target: MenuSubject) => {
    e.preventDefault();
    e.stopPropagation();
    const [px, py] = pointIn(e);
    showMenu(target, px, py, false);
  };
  /** Enter or Space on a message's handle: its menu opens beside the dot, with the focus on the first item. */
  const openMessageMenuByKey = (id: number) => {
    const p = placed.find((q) => q.msg.id === id);
    // from the keyboard: beside the dot, with the focus on the first item
    const [px, py] = p ? [p.x + size.w / 2 + 12, p.y + size.h / 2 - 12] : [size.w / 2, size.h / 2];
    showMenu({ kind: 'message', message: id }, px, py, true);
  };
  /** Enter on a focused node opens its menu beside the node, with the focus on its first item. */
  const openNodeMenuByKey = (id: number) => {
    const p = pos[id];
    showMenu({ kind: 'node', node: id }, p.x + size.w / 2 + r * 0.7, p.y + size.h / 2 - r * 0.3, true);
  };

  // Escape closes the menu wherever the focus is
  useEffect(() => {
    if (!menu) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setMenu(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menu]);

  // one stable callback for every glyph, so unchanged nodes and links skip re-rendering
  const openMenuRef = useRef(openMenu);
  openMenuRef.current = openMenu;
  const pick = useCallback((e: ReactMouseEvent, target: MenuSubject) => openMenuRef.current(e, target), []);
  const keyMenuRef = useRef(openNodeMenuByKey);
  keyMenuRef.current = openNodeMenuByKey;
  const pickByKey = useCallback((id: number) => keyMenuRef.current(id), []);

  // in "deliver by hand" mode the waiting messages are also listed beside the ring
  const listWire = inStepMode(sim) || placed.some((p) => p.held);

  return (
    <div className={`cluster-stage${listWire ? ' has-wire-list' : ''}`}>
    <div className={`cluster${showLinks ? ' show-link-settings' : ''}`} ref={box} onClick={(e) => {
      // on the canvas, a click near a dot picks its message; anywhere else closes the menu
      const [px, py] = pointIn(e);
      const hit = onCanvas ? messageAt(placed, px - size.w / 2, py - size.h / 2, PICK_RADIUS) : null;
      if (hit) openMenu(e, { kind: 'message', message: hit.msg.id });
      else setMenu(null);
    }}>
      {/* many messages: dots on a canvas under the nodes */}
      {onCanvas && <MessageCanvas sim={sim} placed={placed} width={size.w} height={size.h} selected={selectedMessage} theme={theme} />}
      {/* three layers: links, then what moves every frame (timer arcs, messages), then the nodes
          with their captions and notes, so a message never covers what a node says */}
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg">
        {groupOf && <PartitionBands sim={sim} ring={ring} r={r} />}
        <Links sim={sim} pos={pos} onPick={pick} />
      </svg>
      {/* what moves every frame lives in its own layer, so the nodes and links are not redrawn */}
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg cluster-moving">
        {ids.map((id) => {
          const ring = sim.up[id] ? view.timer(sim, id) : null;
          if (!ring) return null;
          const fraction = Math.max(0, Math.min(1, ring.remainingMs / ring.totalMs));
          return (
            <path key={id} className={`node-timer timer-${ring.name}`} transform={`translate(${pos[id].x},${pos[id].y})`}
              d={timerArc({ innerRadius: r + 3, outerRadius: r + 7, startAngle: 0, endAngle: 2 * Math.PI * fraction }) ?? ''} />
          );
        })}
        {view.bar && ids.map((id) => {
          const bar = sim.up[id] ? view.bar!(sim, id, m) : null;
          if (!bar) return null;
          const fraction = Math.max(0, Math.min(1, bar.remainingMs / bar.totalMs));
          return (
            // an arc just outside the timer ring, so it is never cut off at the stage's edge
            <g key={`bar-${id}`} className={`node-bar bar-${bar.name}`} data-bar-node={id} data-bar={bar.name}
              data-fraction={fraction.toFixed(3)} transform={`translate(${pos[id].x},${pos[id].y})`}>
              <title>{bar.label}</title>
              <path className="node-bar-track" d={timerArc({ innerRadius: r + 15, outerRadius: r + 20, startAngle: 0, endAngle: 2 * Math.PI }) ?? ''} />
              <path className="node-bar-fill" d={timerArc({ innerRadius: r + 15, outerRadius: r + 20, startAngle: 0, endAngle: 2 * Math.PI * fraction }) ?? ''} />
            </g>
          );
        })}
        {!onCanvas && <Messages sim={sim} placed={placed} selected={selectedMessage} labelled={placed.length <= MAX_LABELLED_MESSAGES}
          nodes={ids.map((id) => pos[id])} nodeRadius={r} present={present} />}
      </svg>
      <svg viewBox={`${-size.w / 2} ${-size.h / 2} ${size.w} ${size.h}`} width={size.w} height={size.h} className="cluster-svg cluster-nodes">
        {ids.map((id, i) => (
          <NodeGlyph key={id} id={id} x={pos[id].x} y={pos[id].y} r={r} look={looks[i]} up={sim.up[id]} present={present}
            selected={selection?.kind === 'node' && selection.id === id} onPick={pick} onKeyPick={pickByKey} />
        ))}
      </svg>
      <MessageHandles sim={sim} placed={placed} width={size.w} height={size.h}
        onOpen={(e, id) => openMenu(e, { kind: 'message', message: id })} onKey={openMessageMenuByKey} />
      <WireLegend sim={sim} placed={placed} />
      <LegendKey protocol={sim.scenario.protocol} showLinks={showLinks} onShowLinks={setShowLinks} />
      {menu && <ClusterMenu target={menu} onClose={() => setMenu(null)} />}
    </div>
    {listWire && <WireList sim={sim} events={frame.events} />}
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
      {/* shown when a lesson or library text names this node (highlight.ts) */}
      <circle r={r + 11} className="node-highlight" />
      <text className="node-name" y={at.name}>{m.nodeName(id)}</text>
      {at.caption !== null ? <Caption className="node-role is-caption" y={at.caption} text={role} present={present} />
        : at.role !== null && <RoleLine text={role} y={at.role} size={at.roleSize} />}
      {at.term !== null
        ? <text className="node-term" y={at.term} style={{ ['--term-fit' as string]: `${at.termSize.toFixed(1)}px` }}>{look.termLabel}</text>
        : <Caption className="node-term is-caption" y={at.termCaption!} text={look.termLabel} present={present} />}
      {up && look.note && r >= MIN_RADIUS_FOR_NOTE && <Caption className="node-note" y={at.note} text={look.note} present={present} />}
      {!up && <path className="node-cross" d={`M${-r * 0.7},${-r * 0.7}L${r * 0.7},${r * 0.7}M${r * 0.7},${-r * 0.7}L${-r * 0.7},${r * 0.7}`} />}
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

/** The messages drawn in SVG (few in flight); their handles above take the clicks and keys. */
function Messages({ sim, placed, selected, labelled, nodes, nodeRadius, present }: {
  sim: Simulation; placed: PlacedMessage[]; selected: number | null; labelled: boolean; nodes: Point[]; nodeRadius: number; present: boolean;
}) {
  const { m } = useI18n();
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const label = present ? PRESENT_LABEL : LABEL;
  const shownLabels = labelled
    ? labelsWithoutOverlap(placed.map((p) => ({ id: p.msg.id, x: p.x, y: p.y, text: messageLook(view, p.msg, m).label })),
      nodes, nodeRadius, nodeRadius + labelRoom(present), present)
    : null;
  return (
    <g className="messages">
      {placed.map(({ msg, x, y, held, doomed, dying }) => {
        const look = messageLook(view, msg, m);
        const shape = shapeOf(look.category);
        const cls = `message cat-${look.category}${isHollow(shape) ? ' is-hollow' : ''}${doomed ? ' is-doomed' : ''}${held ? ' is-held' : ''}`
          + `${look.tone === 'ok' ? ' is-ok' : look.tone === 'fail' ? ' is-fail' : ''}${selected === msg.id ? ' is-selected' : ''}`;
        const size = doomed ? MESSAGE_RADIUS - 4 * dying : MESSAGE_RADIUS;
        return (
          <g key={msg.id} transform={`translate(${x},${y})`} className={cls} opacity={doomed ? 1 - 0.8 * dying : undefined}
            style={{ ['--mc' as string]: `var(--msg-${look.category})` }}>
            <path d={shapePath(shape, size)} className="message-dot" />
            {look.badge && !dying && <text className="message-badge" y={shape === 'triangle' || shape === 'hollow-triangle' ? 3.5 : 3}>{look.badge}</text>}
            {look.tone === 'fail' && <text className="message-refused" x={-MESSAGE_RADIUS - 3} y={-6}>{m.failed}</text>}
            {doomed && <text className="message-doom" x={MESSAGE_RADIUS + 2} y={-6}>{m.crossMark}</text>}
            {shownLabels?.has(msg.id) && <text className="message-label" y={label.offsetY}>{look.label}</text>}
          </g>
        );
      })}
    </g>
  );
}

/** Category colours, read from the theme's CSS variables (canvas cannot use var()). */
function themeColors(el: Element): (name: string) => string {
  const style = getComputedStyle(el);
  const cache = new Map<string, string>();
  return (name) => {
    let c = cache.get(name);
    if (c === undefined) { c = style.getPropertyValue(name).trim() || '#888'; cache.set(name, c); }
    return c;
  };
}

/** On the canvas, shapes are a little smaller (many messages share the wire). */
const CANVAS_RADIUS = 7;
const CANVAS_BADGE_PX = 9;
/** Above this many messages the canvas leaves out the badges (text is the costly part to draw). */
const MAX_CANVAS_BADGES = 120;

/**
 * Many messages: dots on a canvas (one draw call each, no DOM per message per frame). Each
 * message still has an element with its id for assistive technology and tests, listed off-screen.
 */
function MessageCanvas({ sim, placed, width, height, selected, theme }: {
  sim: Simulation; placed: PlacedMessage[]; width: number; height: number; selected: number | null; theme: string;
}) {
  const { m } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const colors = useMemo(() => (typeof document === 'undefined' ? null : themeColors(document.documentElement)), [theme]);
  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !colors) return;
    const dpr = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * dpr)) el.width = Math.round(width * dpr);
    if (el.height !== Math.round(height * dpr)) el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, (width / 2) * dpr, (height / 2) * dpr);
    ctx.clearRect(-width / 2, -height / 2, width, height);
    // one path per kind: a fill per kind of message rather than per message
    const kinds = new Map<string, PlacedMessage[]>();
    const strokes = new Map<string, PlacedMessage[]>();
    const fading: PlacedMessage[] = [];
    for (const p of placed) {
      if (p.doomed && p.dying > 0) { fading.push(p); continue; }
      const look = messageLook(view, p.msg, m);
      if (!kinds.has(look.category)) kinds.set(look.category, []);
      kinds.get(look.category)!.push(p);
      const stroke = p.msg.id === selected ? '--fg' : p.doomed || look.tone === 'fail' ? '--danger' : look.tone === 'ok' ? '--ok' : null;
      if (stroke) {
        if (!strokes.has(stroke)) strokes.set(stroke, []);
        strokes.get(stroke)!.push(p);
      }
    }
    const shapes = (list: PlacedMessage[], radius: number) => {
      ctx.beginPath();
      for (const p of list) traceShape(ctx, shapeOf(messageLook(view, p.msg, m).category), p.x, p.y, radius);
    };
    for (const [category, list] of kinds) {
      const color = colors(`--msg-${category}`);
      shapes(list, CANVAS_RADIUS);
      if (isHollow(shapeOf(category))) {
        ctx.fillStyle = colors('--panel');
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = color;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
      }
    }
    ctx.lineWidth = 2;
    for (const [color, list] of strokes) { shapes(list, CANVAS_RADIUS); ctx.strokeStyle = colors(color); ctx.stroke(); }
    // the term or round on each message, while there are few enough to read
    if (placed.length <= MAX_CANVAS_BADGES) {
      ctx.font = `700 ${CANVAS_BADGE_PX}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (const [category, list] of kinds) {
        ctx.fillStyle = colors(isHollow(shapeOf(category)) ? `--msg-${category}` : '--msg-badge');
        for (const p of list) {
          const badge = messageLook(view, p.msg, m).badge;
          if (badge) ctx.fillText(badge, p.x, p.y + 0.5);
        }
      }
    }
    // doomed messages fade and shrink as they near the end of their flight
    for (const p of fading) {
      const category = messageLook(view, p.msg, m).category;
      ctx.globalAlpha = 1 - 0.8 * p.dying;
      shapes([p], CANVAS_RADIUS - 3 * p.dying);
      ctx.fillStyle = colors(`--msg-${category}`);
      ctx.fill();
      ctx.strokeStyle = colors('--danger');
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  });
  return <canvas ref={canvas} className="cluster-canvas" style={{ width, height }} aria-hidden="true" />;
}

/** The kinds of message on the wire now, each named by its kind (not by one message's label). */
function WireLegend({ sim, placed }: { sim: Simulation; placed: PlacedMessage[] }) {
  const { m } = useI18n();
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const kinds = new Map<string, string>();
  for (const p of placed) {
    const look = messageLook(view, p.msg, m);
    if (!kinds.has(look.category)) kinds.set(look.category, look.kind);
  }
  return <WireKinds kinds={kinds} />;
}

/** How often the handles follow their dots when there are too many to move every frame (ms). */
const HANDLE_REFRESH_MS = 150;

/** Half the side of a message's handle: a little larger than the dot, so a click on the dot lands on it. */
const HANDLE_HALF = 9;

/**
 * One transparent button over each message's dot, whichever way the dots are drawn (SVG or
 * canvas): it carries the message's id and name, and a click, Enter or Space on it opens the
 * message's menu. The buttons are rendered once per message; their positions are written straight
 * to their style each frame, so hundreds of messages in flight cost no re-rendering.
 */
function MessageHandles({ sim, placed, width, height, onOpen, onKey }: {
  sim: Simulation; placed: PlacedMessage[]; width: number; height: number;
  onOpen: (e: ReactMouseEvent, id: number) => void; onKey: (id: number) => void;
}) {
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const layer = useRef<HTMLDivElement>(null);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const open = useCallback((e: ReactMouseEvent, id: number) => openRef.current(e, id), []);
  const keyRef = useRef(onKey);
  keyRef.current = onKey;
  const openByKey = useCallback((id: number) => keyRef.current(id), []);
  const latest = useRef({ placed, width, height });
  latest.current = { placed, width, height };
  const lastPlaced = useRef(0);
  const trailing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const place = useCallback(() => {
    trailing.current = null;
    lastPlaced.current = performance.now();
    const buttons = layer.current?.children;
    if (!buttons) return;
    const now = latest.current;
    // the buttons are in the order of `placed`
    for (let i = 0; i < buttons.length && i < now.placed.length; i++) {
      const p = now.placed[i];
      (buttons[i] as HTMLElement).style.transform =
        `translate(${p.x + now.width / 2 - HANDLE_HALF}px,${p.y + now.height / 2 - HANDLE_HALF}px)`;
    }
  }, []);
  useLayoutEffect(() => {
    // moving hundreds of handles every frame costs the browser more than a frame has: with many
    // messages they follow their dots a few times a second, and once more when the dots stop
    if (placed.length <= MAX_SVG_MESSAGES || performance.now() - lastPlaced.current >= HANDLE_REFRESH_MS) place();
    else if (trailing.current === null) trailing.current = setTimeout(place, HANDLE_REFRESH_MS);
  });
  useEffect(() => () => { if (trailing.current !== null) clearTimeout(trailing.current); }, []);
  return (
    <div className="message-handles" ref={layer}>
      {placed.map(({ msg }) => <MessageHandle key={msg.id} msg={msg} view={view} onOpen={open} onKey={openByKey} />)}
    </div>
  );
}

/** A message's handle, named for assistive technology (and found by its id). Its name is worked
 *  out once per message, not every frame. */
const MessageHandle = memo(function MessageHandle({ msg, view, onOpen, onKey }: {
  msg: Message; view: ProtocolView; onOpen: (e: ReactMouseEvent, id: number) => void; onKey: (id: number) => void;
}) {
  const { m } = useI18n();
  const label = useMemo(() => messageLook(view, msg, m).label, [view, msg, m]);
  return (
    <button type="button" className="message-handle" data-message-id={msg.id} tabIndex={-1} aria-haspopup="menu"
      data-message-type={msg.type} data-message-from={msg.from} data-message-to={msg.to}
      aria-label={m.messageAria(msg.id, label, msg.from, msg.to)}
      onClick={(e) => onOpen(e, msg.id)} onContextMenu={(e) => onOpen(e, msg.id)}
      onKeyDown={(e) => {
        // Enter and Space open the menu here, before the page's Space (play or pause) sees the key
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        e.stopPropagation();
        onKey(msg.id);
      }} />
  );
});
