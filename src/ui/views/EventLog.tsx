/**
 * Every trace record up to the moment shown, with its plain-language reason. Only the rows in
 * view are rendered (fixed row height), so a run with a hundred thousand records stays fast.
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { explainRecord, type Lang } from '../../protocols/explain';
import type { TraceKind, TraceRecord } from '../../sim/trace';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi, useSimAtEvent } from '../state/context';
import { selectScenario, type AppState } from '../state/store';
import { formatTime } from './format';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;
const KINDS: TraceKind[] = ['send', 'deliver', 'drop', 'timer', 'fault', 'request', 'note', 'violation'];
const selectTimeline = (s: AppState) => s.timeline;

export function EventLog() {
  const { m, lang } = useI18n();
  const frame = useSimAtEvent(1);
  const timeline = useApp(selectTimeline);
  const scenario = useApp(selectScenario);
  const store = useAppStoreApi();
  const [node, setNode] = useState(0);
  const [kind, setKind] = useState<TraceKind | ''>('');
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);
  const follow = useRef(true);
  /** The record whose whole reason is spelled out under the list: hovered, focused, or the newest. */
  const [pointed, setPointed] = useState<number | null>(null);

  const trace = timeline.trace;
  const total = trace.countUpToEvent(frame.events);
  // filtered from the trace's columns: no record is rebuilt for rows out of view
  const rows = useMemo(() => {
    if (!node && !kind) return null; // identity: rows are records 0 .. total
    const out: number[] = [];
    for (let i = 0; i < total; i++) {
      if (node && !trace.involves(i, node)) continue;
      if (kind && trace.kind(i) !== kind) continue;
      out.push(i);
    }
    return out;
  }, [trace, trace.version, total, node, kind]);
  const count = rows ? rows.length : total;

  const sizer = useRef<HTMLDivElement>(null);
  // the height comes from a ResizeObserver, never read during playback (that would force a layout);
  // following the newest record, the scroll position is written there too: after the browser's own
  // layout, when the list grew, it costs none (written in a layout effect, it forced a layout of
  // the page in every frame that added a record)
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !sizer.current) return;
    const ro = new ResizeObserver(() => {
      setHeight(el.clientHeight);
      if (follow.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    ro.observe(sizer.current);
    return () => ro.disconnect();
  }, []);
  // following the newest record, the rows in view are the last ones: known without reading the DOM
  const top = follow.current ? Math.max(0, count * ROW_HEIGHT - height) : scrollTop;

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const visible: { index: number; top: number }[] = [];
  for (let i = first; i < last; i++) visible.push({ index: rows ? rows[i] : i, top: i * ROW_HEIGHT });
  const point = useCallback((index: number | null) => setPointed(index), []);
  const shown = pointed !== null && pointed < total ? pointed : total - 1;
  const jump = useCallback((r: TraceRecord) => {
    store.getState().seek(r.time);
    if (r.msg) store.getState().select({ kind: 'message', id: r.msg.id });
    else if (r.node) store.getState().select({ kind: 'node', id: r.node });
  }, [store]);

  return (
    <div className="event-log">
      <div className="event-log-filters">
        <label>{m.filterNode}
          <select value={node} onChange={(e) => setNode(Number(e.target.value))}>
            <option value={0}>{m.all}</option>
            {frame.sim.nodeIds.map((id) => <option key={id} value={id}>{m.nodeName(id)}</option>)}
          </select>
        </label>
        <label>{m.filterKind}
          <select value={kind} onChange={(e) => setKind(e.target.value as TraceKind | '')}>
            <option value="">{m.all}</option>
            {KINDS.map((k) => <option key={k} value={k}>{m[`kind_${k}`]}</option>)}
          </select>
        </label>
        {/* the log counts trace records (an event writes one or more), not the top bar's events */}
        <span className="event-log-count" title={m.recordCountTitle}>{m.recordCount(count, total)}</span>
      </div>
      <div className="event-log-scroll" ref={scroller} role="log" aria-label={m.eventLogTitle}
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
          // while following, the rows in view come from the count (above)
          if (!follow.current) setScrollTop(el.scrollTop);
        }}>
        {count === 0 && <p className="empty">{total === 0 ? m.emptyLog : m.noRecordMatches}</p>}
        <div ref={sizer} style={{ height: count * ROW_HEIGHT, position: 'relative' }}>
          {visible.map(({ index, top }) => (
            <EventRow key={index} index={index} record={trace.at(index)} top={top} protocol={scenario.protocol} lang={lang} kindLabel={m[`kind_${trace.kind(index)}`]} onJump={jump} onPoint={point} />
          ))}
        </div>
      </div>
      {shown >= 0 && (
        // a long reason scrolls inside its four lines: a tab stop, so the keys can scroll it too
        <p className="event-log-reason" data-testid="event-reason" tabIndex={0}>
          <span className="event-time">{formatTime(trace.time(shown))}</span> {explainRecord(scenario.protocol, trace.at(shown), lang)}
        </p>
      )}
    </div>
  );
}

/** One record; keyed by its place in the trace, so scrolling moves rows instead of rewriting them. */
const EventRow = memo(function EventRow({ index, record: r, top, protocol, lang, kindLabel, onJump, onPoint }: {
  index: number; record: TraceRecord; top: number; protocol: string; lang: Lang; kindLabel: string;
  onJump: (r: TraceRecord) => void; onPoint: (index: number | null) => void;
}) {
  const text = explainRecord(protocol, r, lang);
  return (
    <button type="button" className={`event-row kind-${r.kind}`} style={{ top, height: ROW_HEIGHT }} title={text}
      onClick={() => onJump(r)} onMouseEnter={() => onPoint(index)} onMouseLeave={() => onPoint(null)}
      onFocus={() => onPoint(index)} onBlur={() => onPoint(null)}>
      <span className="event-time">{formatTime(r.time)}</span>
      <span className="event-kind">{kindLabel}</span>
      <span className="event-text">{text}</span>
    </button>
  );
});
