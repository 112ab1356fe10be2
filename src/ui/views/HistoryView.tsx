/**
 * The history view, in the manner of Porcupine's visualizer: one lane per client, each operation a
 * bar from its call to its return (open-ended while unanswered), and the checker's account of it
 * (scenario/linearizability-account.ts): when the history is linearizable, a tick where each
 * operation takes effect, numbered in its key's order; when it is not, the smallest set of
 * operations that cannot be ordered, highlighted, with the reason in words. The verdict is the
 * checker's, on the same history the invariants panel reads.
 *
 * Only the operations called by the moment shown exist. The window over time follows the clock (or
 * frames the conflict when there is one) until the user zooms or scrolls it; only the operations
 * inside it are drawn, placed by percentages so the lanes need no measuring.
 */
import { useEffect, useLayoutEffect, useMemo, useState, type ReactElement, type WheelEvent } from 'react';
import { scaleOrdinal } from 'd3-scale';
import { TABLEAU10 } from '../palettes';
import type { Simulation } from '../../sim/engine';
import type { HistoryOp } from '../../scenario/linearizability';
import { accountForHistory, opLabel, type Conflict, type ConflictRole, type HistoryAccount } from '../../scenario/linearizability-account';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { useApp, useAppStoreApi, useSimAtEvent } from '../state/context';
import type { AppState } from '../state/store';
import { formatTime } from './format';
import { useSettled } from './settled';
import './history.css';

/** The window a run opens with, and the narrowest a zoom goes (virtual ms). */
const DEFAULT_SPAN = 1000;
const MIN_SPAN = 20;
/** A conflict's bar narrower than this (px) has its words over it instead of inside. */
const FLAG_BELOW_PX = 80;
/** Most bars drawn at once: past this the latest are kept (zoom in for the rest). */
const MAX_BARS = 1500;

const keyScale = scaleOrdinal<string, string>(TABLEAU10);

/** The account, with each operation's place in the history (entries are copied between moments). */
interface Checked { account: HistoryAccount; place: Map<HistoryOp, number> }
const checkHistoryOf = (sim: Simulation): Checked => {
  const history = sim.clientHistory;
  return { account: accountForHistory(history), place: new Map(history.map((o, i) => [o, i])) };
};

/** `auto`: follow the clock, or frame the conflict; `follow`: the last `span` ms; `fixed`: from t0 to t1. */
type Window = { kind: 'auto' } | { kind: 'follow'; span: number } | { kind: 'fixed'; t0: number; t1: number };

/** Does this run have key-value clients (the history view's subject)? */
export const selectHasKvClients = (s: AppState): boolean => !!s.scenario.workload && s.scenario.workload.kind !== 'lock';
const selectHistory = (s: AppState): boolean => s.view.history === true;
const selectStepShowsHistory = (s: AppState): boolean => s.lesson?.lesson.steps[s.lesson.step]?.show?.includes('history') ?? false;

/** The toolbar's switch for the view (on runs with kv clients); the address bar carries it as `&history=1`. */
export function HistoryToggle() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const open = useApp(selectHistory);
  if (!useApp(selectHasKvClients)) return null;
  return (
    <button type="button" className="drawer-toggle" aria-pressed={open} title={m.historyViewToggleHint}
      onClick={() => store.getState().setView({ history: !open })}>{m.historyViewToggle}</button>
  );
}

/** A lesson step that declares `show: ['history']` opens the view when it begins (the learner may close it). */
export function useStepOpensHistory(): void {
  const store = useAppStoreApi();
  const shows = useApp(selectStepShowsHistory);
  const step = useApp((s: AppState) => s.lesson && `${s.lesson.lesson.id}#${s.lesson.step}`);
  useEffect(() => {
    if (shows && store.getState().view.history !== true) store.getState().setView({ history: true });
  }, [shows, step, store]);
}

