/**
 * "Find a failure": pick a teaching bug (or none) and a search, and a Web Worker looks for a run
 * that breaks an invariant while the page keeps animating. What it finds opens at once, shrunk,
 * at the moment it breaks: from "turn on a bug" to "watch it fail" in two clicks.
 */
import { useEffect, useRef, useState } from 'react';
import { PROTOCOLS } from '../../protocols/registry';
import { searchDepthFor, searchOptions, type FindProgress, type FindRequest, type FindResult } from '../../scenario/find-failure';
import type { FromWorker } from '../search/find.worker';
import { useI18n } from '../i18n/context';
import type { Messages, SearchBounds } from '../i18n/en';
import { CHECK_DEFAULTS } from '../../scenario/check';
import { useApp, useAppStoreApi } from '../state/context';
import { selectProtocol, selectScenario } from '../state/store';
import { closeLesson } from '../state/lesson';

type Method = FindRequest['method'];

type Status =
  | { state: 'idle' }
  | { state: 'running'; progress: FindProgress | null }
  | { state: 'done'; result: FindResult }
  | { state: 'stopped' }
  | { state: 'error'; message: string };

const DEFAULT_SEEDS = 200;
const MAX_SEEDS = 5000;
const DEFAULT_DEPTH = 8;
const MAX_DEPTH = 14;

const startWorker = (): Worker => new Worker(new URL('../search/find.worker.ts', import.meta.url), { type: 'module' });

export function FindFailure() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const protocol = useApp(selectProtocol);
  const scenarioBugs = useApp(selectScenario).bugs;
  const known = PROTOCOLS[protocol].bugs;
  const [picked, setPicked] = useState<string | null>(null);
  // the scenario's own bug until the user picks; a pick from another protocol counts as none
  const bug = picked !== null ? (known.includes(picked) ? picked : '') : (scenarioBugs?.find((b) => known.includes(b)) ?? '');
  // the exhaustive search by default: it finds a shortest failing run, and every bug's case is a
  // search of seconds (check-cases.ts)
  const [method, setMethod] = useState<Method>('exhaustive');
  const [seeds, setSeeds] = useState(DEFAULT_SEEDS);
  // null: the depth at which the picked bug's case finds it, until the user sets one
  const [chosenDepth, setDepth] = useState<number | null>(null);
  const depth = chosenDepth ?? searchDepthFor(protocol, bug, DEFAULT_DEPTH);
  const searched = searchOptions(protocol, bug ? [bug] : [], depth);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const worker = useRef<Worker | null>(null);

  const stopWorker = (): void => {
    worker.current?.terminate();
    worker.current = null;
  };
  useEffect(() => stopWorker, []);

  const start = (): void => {
    stopWorker();
    const bugs = bug ? [bug] : [];
    const request: FindRequest = method === 'fuzz'
      ? { method, protocol, bugs, seeds }
      : { method, protocol, bugs, depth };
    const w = startWorker();
    worker.current = w;
    setStatus({ state: 'running', progress: null });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (worker.current !== w) return;
      const msg = e.data;
      if (msg.type === 'progress') {
        setStatus({ state: 'running', progress: msg.progress });
        return;
      }
      stopWorker();
      if (msg.type === 'error') {
        setStatus({ state: 'error', message: msg.message });
        return;
      }
      setStatus({ state: 'done', result: msg.result });
      if (msg.result.found) {
        const s = store.getState();
        closeLesson(store);
        // the run says in the page's language how it was found (the CLI's meta names npm run check)
        const [what, how] = foundParts(msg.result, m);
        const meta = { ...msg.result.scenario.meta, title: m.findRunTitle(msg.result.seed !== null), description: m.findRunDescription(what, how) };
        s.load({ ...msg.result.scenario, meta }, msg.result.atMs);
        s.setLoadProblem(null);
        // on a phone the panel is far below the cluster: bring the found run into view
        const stage = document.querySelector('.stage');
        if (stage && stage.getBoundingClientRect().bottom < 0) stage.scrollIntoView({ block: 'start' });
      }
    };
    w.onerror = (e) => {
      if (worker.current !== w) return;
      stopWorker();
      setStatus({ state: 'error', message: e.message || 'worker error' });
    };
    w.postMessage(request);
  };

  const stop = (): void => {
    stopWorker();
    setStatus({ state: 'stopped' });
  };

  const running = status.state === 'running';
  const number = (n: number): string => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
  return (
    <div className="find-failure" data-find-state={findState(status)}>
      <p className="hint">{m.findIntro}</p>
      <label className="field field-wide">
        <span>{m.findBug}</span>
        <select value={bug} disabled={running} onChange={(e) => { setPicked(e.target.value); setDepth(null); }} data-testid="find-bug">
          <option value="">{m.findNoBug}</option>
          {known.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </label>
      <fieldset className="find-method" disabled={running}>
        <legend>{m.findMethod}</legend>
        {(['fuzz', 'exhaustive'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="find-method" value={k} checked={method === k} onChange={() => setMethod(k)} />
            {k === 'fuzz' ? m.findFuzz : m.findExhaustive}
          </label>
        ))}
      </fieldset>
      {method === 'fuzz'
        ? <NumberField label={m.findSeeds} value={seeds} max={MAX_SEEDS} disabled={running} onChange={setSeeds} testId="find-seeds" />
        : <NumberField label={m.findDepth} value={depth} max={MAX_DEPTH} disabled={running} onChange={setDepth} testId="find-depth" />}
      {method === 'exhaustive' && (
        <p className="hint" data-testid="find-bounds">{m.findSearchBounds(searched.nodes, bounded(searched), bug !== '')}</p>
      )}
      <div className="button-row">
        {running
          ? <button type="button" onClick={stop} data-testid="find-stop">{m.findStop}</button>
          : <button type="button" className="primary" onClick={start} data-testid="find-start">{m.findStart}</button>}
      </div>
      {running && <ProgressLine progress={status.progress} m={m} number={number} />}
      <p className="hint" role="status" data-testid="find-status">{statusText(status, m, number)}</p>
    </div>
  );
}

