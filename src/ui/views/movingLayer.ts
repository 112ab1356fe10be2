/**
 * What moves on the stage every frame (the timer arcs, the lease bars, the messages in flight and
 * their handles) is drawn here, outside React: a store subscription redraws it as the clock runs,
 * on elements kept per node and per message id and only written where something changed. React
 * renders the cluster (nodes, links, menus) only when an event changes what it shows.
 *
 * The elements are those the page always had: `.message` groups in SVG while few messages fly
 * (over MAX_SVG_MESSAGES, dots on a canvas), and a transparent button per message in flight with
 * its `data-message-id`, type, sender and receiver (CONTRACT §5), which opens the message's menu.
 * While the run plays, the timers, bars and messages are drawn on a canvas instead
 * (playingCanvas.ts), by a worker where the browser has one (workerCanvas.ts): the SVG marks
 * wait hidden and the handles follow their dots twice a second, so a frame in between changes no
 * element at all and the browser repaints nothing but the canvas.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { arc } from 'd3-shape';
import type { Simulation } from '../../sim/engine';
import type { Message } from '../../sim/types';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { messageLook, type ProtocolView } from '../protocols/types';
import { PROTOCOL_VIEWS } from '../protocols';
import { useAppStoreApi } from '../state/context';
import type { Frame } from '../state/store';
import type { Point } from './layout';
import { placeMessages, PRESENT_DOT_SCALE, type PlacedMessage } from './messageGeometry';
import { isHollow, shapeOf, shapePath, shapeReach } from './messageGlyph';
import { LABEL, PRESENT_LABEL, labelsWithoutOverlap } from './messageLabels';
import { labelRoom } from './nodeText';
import { clearStageCanvas, drawMessageCanvas, drawMessageDots, recordStage, themeColors } from './messageCanvas';
import type { Pen } from './canvasPen';
import { WorkerCanvas } from './workerCanvas';
import { drawPlayingStage, type Ring } from './playingCanvas';

/** Above this many messages in flight, they are drawn as dots on a canvas so frames stay fast. */
export const MAX_SVG_MESSAGES = 40;
/** Above this many, messages go without their text labels (the legend names the colours). */
const MAX_LABELLED_MESSAGES = 12;
/** The size of a message's shape (px): room for its term or ballot round inside. */
const MESSAGE_RADIUS = 8;
/** How often the handles follow their dots when there are too many to move every frame (ms). */
const HANDLE_REFRESH_MS = 150;
/** Half the side of a message's handle: a little larger than the dot, so a click on the dot lands on it. */
const HANDLE_HALF = 9;

const SVG = 'http://www.w3.org/2000/svg';

/** Where the messages are drawn: few are drawn in SVG, larger in presenter mode, and kept that much further apart. */
export function placeShown(sim: Simulation, pos: readonly Point[], r: number, present: boolean): PlacedMessage[] {
  return placeMessages(sim, pos, r, present && sim.inFlight.size <= MAX_SVG_MESSAGES ? PRESENT_DOT_SCALE : 1);
}
const timerArc = arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();

/** What the moving layer is drawn with besides the simulation: the cluster's layout and the page's settings. */
export interface MovingProps {
  pos: readonly Point[];
  r: number;
  width: number;
  height: number;
  present: boolean;
  selected: number | null;
  theme: string;
  /** a click or right-click on a message's handle */
  onOpen: (e: MouseEvent, id: number) => void;
  /** Enter or Space on a message's handle */
  onKey: (id: number) => void;
}

interface Settings extends MovingProps { m: Messages }
/** The settings and the protocol's view a moment is drawn with. */
interface Drawing extends Settings { view: ProtocolView }

/** A message's group in SVG and what was last written to it. */
interface MessageMark {
  g: SVGGElement;
  /** children in their order: dot, badge, refusal, doom mark, label (absent ones null) */
  parts: (SVGElement | null)[];
  cls: string; transform: string; opacity: string | null; d: string;
}

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string>, text?: string): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

