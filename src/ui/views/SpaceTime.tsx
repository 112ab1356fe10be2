/**
 * The space-time (Lamport) diagram: one lane per node, an arrow per message from its send to its
 * delivery, crashes and partitions marked. Its right edge is the moment shown, so it scrolls with
 * the clock and jumps with the scrubber. Click an arrow to inspect the message.
 *
 * Finished arrows only change when an event happens: they are drawn once in absolute time and
 * slid by a transform each frame. Only messages still in flight are redrawn per frame.
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { scalePoint } from 'd3-scale';
import type { Simulation } from '../../sim/engine';
import type { Timeline } from '../../sim/timeline';
import type { TraceRecord } from '../../sim/trace';
import type { Message } from '../../sim/types';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageLook } from '../protocols/types';
import { useApp, useAppStoreApi, useSimAtEvent } from '../state/context';
import { HOLD_LATENCY_MS, selectSelection, type AppState } from '../state/store';

const selectTimeline = (s: AppState) => s.timeline;
const MARGIN = { left: 36, right: 10, top: 8, bottom: 16 };
/** Most finished arrows drawn; older ones in the window are left off. */
const MAX_ARROWS = 800;

/** How much virtual time the diagram spans: a dozen flights, within sensible bounds. */
export function windowFor(sim: Simulation): number {
  const latency = sim.network.settings.latency.max;
  return latency >= HOLD_LATENCY_MS ? 1000 : Math.min(4000, Math.max(300, latency * 10));
}

/** Height (px) of a row of fault labels; labels that would overlap go one row up. */
const FAULT_LABEL_ROW = 11;

/** Rough width (px) of a 10px label: CJK characters are square, Latin ones about 6 px. */
const labelWidth = (text: string): number => [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 10 : 6), 0);

/**
 * Rows for fault labels (Partition, Heal) so that none covers another: each label takes the
 * lowest row where it does not overlap a label already placed (faults at one moment stack up).
 */
export function stackLabels<T extends { x: number; text: string }>(labels: T[]): (T & { row: number })[] {
  const rowEnds: number[] = [];
  return [...labels].sort((a, b) => a.x - b.x).map((l) => {
    let row = 0;
    while (row < rowEnds.length && rowEnds[row] > l.x) row++;
    rowEnds[row] = l.x + 3 + labelWidth(l.text) + 4;
    return { ...l, row };
  });
}

interface Finished { msg: Message; end: number; delivered: boolean }
interface Scan { finished: Finished[]; faults: TraceRecord[] }

/**
 * Messages finished (delivered or dropped) and faults in the window ending at the last event.
 * Read newest first from the trace's columns, so only the records drawn are rebuilt whole.
 */
function scan(timeline: Timeline, sim: Simulation, events: number, windowMs: number): Scan {
  const trace = timeline.trace;
  const start = sim.timeMs - windowMs;
  const finished: Finished[] = [];
  const faults: TraceRecord[] = [];
  for (let i = trace.countUpToEvent(events) - 1, first = trace.firstAtTime(start); i >= first; i--) {
    const kind = trace.kind(i);
    if ((kind === 'deliver' || kind === 'drop') && finished.length < MAX_ARROWS) {
      const r = trace.at(i);
      finished.push({ msg: r.msg!, end: r.time, delivered: kind === 'deliver' });
    } else if (kind === 'fault' && !trace.ignored(i)) faults.push(trace.at(i));
  }
  return { finished: finished.reverse(), faults: faults.reverse() };
}

/** Where the strips are drawn from at `timeMs`: moves once per window, so the arrows are redrawn that rarely. */
const baseAt = (timeMs: number, windowMs: number): number => Math.floor(Math.max(0, timeMs - windowMs) / windowMs) * windowMs;
/** How often the panels take a moment while playing, before a first interval is measured (ms; PlaybackDriver.tsx). */
const REFRESH_GUESS_MS = 500;
const slide = (px: number): string => `translateX(${px}px)`;

