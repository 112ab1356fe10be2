/**
 * Compare mode (`&compare=<protocol>`): the run on screen and the same script on a second protocol
 * (src/scenario/compare.ts: same seed, nodes, network and faults), each cluster drawn, on one clock,
 * with the figures of both so far. The second run lives in a store of its own that follows the
 * first: it shows the same moment, and what is done to it (a crash from its menu) is done to the
 * run on screen, whose script the second one then replays.
 */
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { isProtocolName, PROTOCOL_NAMES, type ProtocolName } from '../../protocols/registry';
import { figuresOf, runNotingLeaders, withProtocol, type Figures, type LeaderChange, type Latency } from '../../scenario/compare';
import { createSimulation, DEFAULT_UNTIL } from '../../scenario/run';
import type { Scenario } from '../../sim/types';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { StoreContext, useApp, useAppStoreApi } from '../state/context';
import { createAppStore, selectScenario, selectView, type AppState } from '../state/store';
import { ClusterView } from './ClusterView';
import { formatTime } from './format';

/** A store for `protocol`'s run of the script on screen; what is done to it is done to the run on screen. */
function mirrorStore(left: StoreApi<AppState>, protocol: ProtocolName): StoreApi<AppState> {
  const l = left.getState();
  const store = createAppStore(withProtocol(l.scenario, protocol), l.frame.timeMs, l.view);
  // acts on the second cluster fork the run on screen, at the same moment
  store.setState({ act: (events) => left.getState().act(events) });
  return store;
}

/** Keep `right` on `left`'s script (on its own protocol), moment and view; returns the stop. */
function follow(left: StoreApi<AppState>, right: StoreApi<AppState>, protocol: ProtocolName): () => void {
  const sync = (s: AppState) => right.getState().load(withProtocol(s.scenario, protocol), s.frame.timeMs);
  sync(left.getState());
  return left.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario) sync(s);
    else if (s.frame.timeMs !== prev.frame.timeMs) right.getState().seek(s.frame.timeMs);
    if (s.view !== prev.view) right.getState().setView(s.view);
  });
}

/** When each run gained or lost a leader, up to `untilMs` (a fresh copy of the run, stepped). */
function useLeaderChanges(scenario: Scenario, nowMs: number): LeaderChange[] {
  const [reach, setReach] = useState(() => Math.max(scenario.until ?? DEFAULT_UNTIL, nowMs));
  useEffect(() => { if (nowMs > reach) setReach(nowMs + DEFAULT_UNTIL); }, [nowMs, reach]);
  return useMemo(() => runNotingLeaders(createSimulation(scenario), reach), [scenario, reach]);
}

/** A side's figures at the moment shown, recomputed when an event happens. */
function useFigures(store: StoreApi<AppState>): Figures {
  const scenario = useStore(store, selectScenario);
  const sim = useStore(store, (s) => s.details.sim);
  const events = useStore(store, (s) => s.details.events);
  const changes = useLeaderChanges(scenario, sim.timeMs);
  // the shown copy runs on in place: `events` marks that it changed
  return useMemo(() => figuresOf(sim, changes), [sim, events, changes]);
}

const ms = (m: Messages, v: number | null): string => (v === null ? m.compareNone : m.compareMs(formatTime(v)));
const median = (m: Messages, l: Latency | null): string => (l === null ? m.compareNone : m.compareMs(formatTime(l.medianMs)));

const ROWS: readonly [key: string, label: (m: Messages) => string, value: (f: Figures, m: Messages) => string][] = [
  ['messagesSent', (m) => m.compareMessages, (f) => String(f.messagesSent)],
  ['firstLeader', (m) => m.compareFirstLeader, (f, m) => ms(m, f.firstLeaderMs)],
  ['firstDecided', (m) => m.compareFirstDecided, (f, m) => ms(m, f.firstDecidedMs)],
  ['decided', (m) => m.compareDecided, (f) => String(f.decided)],
  ['requestLatency', (m) => m.compareRequestLatency, (f, m) => median(m, f.requestLatency)],
  ['clientLatency', (m) => m.compareClientLatency, (f, m) => median(m, f.clientLatency)],
  ['unavailable', (m) => m.compareUnavailable, (f, m) => ms(m, f.unavailableMs)],
  ['violations', (m) => m.compareViolations, (f) => String(f.violations.length)],
];

function FigureTable({ left, right }: { left: StoreApi<AppState>; right: StoreApi<AppState> }) {
  const { m } = useI18n();
  const sides = [useFigures(left), useFigures(right)] as const;
  return (
    <table className="compare-figures" aria-label={m.compareFigures}>
      <thead>
        <tr>
          <th scope="col"><span className="sr-only">{m.compareFigures}</span></th>
          {sides.map((f, i) => <th key={i} scope="col">{protocolLabel(f.protocol, m)}</th>)}
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([key, label, value]) => (
          <tr key={key}>
            <th scope="row">{label(m)}</th>
            {sides.map((f, i) => <td key={i} data-figure={key} data-side={i === 0 ? 'left' : 'right'}>{value(f, m)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const protocolLabel = (p: string, m: Messages): string => (isProtocolName(p) ? m[`protocol_${p}`] : p);

function Side({ side, theme }: { side: 'left' | 'right'; theme: string }) {
  const { m } = useI18n();
  const protocol = useApp(selectScenario).protocol;
  const title = protocolLabel(protocol, m);
  return (
    <section className="panel compare-side" aria-label={title} data-compare-side={side} data-protocol={protocol}>
      <h2 className="panel-title">{title}</h2>
      <div className="panel-body"><ClusterView theme={theme} /></div>
    </section>
  );
}

export function CompareStage({ protocol, theme }: { protocol: ProtocolName; theme: string }) {
  const { m } = useI18n();
  const left = useAppStoreApi();
  const right = useMemo(() => mirrorStore(left, protocol), [left, protocol]);
  useEffect(() => follow(left, right, protocol), [left, right, protocol]);
  return (
    <div className="compare" aria-label={m.compareLabel} role="group">
      <div className="compare-sides">
        <Side side="left" theme={theme} />
        <StoreContext.Provider value={right}><Side side="right" theme={theme} /></StoreContext.Provider>
      </div>
      <FigureTable left={left} right={right} />
    </div>
  );
}

/** The setup form's choice of a second protocol to run the same script on. */
export function CompareChoice() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const compare = useApp(selectView).compare ?? '';
  return (
    <label className="field field-stacked">
      <span>{m.compareWith}</span>
      <select name="compare" value={compare}
        onChange={(e) => store.getState().setView({ compare: isProtocolName(e.target.value) ? e.target.value : null })}>
        <option value="">{m.compareOff}</option>
        {PROTOCOL_NAMES.map((p) => <option key={p} value={p}>{m[`protocol_${p}`]}</option>)}
      </select>
      <small className="field-hint">{m.compareHint}</small>
    </label>
  );
}