/** The bounds of a search, as the panel says them: what a path may do at most. */
function bounded(o: ReturnType<typeof searchOptions>): SearchBounds {
  const d = CHECK_DEFAULTS;
  return {
    requests: o.maxRequests ?? d.maxRequests, crashes: o.maxCrashes ?? d.maxCrashes, timeouts: o.maxTimeouts ?? d.maxTimeouts,
    partitions: o.maxPartitions ?? d.maxPartitions, reads: o.maxReads ?? d.maxReads,
  };
}

function NumberField({ label, value, max, disabled, onChange, testId }: {
  label: string; value: number; max: number; disabled: boolean; onChange: (n: number) => void; testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" min={1} max={max} step={1} value={value} disabled={disabled} data-testid={testId}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (Number.isFinite(n)) onChange(Math.min(max, Math.max(1, n)));
        }} />
    </label>
  );
}

function ProgressLine({ progress, m, number }: { progress: FindProgress | null; m: Messages; number: (n: number) => string }) {
  const [value, max] = !progress || progress.phase === 'shrink' ? [undefined, undefined] : [progress.done, progress.total];
  const text = !progress ? '' : progress.phase === 'seed' ? m.findProgressSeed(progress.done, progress.total)
    : progress.phase === 'shrink' ? m.findProgressShrink(progress.seed)
    : m.findProgressDepth(progress.done, progress.total, number(progress.states));
  return (
    <div className="find-progress">
      {/* no value: an indeterminate bar while shrinking */}
      <progress value={value} max={max} aria-label={m.findTitle} data-testid="find-progress" />
      <span>{text}</span>
    </div>
  );
}

function findState(status: Status): string {
  if (status.state !== 'done') return status.state;
  return status.result.found ? 'found' : 'clean';
}

function statusText(status: Status, m: Messages, number: (n: number) => string): string {
  switch (status.state) {
    case 'idle': case 'running': return '';
    case 'stopped': return m.findStopped;
    case 'error': return m.findFailed(status.message);
    case 'done': {
      const r = status.result;
      if (!r.found) return r.method === 'fuzz' ? m.findNotFoundFuzz(r.searched) : m.findNotFoundExhaustive(r.searched, number(r.states), r.truncated);
      return m.findFound(...foundParts(r, m));
    }
  }
}

/** What a found run broke, and how it was found. */
function foundParts(r: Extract<FindResult, { found: true }>, m: Messages): [what: string, how: string] {
  const f = r.failure;
  const what = f.kind === 'invariant' ? m.findViolated(f.invariant, m.invariantMeaning(r.scenario.protocol, f.invariant)) : f.kind === 'linearizability' ? m.findLinearizability : m.findLiveness;
  const how = r.seed !== null ? m.findFoundFuzz(r.seed, r.eventsBefore, r.eventsAfter) : m.findFoundExhaustive(r.eventsAfter);
  return [what, how];
}