export function HistoryView() {
  const { m, lang } = useI18n();
  const sim = useSimAtEvent().sim;
  const hasClients = useApp(selectHasKvClients);
  const checked = useSettled(sim, checkHistoryOf);
  const [win, setWin] = useState<Window>({ kind: 'auto' });
  const [onlyKey, setOnlyKey] = useState<string | null>(null);
  const [tracks, trackWidth, trackEl] = useWidth();
  useFlagsApart(trackEl);
  const history = sim.clientHistory;
  const now = sim.timeMs;

  const conflict = useMemo(() => firstConflict(checked), [checked]);
  // the conflict's operations by their place in the history (the moment shown may hold copies)
  const roles = useMemo(() => {
    const out = new Map<number, ConflictRole>();
    conflict?.ops.forEach((o, i) => out.set(checked!.place.get(o)!, conflict.roles[i]));
    return out;
  }, [conflict, checked]);

  if (!hasClients) return <p className="history-empty" data-testid="history-view">{m.historyViewNoWorkload}</p>;

  const [t0, t1] = windowAt(win, now, conflict);
  const span = t1 - t0;
  const x = (t: number): string => `${(((t - t0) / span) * 100).toFixed(3)}%`;
  // (a loop, not a spread: a long run's history is more arguments than a call may take)
  let clients = sim.scenario.workload?.clients ?? 0;
  const keySet = new Set<string>();
  for (const o of history) { if (o.client > clients) clients = o.client; keySet.add(o.key); }
  const keys = [...keySet];
  const shownKey = onlyKey !== null && keys.includes(onlyKey) ? onlyKey : null;

  // the bars inside the window (history is in call order)
  const bars: number[] = [];
  for (let i = 0; i < history.length && history[i].call <= t1; i++) {
    const o = history[i];
    if ((o.return ?? now) >= t0 && (shownKey === null || o.key === shownKey)) bars.push(i);
  }
  const drawn = bars.length > MAX_BARS ? bars.slice(-MAX_BARS) : bars;
  const lane = (client: number): number => client - 1;
  const laneY = (client: number): string => `${(((lane(client) + 0.5) / clients) * 100).toFixed(3)}%`;

  const verdict = checked?.account.verdict.linearizable;
  const state = checked === null ? 'checking' : verdict === true ? 'true' : verdict === false ? 'false' : 'unknown';
  const opCount = checked?.account.keys.reduce((n, k) => n + k.points.length, 0) ?? 0;
  const zoom = (factor: number) => {
    const center = (t0 + t1) / 2;
    const next = Math.min(Math.max(span * factor, MIN_SPAN), Math.max(now, MIN_SPAN));
    const end = Math.min(Math.max(center + next / 2, next), Math.max(now, MIN_SPAN));
    setWin({ kind: 'fixed', t0: end - next, t1: end });
  };
  const onWheel = (e: WheelEvent) => {
    // the page scrolls as usual; with Ctrl (or a pinch) the wheel zooms, sideways or with Shift it pans
    if (e.ctrlKey || e.metaKey) zoom(e.deltaY > 0 ? 1.25 : 0.8);
    else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const shift = ((e.shiftKey ? e.deltaY : e.deltaX) / 400) * span;
      const end = Math.min(Math.max(t1 + shift, span), Math.max(now, span));
      setWin({ kind: 'fixed', t0: end - span, t1: end });
    }
  };

  return (
    <div className="history-view" data-testid="history-view" data-verdict={state} data-window={`${Math.round(t0)}-${Math.round(t1)}`}>
      <div className="history-head">
        <p className="history-verdict" data-testid="history-verdict" data-linearizable={state} role="status">
          {state === 'checking' ? m.historyViewChecking : state === 'true' ? m.historyViewOk(opCount)
            : state === 'false' ? m.historyViewBroken : m.historyViewUnknown}
        </p>
        <div className="history-controls">
          {keys.length > 1 && (
            <label className="history-key">
              <span>{m.historyViewKey}</span>
              <select value={shownKey ?? ''} onChange={(e) => setOnlyKey(e.target.value || null)}>
                <option value="">{m.historyViewAllKeys}</option>
                {keys.map((k) => <option key={k} value={k}>{k}</option>)}
              </select>
            </label>
          )}
          <button type="button" onClick={() => zoom(0.5)} aria-label={m.historyViewZoomIn} title={m.historyViewZoomIn}>+</button>
          <button type="button" onClick={() => zoom(2)} aria-label={m.historyViewZoomOut} title={m.historyViewZoomOut}>−</button>
          <button type="button" onClick={() => setWin({ kind: 'follow', span: Infinity })}>{m.historyViewWhole}</button>
          <button type="button" aria-pressed={win.kind === 'follow' || (win.kind === 'auto' && !conflict)}
            onClick={() => setWin({ kind: 'follow', span })}>{m.historyViewFollow}</button>
          {conflict && <button type="button" onClick={() => setWin({ kind: 'auto' })}>{m.historyViewShowConflict}</button>}
        </div>
      </div>
      {conflict && (
        <div className="history-explanation" data-testid="history-explanation" data-kind={conflict.kind}>
          <p><strong>{m.historyViewWhy}:</strong> {conflict.reason[lang]}</p>
          <ul className="history-conflict-ops">
            {conflict.ops.map((o, i) => (
              <li key={i} data-conflict-role={conflict.roles[i]}>
                <span className="history-role">{roleText(m, conflict.roles[i])}</span>
                {' · '}{m.historyViewLane(o.client)}: {opLabel(o, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {history.length === 0 ? <p className="history-empty">{m.historyViewEmpty}</p> : (
        <div className="history-lanes" role="group" aria-label={m.historyViewLanes} onWheel={onWheel}
          style={{ gridTemplateRows: `repeat(${clients}, var(--history-lane))` }}>
          {Array.from({ length: clients }, (_, i) => (
            <span key={i} className="history-lane-name" style={{ gridRow: i + 1 }}>{m.historyViewLane(i + 1)}</span>
          ))}
          <div className="history-tracks" ref={tracks} style={{ gridRow: `1 / span ${clients}` }}>
            {Array.from({ length: clients }, (_, i) => (
              <div key={i} className="history-lane" data-history-lane={i + 1} style={{ top: `${(i / clients) * 100}%`, height: `${100 / clients}%` }} />
            ))}
            {drawn.map((i) => {
              const o = history[i];
              const role = roles.get(i);
              const end = o.return ?? now;
              const label = o.op === 'get' && o.return === null ? m.historyViewPendingGet(o.key) : opLabel(o, lang);
              const text = role ? `${roleText(m, role)}: ${label}` : label;
              // a conflict's operation too short for its words has them over it, running towards the side with room
              const px = ((Math.min(end, t1) - Math.max(o.call, t0)) / span) * trackWidth;
              // (a bar with room for a few words keeps them inside, cut short, so neighbouring flags do not collide)
              const flag = role !== undefined && px < Math.min(textWidth(text) + 8, FLAG_BELOW_PX) ? (o.call - t0 > t1 - end ? 'left' : 'right') : undefined;
              return (
                <span key={i} className="history-op" data-history-op={i} data-client={o.client} data-op={o.op}
                  data-pending={String(o.return === null)} data-conflict-role={role} data-flag={flag}
                  title={m.historyViewOpTitle(label, o.client, formatTime(o.call), o.return === null ? null : formatTime(o.return))}
                  style={{ left: x(Math.max(o.call, t0)), width: x(t0 + Math.max(Math.min(end, t1) - Math.max(o.call, t0), 0)),
                    top: `${(lane(o.client) / clients) * 100}%`, height: `${100 / clients}%`, ['--key' as string]: keyScale(o.key) }}>
                  <span className="history-op-bar">{flag ? '' : text}</span>
                  {flag && <span className="history-op-flag">{text}</span>}
                </span>
              );
            })}
            <Points checked={checked} t0={t0} t1={t1} x={x} laneY={laneY} lane={lane} clients={clients} shownKey={shownKey} m={m} lang={lang} />
          </div>
        </div>
      )}
      <input type="range" className="history-scroll" aria-label={m.historyViewScroll} min={Math.min(span, now)} max={Math.max(now, span)}
        step="any" value={t1} disabled={span >= now}
        onChange={(e) => {
          const end = Number(e.target.value);
          setWin(end >= now ? { kind: 'follow', span } : { kind: 'fixed', t0: end - span, t1: end });
        }} />
    </div>
  );
}

/** Each operation's part in a conflict, in words. */
const ROLE_TEXT: Record<ConflictRole, keyof Messages> = {
  write: 'historyViewRoleWrite', 'newer-write': 'historyViewRoleNewerWrite', 'stale-read': 'historyViewRoleStaleRead',
  'early-read': 'historyViewRoleEarlyRead', 'unwritten-read': 'historyViewRoleUnwrittenRead', read: 'historyViewRoleRead',
};
const roleText = (m: Messages, role: ConflictRole): string => m[ROLE_TEXT[role]] as string;

/** Rough width (px) of an 11px label: CJK characters are square, Latin ones about 6.5 px. */
const textWidth = (text: string): number => [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 12 : 6.5), 0);

/** An element's width in px, kept up to date. */
function useWidth(): [(el: HTMLDivElement | null) => void, number, HTMLDivElement | null] {
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width, el];
}

/** Least room (px) between two flags in one lane. */
const FLAG_GAP = 6;

/**
 * Flags in one lane that would run into each other (a client's read, then its stale read a little
 * later: both too short for their words) are moved apart after each render, keeping their order:
 * each is pushed right of the one before, and if the last then passes the lane's end, the row is
 * pushed back left, never past its start. Their text ran together into one phrase before.
 */
function useFlagsApart(tracks: HTMLDivElement | null): void {
  useLayoutEffect(() => {
    if (!tracks) return;
    const flags = [...tracks.querySelectorAll<HTMLElement>('.history-op-flag')];
    for (const f of flags) f.style.translate = '';
    if (flags.length < 2) return;
    const box = tracks.getBoundingClientRect();
    const lanes = new Map<string, { el: HTMLElement; left: number; width: number }[]>();
    for (const el of flags) {
      const lane = el.closest<HTMLElement>('.history-op')?.dataset.client ?? '';
      const b = el.getBoundingClientRect();
      const row = lanes.get(lane) ?? [];
      row.push({ el, left: b.left - box.left, width: b.width });
      lanes.set(lane, row);
    }
    for (const row of lanes.values()) {
      if (row.length < 2) continue;
      row.sort((a, b) => a.left - b.left);
      const at = row.map((f) => f.left);
      for (let i = 1; i < row.length; i++) at[i] = Math.max(at[i], at[i - 1] + row[i - 1].width + FLAG_GAP);
      const last = row.length - 1;
      at[last] = Math.max(0, Math.min(at[last], box.width - row[last].width));
      for (let i = last - 1; i >= 0; i--) at[i] = Math.max(0, Math.min(at[i], at[i + 1] - FLAG_GAP - row[i].width));
      row.forEach((f, i) => { if (Math.abs(at[i] - f.left) > 0.5) f.el.style.translate = `${(at[i] - f.left).toFixed(1)}px 0`; });
    }
  });
}

/** The ticks where operations take effect, with their order, joined per key by a thin line. */
function Points({ checked, t0, t1, x, laneY, lane, clients, shownKey, m, lang }: {
  checked: Checked | null; t0: number; t1: number; x: (t: number) => string; laneY: (c: number) => string;
  lane: (c: number) => number; clients: number; shownKey: string | null; m: Messages; lang: 'en' | 'zh';
}) {
  if (!checked) return null;
  const lines: ReactElement[] = [];
  const ticks: ReactElement[] = [];
  for (const k of checked.account.keys) {
    if (shownKey !== null && k.key !== shownKey) continue;
    const colour = keyScale(k.key);
    // the points in the window, and one either side so the line leaves it
    let first = k.points.findIndex((p) => p.at >= t0);
    if (first < 0) continue;
    first = Math.max(first - 1, 0);
    for (let i = first; i < k.points.length; i++) {
      const p = k.points[i];
      const prev = k.points[i - 1];
      if (prev && i > first) {
        lines.push(<line key={`${k.key}-${i}`} x1={x(prev.at)} y1={laneY(prev.op.client)} x2={x(p.at)} y2={laneY(p.op.client)} stroke={colour} />);
      }
      if (p.at > t1) break;
      if (p.at < t0) continue;
      ticks.push(
        <span key={`${k.key}-${p.order}`} className="history-point" data-linearization-point={p.order} data-key={k.key}
          data-history-op={checked.place.get(p.op)} title={m.historyViewPointTitle(opLabel(p.op, lang), k.key, p.order, formatTime(p.at))}
          style={{ left: x(p.at), top: `${(lane(p.op.client) / clients) * 100}%`, height: `${100 / clients}%`, ['--key' as string]: colour }}>
          <span className="history-point-order">{p.order}</span>
        </span>,
      );
    }
  }
  return (
    <>
      <svg className="history-order" aria-hidden="true">{lines}</svg>
      {ticks}
    </>
  );
}

/** The key that decided the verdict: its conflict, when it has one. */
function firstConflict(checked: Checked | null): Conflict | null {
  if (!checked || checked.account.verdict.linearizable !== false) return null;
  return checked.account.keys.find((k) => k.linearizable === false)?.conflict ?? null;
}

/** The window shown now, [t0, t1] in ms, within [0, now] (and at least MIN_SPAN wide). */
function windowAt(win: Window, now: number, conflict: Conflict | null): [number, number] {
  const end = Math.max(now, MIN_SPAN);
  if (win.kind === 'auto' && conflict) {
    const from = Math.min(...conflict.ops.map((o) => o.call));
    const to = Math.max(...conflict.ops.map((o) => o.return ?? now));
    const pad = Math.max((to - from) * 0.15, MIN_SPAN / 2);
    return [Math.max(from - pad, 0), to + pad];
  }
  if (win.kind === 'fixed') {
    const span = Math.min(win.t1 - win.t0, end);
    const t1 = Math.min(win.t1, end);
    return [Math.max(t1 - span, 0), Math.max(t1, span)];
  }
  const span = Math.min(win.kind === 'follow' ? win.span : DEFAULT_SPAN, end);
  return [end - span, end];
}