const setAttr = (e: Element, name: string, value: string | null) => {
  if (value === null) { if (e.hasAttribute(name)) e.removeAttribute(name); } else if (e.getAttribute(name) !== value) e.setAttribute(name, value);
};

/**
 * Puts `items`' elements in `parent` in their order, reusing those already there (moved only when
 * out of place) and removing the others.
 */
function reconcile<T>(parent: Element, keep: Map<number, T>, items: readonly PlacedMessage[], node: (t: T) => Element,
  make: (p: PlacedMessage) => T): void {
  const live = new Set<number>();
  for (const p of items) live.add(p.msg.id);
  for (const [id, t] of keep) if (!live.has(id)) { node(t).remove(); keep.delete(id); }
  let cursor = parent.firstChild;
  for (const p of items) {
    let t = keep.get(p.msg.id);
    if (t === undefined) { t = make(p); keep.set(p.msg.id, t); }
    const e = node(t);
    if (e === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(e, cursor);
  }
}

export class MovingLayer {
  private timers: SVGGElement;
  private bars: SVGGElement;
  private messages: SVGGElement;
  private timerMarks = new Map<number, SVGPathElement>();
  private barMarks = new Map<number, { g: SVGGElement; title: SVGTitleElement; track: SVGPathElement; fill: SVGPathElement }>();
  private marks = new Map<number, MessageMark>();
  private handles = new Map<number, HTMLButtonElement>();
  private canvas: HTMLCanvasElement | null = null;
  /** the canvas a worker paints while the run plays (undefined: not made yet; null: none in this browser) */
  private workerCanvas: WorkerCanvas | null | undefined = undefined;
  private colors: { theme: string; of: (name: string) => string; font: string } | null = null;
  /** the elements are hidden while the run plays (drawn on the canvas instead) */
  private hidden = false;
  /** the settings the elements were made with: a new language or presenter mode remakes them */
  private madeWith: { m: Messages; present: boolean; view: ProtocolView } | null = null;
  private lastDrawAt = -Infinity;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private placed: PlacedMessage[] = [];
  private settings: Drawing | null = null;

  constructor(private canvasSlot: HTMLElement, svg: SVGSVGElement, private handleLayer: HTMLElement) {
    this.timers = svg.appendChild(el('g', { class: 'node-timers' }));
    this.bars = svg.appendChild(el('g', { class: 'node-bars' }));
    this.messages = svg.appendChild(el('g', { class: 'messages' }));
    // one listener for every handle: dozens come and go each second while the run plays
    handleLayer.addEventListener('click', this.onHandleClick);
    handleLayer.addEventListener('contextmenu', this.onHandleClick);
    handleLayer.addEventListener('keydown', this.onHandleKey);
  }

  private readonly onHandleClick = (e: MouseEvent): void => {
    const id = handleId(e);
    if (id !== null) this.settings?.onOpen(e, id);
  };

  private readonly onHandleKey = (e: KeyboardEvent): void => {
    // Enter and Space open the menu here, before the page's Space (play or pause) sees the key
    const id = handleId(e);
    if (id === null || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    e.stopPropagation();
    this.settings?.onKey(id);
  };

  /**
   * Draw the moment `sim` shows; `playing`: a moment of playback, drawn on the canvas, and
   * `refresh`: one on which the handles follow their dots too (see useMovingLayer).
   */
  draw(sim: Simulation, settings: Settings, playing = false, refresh = true): void {
    // a moment of a run just loaded may come before React lays its nodes out: that render draws it
    if (!sim.nodeIds.every((id) => settings.pos[id] !== undefined)) return;
    const s: Drawing = { ...settings, view: PROTOCOL_VIEWS[sim.scenario.protocol] };
    this.settings = s;
    const made = this.madeWith;
    if (!made || made.m !== s.m || made.present !== s.present || made.view !== s.view) {
      // language, presenter sizes or protocol changed: every message's text is made anew
      for (const mark of this.marks.values()) mark.g.remove();
      this.marks.clear();
      for (const h of this.handles.values()) h.remove();
      this.handles.clear();
      this.madeWith = { m: s.m, present: s.present, view: s.view };
    }
    this.hide(playing);
    if (!playing) this.workerCanvas?.stop();
    if (playing) {
      this.drawPlaying(sim, s, refresh);
      return;
    }
    this.drawTimers(sim, s);
    this.drawBars(sim, s);
    const placed = placeShown(sim, s.pos, s.r, s.present);
    this.placed = placed;
    if (placed.length > MAX_SVG_MESSAGES) {
      reconcile(this.messages, this.marks, [], (t) => t.g, () => { throw new Error('unreachable'); });
      this.drawCanvas(placed, s);
    } else {
      this.removeCanvas();
      this.drawMessages(placed, s);
    }
    this.drawHandles(placed, s);
  }

  /**
   * Hides the SVG marks while the canvas draws them (one change as playback starts and stops); the
   * handles stay in view but let clicks through to the canvas, which picks the dot under them.
   */
  private hide(on: boolean): void {
    if (this.hidden === on) return;
    this.hidden = on;
    for (const g of [this.timers, this.bars, this.messages]) setAttr(g, 'display', on ? 'none' : null);
    this.handleLayer.classList.toggle('is-moving', on);
  }

  /**
   * A moment of playback: the rings and the messages on the canvas. The SVG marks are made again
   * when the run stops. The handles (CONTRACT §5: an element per message in flight) follow the
   * messages when the text panels refresh, twice a second: adding or moving an element costs the
   * page a style pass and a repaint, which a frame in between must not pay.
   */
  private drawPlaying(sim: Simulation, s: Drawing, refresh: boolean): void {
    const placed = placeShown(sim, s.pos, s.r, s.present);
    this.placed = placed;
    const rings: Ring[] = [];
    for (const id of sim.nodeIds) {
      if (!sim.up[id]) continue;
      const timer = s.view.timer(sim, id);
      if (timer) rings.push({ at: s.pos[id], fraction: leftOf(timer), kind: timer.name === 'heartbeat' ? 'heartbeat' : 'timer' });
      const bar = s.view.bar?.(sim, id, s.m);
      if (bar) rings.push({ at: s.pos[id], fraction: leftOf(bar), kind: 'bar' });
    }
    const many = placed.length > MAX_SVG_MESSAGES;
    const labelled = labelledOf(placed, s);
    const colors = this.themeColors(s);
    const paint = (ctx: Pen) => {
      drawPlayingStage(ctx, {
        width: s.width, height: s.height, r: s.r, present: s.present, rings, placed, labelled, selected: s.selected,
        view: s.view, m: s.m, color: colors.of, font: colors.font, radius: MESSAGE_RADIUS,
      }, many ? 'none' : 'marks');
      if (many) drawMessageDots(ctx, placed, s.selected, s.view, s.m, colors.of);
    };
    if (this.workerCanvas === undefined) this.workerCanvas = WorkerCanvas.create(this.canvasSlot, () => this.removeCanvas());
    const worker = this.workerCanvas;
    if (worker) {
      const pen = recordStage(s.width, s.height);
      paint(pen);
      worker.paint(pen.commands, s.width, s.height);
    }
    // until the worker's canvas shows (the first moments of playback; always, without a worker) the page paints its own
    if (!worker?.live) {
      const ctx = clearStageCanvas(this.ensureCanvas(s), s.width, s.height);
      if (ctx) paint(ctx);
    }
    if (this.marks.size > 0) reconcile(this.messages, this.marks, [], (t) => t.g, () => { throw new Error('unreachable'); });
    if (refresh) {
      reconcile(this.handleLayer, this.handles, placed, (b) => b, (p) => this.makeHandle(p.msg));
      for (const p of placed) this.placeHandle(this.handles.get(p.msg.id)!, p, s);
    }
  }

  dispose(): void {
    if (this.trailing !== null) clearTimeout(this.trailing);
    this.timers.remove();
    this.bars.remove();
    this.messages.remove();
    this.canvas?.remove();
    this.workerCanvas?.dispose();
    for (const h of this.handles.values()) h.remove();
    this.handleLayer.removeEventListener('click', this.onHandleClick);
    this.handleLayer.removeEventListener('contextmenu', this.onHandleClick);
    this.handleLayer.removeEventListener('keydown', this.onHandleKey);
  }

  private drawTimers(sim: Simulation, s: Drawing): void {
    const seen = new Set<number>();
    for (const id of sim.nodeIds) {
      const ring = sim.up[id] ? s.view.timer(sim, id) : null;
      if (!ring) continue;
      seen.add(id);
      let path = this.timerMarks.get(id);
      if (!path) { path = this.timers.appendChild(el('path', {})); this.timerMarks.set(id, path); }
      const fraction = leftOf(ring);
      setAttr(path, 'class', `node-timer timer-${ring.name}`);
      setAttr(path, 'transform', `translate(${s.pos[id].x},${s.pos[id].y})`);
      setAttr(path, 'd', timerArc({ innerRadius: s.r + 3, outerRadius: s.r + 7, startAngle: 0, endAngle: 2 * Math.PI * fraction }) ?? '');
    }
    for (const [id, path] of this.timerMarks) if (!seen.has(id)) { path.remove(); this.timerMarks.delete(id); }
  }

  /** A view's bar round a node (Raft's leader lease): an arc just outside the timer ring, so it is never cut off at the stage's edge. */
  private drawBars(sim: Simulation, s: Drawing): void {
    const seen = new Set<number>();
    const bar = s.view.bar;
    if (bar) {
      for (const id of sim.nodeIds) {
        const b = sim.up[id] ? bar(sim, id, s.m) : null;
        if (!b) continue;
        seen.add(id);
        let mark = this.barMarks.get(id);
        if (!mark) {
          const g = this.bars.appendChild(el('g', { 'data-bar-node': String(id) }));
          mark = { g, title: g.appendChild(el('title', {})), track: g.appendChild(el('path', { class: 'node-bar-track' })),
            fill: g.appendChild(el('path', { class: 'node-bar-fill' })) };
          this.barMarks.set(id, mark);
        }
        const fraction = leftOf(b);
        setAttr(mark.g, 'class', `node-bar bar-${b.name}`);
        setAttr(mark.g, 'data-bar', b.name);
        setAttr(mark.g, 'data-fraction', fraction.toFixed(3));
        setAttr(mark.g, 'transform', `translate(${s.pos[id].x},${s.pos[id].y})`);
        if (mark.title.textContent !== b.label) mark.title.textContent = b.label;
        setAttr(mark.track, 'd', timerArc({ innerRadius: s.r + 15, outerRadius: s.r + 20, startAngle: 0, endAngle: 2 * Math.PI }) ?? '');
        setAttr(mark.fill, 'd', timerArc({ innerRadius: s.r + 15, outerRadius: s.r + 20, startAngle: 0, endAngle: 2 * Math.PI * fraction }) ?? '');
      }
    }
    for (const [id, mark] of this.barMarks) if (!seen.has(id)) { mark.g.remove(); this.barMarks.delete(id); }
  }

  /** Few messages: each a group in SVG (its shape, its term or round, and its label where it fits). */
  private drawMessages(placed: readonly PlacedMessage[], s: Drawing): void {
    const { m, view } = s;
    const label = s.present ? PRESENT_LABEL : LABEL;
    const shown = labelledOf(placed, s);
    reconcile(this.messages, this.marks, placed, (t) => t.g, (p) => {
      const g = el('g', {});
      g.style.setProperty('--mc', `var(--msg-${messageLook(view, p.msg, m).category})`);
      const dot = g.appendChild(el('path', { class: 'message-dot' }));
      return { g, parts: [dot, null, null, null, null], cls: '', transform: '', opacity: null, d: '' };
    });
    for (const { msg, x, y, held, doomed, dying } of placed) {
      const mark = this.marks.get(msg.id)!;
      const look = messageLook(view, msg, m);
      const shape = shapeOf(look.category);
      const cls = `message cat-${look.category}${isHollow(shape) ? ' is-hollow' : ''}${doomed ? ' is-doomed' : ''}${held ? ' is-held' : ''}`
        + `${look.tone === 'ok' ? ' is-ok' : look.tone === 'fail' ? ' is-fail' : ''}${s.selected === msg.id ? ' is-selected' : ''}`;
      const transform = `translate(${x},${y})`;
      const opacity = doomed ? String(1 - 0.8 * dying) : null;
      const d = shapePath(shape, doomed ? MESSAGE_RADIUS - 4 * dying : MESSAGE_RADIUS);
      if (mark.cls !== cls) { mark.g.setAttribute('class', cls); mark.cls = cls; }
      if (mark.transform !== transform) { mark.g.setAttribute('transform', transform); mark.transform = transform; }
      if (mark.opacity !== opacity) { setAttr(mark.g, 'opacity', opacity); mark.opacity = opacity; }
      if (mark.d !== d) { mark.parts[0]!.setAttribute('d', d); mark.d = d; }
      const triangle = shape === 'triangle' || shape === 'hollow-triangle';
      this.part(mark, 1, look.badge && !dying ? () => el('text', { class: 'message-badge', y: triangle ? '3.5' : '3' }, look.badge!) : null);
      this.part(mark, 2, look.tone === 'fail' ? () => el('text', { class: 'message-refused', x: String(-MESSAGE_RADIUS - 3), y: '-6' }, m.failed) : null);
      this.part(mark, 3, doomed ? () => el('text', { class: 'message-doom', x: String(MESSAGE_RADIUS + 2), y: '-6' }, m.crossMark) : null);
      this.part(mark, 4, shown?.has(msg.id) ? () => el('text', { class: 'message-label', y: String(label.offsetY) }, look.label) : null);
    }
  }

  /** Adds or removes one of a message's parts, keeping the parts in their order. */
  private part(mark: MessageMark, k: number, make: (() => SVGElement) | null): void {
    const have = mark.parts[k];
    if (make === null) {
      if (have) { have.remove(); mark.parts[k] = null; }
      return;
    }
    if (have) return;
    const e = make();
    const next = mark.parts.slice(k + 1).find((p) => p !== null) ?? null;
    mark.g.insertBefore(e, next);
    mark.parts[k] = e;
  }

  /** Many messages: dots on a canvas under the nodes. */
  private drawCanvas(placed: readonly PlacedMessage[], s: Drawing): void {
    drawMessageCanvas(this.ensureCanvas(s), placed, s.width, s.height, s.selected, s.view, s.m, this.themeColors(s).of);
  }

  /** The canvas under the nodes, sized to the stage, and the theme's colours and font to draw with. */
  private ensureCanvas(s: Drawing): HTMLCanvasElement {
    if (!this.canvas) {
      this.canvas = document.createElement('canvas');
      this.canvas.className = 'cluster-canvas';
      this.canvas.setAttribute('aria-hidden', 'true');
      this.canvasSlot.appendChild(this.canvas);
    }
    const c = this.canvas;
    if (c.style.width !== `${s.width}px`) c.style.width = `${s.width}px`;
    if (c.style.height !== `${s.height}px`) c.style.height = `${s.height}px`;
    return c;
  }

  private removeCanvas(): void {
    this.canvas?.remove();
    this.canvas = null;
  }

  /** The theme's colours and the page's font, to draw on a canvas with. */
  private themeColors(s: Drawing): { theme: string; of: (name: string) => string; font: string } {
    if (!this.colors || this.colors.theme !== s.theme) {
      const root = document.documentElement;
      this.colors = { theme: s.theme, of: themeColors(root), font: getComputedStyle(this.handleLayer).fontFamily || 'system-ui, sans-serif' };
    }
    return this.colors;
  }

  /**
   * One transparent button over each message's dot, whichever way the dots are drawn: it carries
   * the message's id and name, and a click, Enter or Space on it opens the message's menu. Moving
   * hundreds of them every frame costs the browser more than a frame has, and moving them all a few
   * times a second made one heavy frame each time: with many messages, while the dots keep moving
   * (draws come faster than HANDLE_REFRESH_MS apart) a new handle starts over its dot and the others
   * wait; they all follow once the dots stop. A click on the canvas picks the nearest dot meanwhile.
   */
  private drawHandles(placed: readonly PlacedMessage[], s: Drawing): void {
    const fresh: HTMLButtonElement[] = [];
    reconcile(this.handleLayer, this.handles, placed, (b) => b, (p) => {
      const b = this.makeHandle(p.msg);
      fresh.push(b);
      return b;
    });
    const now = performance.now();
    const moving = now - this.lastDrawAt < HANDLE_REFRESH_MS;
    this.lastDrawAt = now;
    if (placed.length <= MAX_SVG_MESSAGES || !moving) this.placeHandles();
    else {
      for (const b of fresh) this.placeHandle(b, placed.find((p) => p.msg.id === Number(b.dataset.messageId))!, s);
      // handles left behind their dots must not catch clicks meant for a node: the canvas picks meanwhile
      if (!this.handleLayer.classList.contains('is-moving')) this.handleLayer.classList.add('is-moving');
      if (this.trailing !== null) clearTimeout(this.trailing);
      this.trailing = setTimeout(() => this.placeHandles(), HANDLE_REFRESH_MS);
    }
  }

  private placeHandles(): void {
    if (this.trailing !== null) { clearTimeout(this.trailing); this.trailing = null; }
    if (this.handleLayer.classList.contains('is-moving')) this.handleLayer.classList.remove('is-moving');
    const s = this.settings;
    if (!s) return;
    for (const p of this.placed) {
      const b = this.handles.get(p.msg.id);
      if (b) this.placeHandle(b, p, s);
    }
  }

  private placeHandle(b: HTMLButtonElement, p: PlacedMessage, s: Drawing): void {
    const t = `translate(${p.x + s.width / 2 - HANDLE_HALF}px,${p.y + s.height / 2 - HANDLE_HALF}px)`;
    if (b.style.transform !== t) b.style.transform = t;
    // a dot under a node's disc (just sent, about to arrive) is hidden by the node: a highlight's
    // glow on its handle, which lies over everything, would ring the node's words instead
    const under = s.pos.some((q) => q !== undefined && Math.hypot(p.x - q.x, p.y - q.y) < s.r);
    if (b.classList.contains('is-under-node') !== under) b.classList.toggle('is-under-node', under);
    // named when first placed (a handle is made bare: dozens come and go a second while playing)
    if (!b.hasAttribute('aria-label')) b.setAttribute('aria-label', s.m.messageAria(p.msg.id, messageLook(s.view, p.msg, s.m).label, p.msg.from, p.msg.to));
  }

  /** A message's handle, found by its id (named for assistive technology when placed). */
  private makeHandle(msg: Message): HTMLButtonElement {
    const b = handleTemplate().cloneNode() as HTMLButtonElement;
    b.dataset.messageId = String(msg.id);
    b.dataset.messageType = msg.type;
    b.dataset.messageFrom = String(msg.from);
    b.dataset.messageTo = String(msg.to);
    return b;
  }
}

/** How much of a timer's or a bar's time is left, 0 to 1. */
const leftOf = (ring: { remainingMs: number; totalMs: number }): number => Math.max(0, Math.min(1, ring.remainingMs / ring.totalMs));

/** The messages whose label is drawn (few enough to read, none over another or a node), or null. */
function labelledOf(placed: readonly PlacedMessage[], s: Drawing): Set<number> | null {
  if (placed.length > MAX_LABELLED_MESSAGES) return null;
  // a shape's box: its radius (presenter mode's scale with it), and the widest outline's half (a selected message's, 3 px)
  const scale = s.present ? PRESENT_DOT_SCALE : 1;
  return labelsWithoutOverlap(placed.map((p) => {
    const look = messageLook(s.view, p.msg, s.m);
    return { id: p.msg.id, x: p.x, y: p.y, text: look.label, glyph: scale * (MESSAGE_RADIUS * shapeReach(shapeOf(look.category)) + 1.5) };
  }), s.pos, s.r, s.r + labelRoom(s.present), s.present);
}

let template: HTMLButtonElement | null = null;
/** What every handle has in common: cloned, not built attribute by attribute (dozens a second while playing). */
function handleTemplate(): HTMLButtonElement {
  if (!template) {
    template = document.createElement('button');
    template.type = 'button';
    template.className = 'message-handle';
    template.tabIndex = -1;
    template.setAttribute('aria-haspopup', 'menu');
  }
  return template;
}

/** The message whose handle an event came from (its listeners are on the handles' layer). */
function handleId(e: Event): number | null {
  const b = e.target instanceof Element ? e.target.closest<HTMLElement>('.message-handle') : null;
  return b?.dataset.messageId ? Number(b.dataset.messageId) : null;
}

const sameSettings = (a: Settings, b: Settings): boolean => a.pos === b.pos && a.r === b.r && a.width === b.width &&
  a.height === b.height && a.present === b.present && a.selected === b.selected && a.theme === b.theme && a.m === b.m;

/**
 * Draws the moving layer into the three places the cluster view keeps for it (the canvas under
 * the nodes, an SVG layer between the links and the nodes, the handles over everything) on every
 * moment shown, and again when the layout or the page's settings change.
 */
export function useMovingLayer(slots: { canvas: RefObject<HTMLElement | null>; svg: RefObject<SVGSVGElement | null>; handles: RefObject<HTMLElement | null> },
  props: MovingProps): void {
  const store = useAppStoreApi();
  const { m } = useI18n();
  const layer = useRef<MovingLayer | null>(null);
  const latest = useRef<Settings | null>(null);
  const drawn = useRef<Settings | null>(null);
  latest.current = { ...props, m };
  useLayoutEffect(() => {
    const l = new MovingLayer(slots.canvas.current!, slots.svg.current!, slots.handles.current!);
    layer.current = l;
    const draw = (shown: Frame, refresh = true) => { drawn.current = latest.current!; l.draw(shown.sim, latest.current!, shown.playing, refresh); };
    draw(store.getState().frame);
    // while playing, the handles follow on the frames on which the panels take their turn (also
    // in a stretch without events: a slow run's dots still move), and when a moment is published
    // otherwise (a breakpoint, a violation). Moved on a frame of their own, the handles made a
    // second heavy frame in every thirty, and the two set the 9-node run's 95th percentile.
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame === prev.frame) return;
      draw(s.frame, s.frame.refresh || s.details !== prev.details || !prev.frame.playing);
    });
    return () => { unsubscribe(); l.dispose(); layer.current = null; };
  }, [store, slots.canvas, slots.svg, slots.handles]);
  // a new layout, selection, language or theme: draw again (the store's moments are drawn above)
  useLayoutEffect(() => {
    if (layer.current && drawn.current && !sameSettings(drawn.current, latest.current!)) {
      drawn.current = latest.current!;
      const { frame } = store.getState();
      layer.current.draw(frame.sim, latest.current!, frame.playing);
    }
  });
}