/**
 * Redrawn when an event is published or the window moves on; as the clock runs, only the strip's
 * and the future panel's transforms and the now line move, written straight to the DOM by a store
 * subscription (no React work per frame), and while the run plays, only when the panels refresh.
 */
export function SpaceTime() {
  const { m } = useI18n();
  const { sim, events } = useSimAtEvent(1);
  const selection = useApp(selectSelection);
  const timeline = useApp(selectTimeline);
  // the window and its base of the moment the diagram shows, one frame behind a click as its arrows
  // are: a click's own frame then has no arrow of the diagram to move (the strip's transform still
  // follows it). A scrubber move (20 traced, 3 rounds): script 7-9 -> 5.4-5.6 ms, its frame
  // 6.8-8.5 -> 6.1-6.4 ms
  const windowMs = windowFor(sim);
  const base = baseAt(sim.timeMs, windowMs);
  const store = useAppStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  const future = useRef<HTMLDivElement>(null);
  const nowLine = useRef<SVGLineElement>(null);
  const [size, setSize] = useState({ w: 600, h: 160 });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: Math.max(200, el.clientWidth), h: Math.max(80, el.clientHeight) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const k = (size.w - MARGIN.left - MARGIN.right) / windowMs;
  // x on a strip: time from the strip's base
  const xs = (t: number) => (t - base) * k;
  const stripEnd = base + 3 * windowMs;
  const ids = sim.nodeIds;
  const lane = useMemo(() => scalePoint<number>().domain(ids).range([MARGIN.top, size.h - MARGIN.bottom]).padding(0.5), [ids, size.h]);
  const laneY = (id: number) => lane(id) ?? 0;
  const data = useMemo(() => scan(timeline, sim, events, windowMs), [timeline, sim, events, windowMs]);
  const selectedId = selection?.kind === 'message' ? selection.id : null;
  const arrows = data.finished.length + sim.inFlight.size;
  const wasCrowded = useRef(false);
  const crowded = arrows > MAX_HIT_LINES || (wasCrowded.current && arrows > HIT_LINES_AGAIN);
  wasCrowded.current = crowded;
  const select = useCallback((id: number) => store.getState().select({ kind: 'message', id }), [store]);

  // paused: the strip and the future panel slide, and the now line moves (in the first window), to
  // the moment shown. Playing: on each refresh of the panels they are set gliding, by the
  // compositor, to where the clock will be at the next one (at the speed and the interval between
  // refreshes seen so far), so that no frame in between writes to the page; at speeds where that
  // would be more than a third of the window, each refresh shows its own window, still.
  useLayoutEffect(() => {
    let lastRefresh = 0;
    let gliding: Animation[] = [];
    const at = (now: number) => {
      const start = Math.max(0, now - windowMs);
      return { strip: slide(-(start - base) * k), future: slide((now - start) * k), line: slide(MARGIN.left + (now - start) * k) };
    };
    const place = (p: ReturnType<typeof at>) => {
      if (strip.current) strip.current.style.transform = p.strip;
      if (future.current) future.current.style.transform = p.future;
      if (nowLine.current) nowLine.current.style.transform = p.line;
    };
    const glide = (from: ReturnType<typeof at>, to: ReturnType<typeof at>, ms: number) => {
      const pairs = [[strip.current, from.strip, to.strip], [future.current, from.future, to.future], [nowLine.current, from.line, to.line]] as const;
      for (const [el, a, b] of pairs) {
        if (el && a !== b && typeof el.animate === 'function') gliding.push(el.animate([{ transform: a }, { transform: b }], { duration: ms, easing: 'linear' }));
      }
    };
    const stop = () => { for (const a of gliding) a.cancel(); gliding = []; };
    const follow = (s: AppState, prev?: AppState) => {
      if (!s.frame.playing) {
        stop();
        lastRefresh = 0;
        place(at(s.frame.timeMs));
        return;
      }
      const t = performance.now();
      // on the panels' turn (Frame.refresh), not on a clock of its own: a frame rate below 60 Hz
      // (a slow machine) made that clock run out a few frames before the panels' turn, and each
      // glide set up is a frame's style pass of its own (4x slowed CPU: 17-28 ms against 7)
      const refreshed = !prev || !prev.frame.playing || s.details !== prev.details || s.frame.refresh;
      if (!refreshed) return;
      stop();
      const interval = lastRefresh > 0 ? Math.min(1000, Math.max(16, t - lastRefresh)) : REFRESH_GUESS_MS;
      lastRefresh = t;
      const ahead = s.speed * interval;
      // faster than a third of the window per refresh, a glide would slide the arrows out of view
      // before the next refresh brings new ones: the diagram shows each refresh's window instead
      // (and no animation runs, which costs the page a style pass every frame)
      if (ahead > windowMs / 3) {
        place(at(s.frame.timeMs));
        return;
      }
      const from = at(s.frame.timeMs);
      const to = at(s.frame.timeMs + ahead);
      // where each comes to rest, the glide running from the moment shown to it
      place(to);
      glide(from, to, interval);
    };
    follow(store.getState());
    const unsubscribe = store.subscribe(follow);
    return () => { unsubscribe(); stop(); };
  }, [store, base, k, windowMs]);

  // down intervals: walk the faults back from the last event to know who was down at the window's start
  const upAtStart = sim.up.slice();
  for (let i = data.faults.length - 1; i >= 0; i--) {
    const f = data.faults[i];
    if (f.what === 'crash') upAtStart[f.node] = true;
    else if (f.what === 'restart') upAtStart[f.node] = false;
  }
  // on the strip, a node still down is drawn to the strip's end: the future panel hides what lies past now
  const downBars: { node: number; from: number; to: number }[] = [];
  for (const id of ids) {
    let downSince: number | null = upAtStart[id] ? null : base;
    for (const f of data.faults) {
      if (f.node !== id) continue;
      if (f.what === 'crash') downSince = f.time;
      else if (f.what === 'restart' && downSince !== null) { downBars.push({ node: id, from: downSince, to: f.time }); downSince = null; }
    }
    if (downSince !== null) downBars.push({ node: id, from: downSince, to: stripEnd });
  }

  return (
    <div className="space-time" ref={box}>
      <svg width={size.w} height={size.h} role="img" aria-label={m.spaceTimeTitle}>
        <defs>
          <marker id="st-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto">
            <path d="M0,0L10,5L0,10z" className="st-head" />
          </marker>
        </defs>
        {ids.map((id) => (
          <g key={id} className="lane">
            <line x1={MARGIN.left} x2={size.w - MARGIN.right} y1={laneY(id)} y2={laneY(id)} className="lane-line" />
            <text x={4} y={laneY(id) + 4} className="lane-name">{m.nodeName(id)}</text>
          </g>
        ))}
        <line ref={nowLine} className="now-line" x1={0} x2={0} y1={0} y2={size.h} />
      </svg>
      {/* Down bars, faults and arrows are drawn from a base time that moves once per window; the
          strip slides by a CSS transform in its own layer, so they are not redrawn as the clock runs. */}
      <div className="st-viewport" style={{ left: MARGIN.left, width: size.w - MARGIN.left - MARGIN.right, height: size.h }}>
        <div className="st-strip" ref={strip}>
          <svg width={3 * windowMs * k} height={size.h}>
            <g className="st-faults">
              {downBars.map((d, i) => (
                <rect key={i} className="lane-down" x={xs(Math.max(base, d.from))} width={Math.max(2, xs(d.to) - xs(Math.max(base, d.from)))}
                  y={laneY(d.node) - 4} height={8} />
              ))}
              {stackLabels(data.faults.filter((f) => f.what === 'partition' || f.what === 'heal').map((f) => ({
                what: f.what as string, x: xs(f.time), text: f.what === 'partition' ? m.partition : m.heal,
              }))).map((f, i) => (
                <g key={i} className={`fault-mark fault-${f.what}`}>
                  <line x1={f.x} x2={f.x} y1={0} y2={size.h - MARGIN.bottom + 4} />
                  <text x={f.x + 3} y={size.h - 3 - f.row * FAULT_LABEL_ROW}>{f.text}</text>
                </g>
              ))}
            </g>
            <g>
              <Arrows finished={data.finished} sim={sim} events={events} k={k} base={base} laneY={lane} selectedId={selectedId}
                onSelect={select} m={m} crowded={crowded} />
            </g>
          </svg>
        </div>
        {/* the future is hidden behind a plain panel, so the arrows need no clipping (and no redraw) */}
        <div className="st-future" ref={future} />
      </div>
    </div>
  );
}

