/** Each invariant of the protocol with a tick or a cross, and why it broke. */
import { violationDetail } from '../../protocols/explain';
import type { Violation } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { useSimAtEvent } from '../state/context';
import { formatTime } from './format';

export function Invariants() {
  const { m, lang } = useI18n();
  const sim = useSimAtEvent().sim;
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
            <span className="invariant-mark" aria-label={v ? m.invariantBroken : m.invariantOk}>{v ? m.failed : m.ok}</span>
            <span className="invariant-name">{name}</span>
            {/* a broken invariant says what it promised, then what happened */}
            {v && <span className="invariant-meaning">{m.invariantMeaning(protocol, name)}</span>}
            {v && <span className="invariant-detail">{m.invariantWhen(formatTime(v.time), violationDetail(v, lang))}</span>}
          </li>
        );
      })}
    </ul>
  );
}
