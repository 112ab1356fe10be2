/** Each invariant of the protocol with a tick or a cross, and why it broke. */
import { violationDetail } from '../../protocols/explain';
import { checkHistoryAt } from '../../scenario/history-at';
import type { Simulation } from '../../sim/engine';
import type { Violation } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { useSimAtEvent } from '../state/context';
import { formatTime } from './format';
import { useSettled } from './settled';

export function Invariants() {
  const { m, lang } = useI18n();
  const sim = useSimAtEvent(2).sim;
  const protocol = sim.scenario.protocol;
  const broken = new Map<string, Violation>();
  for (const v of sim.violations) if (!broken.has(v.invariant)) broken.set(v.invariant, v);
  // a lock workload adds the storage's own invariant
  const names = sim.locks ? [...sim.protocol.invariants, 'FencingOrder'] : sim.protocol.invariants;
  return (
    <ul className="invariants">
      {names.map((name) => {
        const v = broken.get(name);
        return (
          <li key={name} className={v ? 'is-broken' : 'is-ok'} data-invariant={name} data-ok={String(!v)}
            title={m.invariantMeaning(protocol, name)}>
            <span className="invariant-mark" role="img" aria-label={v ? m.invariantBroken : m.invariantOk}>{v ? m.failed : m.ok}</span>
            <span className="invariant-name">{name}</span>
            {/* a broken invariant says what it promised, then what happened */}
            {v && <span className="invariant-meaning">{m.invariantMeaning(protocol, name)}</span>}
            {v && <span className="invariant-detail">{m.invariantWhen(formatTime(v.time), violationDetail(v, lang))}</span>}
          </li>
        );
      })}
      {sim.workload && <HistoryCheck sim={sim} />}
    </ul>
  );
}

/**
 * The clients' history so far, checked as the report checks it: a run can break no invariant and
 * still answer a read with a stale value (a stale-read bug, a read served by a cut-off leader).
 */
function HistoryCheck({ sim }: { sim: Simulation }) {
  const { m, lang } = useI18n();
  // a moment before one already found linearizable needs no check (Previous, a scrub backwards)
  const verdict = useSettled(sim, checkHistoryAt);
  if (!verdict) return null;
  const ok = verdict.linearizable;
  const state = ok === true ? 'true' : ok === false ? 'false' : 'unknown';
  return (
    <li className={ok === false ? 'is-broken' : 'is-ok'} data-linearizable={state} title={m.historyMeaning}>
      <span className="invariant-mark" role="img" aria-label={ok === false ? m.invariantBroken : m.invariantOk}>{ok === false ? m.failed : ok === true ? m.ok : '?'}</span>
      <span className="invariant-name">{m.historyName}</span>
      {ok !== true && <span className="invariant-meaning">{m.historyMeaning}</span>}
      {/* the reason names keys, values and times; it is written in English */}
      {ok !== true && <span className="invariant-detail">{ok === false ? m.historyBroken(lang === 'en' ? verdict.reason ?? '' : '') : m.historyUnknown}</span>}
    </li>
  );
}