/** One arrow; unchanged arrows skip re-rendering when the window's content is refreshed. */
const Arrow = memo(function Arrow({ id, x1, y1, x2, y2, className, head, hit, dropped, onSelect, crossMark }: {
  id: number; x1: number; y1: number; x2: number; y2: number; className: string; head: boolean; hit: boolean;
  dropped: boolean; onSelect: (id: number) => void; crossMark: string;
}) {
  return (
    <g data-arrow-id={id} className={className} onClick={() => onSelect(id)}>
      <line x1={x1} y1={y1} x2={x2} y2={y2} markerEnd={head ? 'url(#st-head)' : undefined} />
      {hit && <line className="arrow-hit" x1={x1} y1={y1} x2={x2} y2={y2} />}
      {dropped && <text x={x2} y={y2 + 4} className="arrow-drop">{crossMark}</text>}
    </g>
  );
});

/** Few enough arrows to give each a wide invisible line that is easy to click (and a head). */
const MAX_HIT_LINES = 150;
/** ...and once past that, back under this many before they get them again: a count hovering at the
 *  limit would otherwise add and remove every arrow's hit line on each refresh. */
const HIT_LINES_AGAIN = 100;

/**
 * Every arrow in the window: finished messages (delivered or dropped) and those still on the wire,
 * drawn whole to where they will arrive (the panel over the future reveals them as time runs, so
 * they need no redrawing between events). One list keyed by message id, so a message that lands
 * updates its arrow rather than making a new one.
 */
