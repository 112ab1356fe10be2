/**
 * The space-time (Lamport) diagram: one lane per node, an arrow per message from its send to its
 * delivery, crashes and partitions marked. Its right edge is the moment shown, so it scrolls with
 * the clock and jumps with the scrubber. Click an arrow to inspect the message.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { scaleLinear, scalePoint } from 'd3-scale';
import type { TraceRecord } from '../../sim/trace';
import type { Message } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { PROTOCOL_VIEWS } from '../protocols';
import { useApp, useAppStoreApi } from '../state/context';
import { HOLD_LATENCY_MS, selectFrame, selectSelection, type AppState } from '../state/store';

const selectTimeline = (s: AppState) => s.timeline;
const MARGIN = { left: 40, right: 12, top: 10, bottom: 18 };
/** Most arrows drawn; older ones in the window are left off. */
const MAX_ARROWS = 600;

/** First index of a record at or after `ms` (the trace is in time order). */
function firstAt(trace: readonly TraceRecord[], ms: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid].time < ms) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export function SpaceTime() {
  const { m } = useI18n();
  const frame = useApp(selectFrame);
  const selection = useApp(selectSelection);
  const timeline = useApp(selectTimeline);
  const store = useAppStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 600, h: 160 });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ w: Math.max(200, el.clientWidth), h: Math.max(100, el.clientHeight) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const sim = frame.sim;
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const now = frame.timeMs;
  const latencyMax = Math.min(sim.network.settings.latency.max, 2_000);
  const windowMs = Math.max(300, latencyMax * 12);
  // the window ends at the moment shown (or fills up from 0 at the start of a run)
  const start = Math.max(0, now - windowMs);
  const x = scaleLinear().domain([start, Math.max(now, windowMs)]).range([MARGIN.left, size.w - MARGIN.right]);
  const lane = scalePoint<number>().domain(sim.nodeIds).range([MARGIN.top, size.h - MARGIN.bottom]).padding(0.5);

  // scan the window (plus the longest flight before it) for sends, outcomes and faults
  const trace = timeline.trace;
  const from = firstAt(trace, start - latencyMax);
  const outcome = new Map<number, { time: number; delivered: boolean }>();
  const sends: Message[] = [];
  const faults: TraceRecord[] = [];
  for (let i = from; i < trace.length; i++) {
    const r = trace[i];
    if (r.event > frame.events) break;
    if (r.kind === 'send' && r.msg) sends.push(r.msg);
    else if ((r.kind === 'deliver' || r.kind === 'drop') && r.msg) outcome.set(r.msg.id, { time: r.time, delivered: r.kind === 'deliver' });
    else if (r.kind === 'fault' && r.time >= start && !r.data?.ignored) faults.push(r);
  }
  const arrows = sends.slice(-MAX_ARROWS);

  // down intervals: walk the faults back from the present to know who was down at the window start
  const upAtStart = sim.up.slice();
  for (let i = faults.length - 1; i >= 0; i--) {
    const f = faults[i];
    if (f.what === 'crash') upAtStart[f.node] = true;
    else if (f.what === 'restart') upAtStart[f.node] = false;
  }
  const downBars: { node: number; from: number; to: number }[] = [];
  for (const id of sim.nodeIds) {
    let downSince: number | null = upAtStart[id] ? null : start;
    for (const f of faults) {
      if (f.node !== id) continue;
      if (f.what === 'crash') downSince = f.time;
      else if (f.what === 'restart' && downSince !== null) { downBars.push({ node: id, from: downSince, to: f.time }); downSince = null; }
    }
    if (downSince !== null) downBars.push({ node: id, from: downSince, to: now });
  }

  return (
    <div className="space-time" ref={box}>
      <svg width={size.w} height={size.h} role="img" aria-label={m.spaceTimeTitle}>
        {sim.nodeIds.map((id) => (
          <g key={id} className="lane">
            <line x1={MARGIN.left} x2={size.w - MARGIN.right} y1={lane(id)} y2={lane(id)} className="lane-line" />
            <text x={4} y={(lane(id) ?? 0) + 4} className="lane-name">{m.nodeName(id)}</text>
          </g>
        ))}
        {downBars.map((d, i) => (
          <rect key={i} className="lane-down" x={x(Math.max(start, d.from))} width={Math.max(2, x(d.to) - x(Math.max(start, d.from)))}
            y={(lane(d.node) ?? 0) - 5} height={10} />
        ))}
        {faults.filter((f) => f.what === 'partition' || f.what === 'heal').map((f, i) => (
          <g key={i} className={`fault-mark fault-${f.what}`}>
            <line x1={x(f.time)} x2={x(f.time)} y1={MARGIN.top - 6} y2={size.h - MARGIN.bottom + 6} />
            <text x={x(f.time) + 3} y={size.h - 4}>{f.what === 'partition' ? m.partition : m.heal}</text>
          </g>
        ))}
        {arrows.map((msg) => {
          const end = outcome.get(msg.id);
          const held = msg.deliverAt - msg.sentAt >= HOLD_LATENCY_MS * 1000;
          const sent = msg.sentAt / 1000;
          const planned = msg.deliverAt / 1000;
          const endTime = end ? end.time : Math.min(now, planned);
          const span = planned - sent;
          const t = end ? 1 : held ? 0.3 : span > 0 ? Math.min(1, (now - sent) / span) : 1;
          const y1 = lane(msg.from) ?? 0;
          const y2 = lane(msg.to) ?? 0;
          const look = view.message(msg, m);
          const dropped = end ? !end.delivered : false;
          const x2 = x(held && !end ? sent : endTime);
          return (
            <g key={msg.id} className={`arrow cat-${look.category}${dropped ? ' is-dropped' : ''}${end ? '' : ' is-flying'}${selection?.kind === 'message' && selection.id === msg.id ? ' is-selected' : ''}`}
              data-arrow-id={msg.id} onClick={() => store.getState().select({ kind: 'message', id: msg.id })}>
              <line x1={x(sent)} y1={y1} x2={x2 + (held && !end ? 8 : 0)} y2={y1 + (y2 - y1) * t} markerEnd={dropped ? undefined : 'url(#st-head)'} />
              <line className="arrow-hit" x1={x(sent)} y1={y1} x2={x2} y2={y1 + (y2 - y1) * t} />
              {dropped && <text x={x2} y={y1 + (y2 - y1) * t + 4} className="arrow-drop">✕</text>}
            </g>
          );
        })}
        <line className="now-line" x1={x(now)} x2={x(now)} y1={0} y2={size.h} />
        <defs>
          <marker id="st-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto">
            <path d="M0,0L10,5L0,10z" className="st-head" />
          </marker>
        </defs>
      </svg>
    </div>
  );
}