const Arrows = memo(function Arrows({ finished, sim, k, base, laneY, selectedId, onSelect, m, crowded }: {
  finished: Finished[]; sim: Simulation; events: number; k: number; base: number; laneY: (id: number) => number | undefined;
  selectedId: number | null; onSelect: (id: number) => void; m: Messages; crowded: boolean;
}) {
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const out = [];
  for (const { msg, end, delivered } of finished) {
    const look = messageLook(view, msg, m);
    out.push(
      <Arrow key={msg.id} id={msg.id} x1={(msg.sentAt / 1000 - base) * k} y1={laneY(msg.from) ?? 0}
        x2={(end - base) * k} y2={laneY(msg.to) ?? 0}
        className={`arrow cat-${look.category}${delivered ? '' : ' is-dropped'}${msg.id === selectedId ? ' is-selected' : ''}`}
        head={delivered && !crowded} hit={!crowded} dropped={!delivered} onSelect={onSelect} crossMark={m.crossMark} />,
    );
  }
  for (const msg of sim.messagesInFlight()) {
    const sent = msg.sentAt / 1000;
    const held = msg.deliverAt / 1000 - sent >= HOLD_LATENCY_MS;
    const arrive = held ? sent + 10 / k : msg.deliverAt / 1000;
    const look = messageLook(view, msg, m);
    const y1 = laneY(msg.from) ?? 0;
    const y2 = held ? y1 + ((laneY(msg.to) ?? 0) - y1) * 0.25 : laneY(msg.to) ?? 0;
    out.push(
      <Arrow key={msg.id} id={msg.id} x1={(sent - base) * k} y1={y1} x2={(arrive - base) * k} y2={y2}
        className={`arrow arrow-flying cat-${look.category}${msg.id === selectedId ? ' is-selected' : ''}`}
        head={false} hit={!crowded} dropped={false} onSelect={onSelect} crossMark={m.crossMark} />,
    );
  }
  return <>{out}</>;
});
