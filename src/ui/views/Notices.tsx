/**
 * Problems the user must see: a bad share link, or a violated invariant. The violation notice
 * shows whenever the moment on screen is at or after a violation, however it was reached (Play,
 * Step, the scrubber, a library moment, Previous): the one that stopped playback, or else the
 * first of the run, which the others follow from. Fields of an opened link or file that this
 * version ignored are named too, politely (a status, not an alert): the run did open.
 */
import { useEffect, useState } from 'react';
import { violationDetail } from '../../protocols/explain';
import type { Violation } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi } from '../state/context';
import { selectIgnoredFields, selectLoadProblem, selectScenario, selectStoppedBy, type AppState } from '../state/store';
import { Announcer } from './Announcer';
import { formatTime } from './format';

// the shown moment's violations: the sim object changes on a seek back or a fork, the count as events happen
const selectShownSim = (s: AppState) => s.frame.sim;
const selectViolationCount = (s: AppState) => s.frame.sim.violations.length;

const violationKey = (v: Violation): string => `${v.time}|${v.invariant}|${v.detail}`;

/** The violation to explain at the moment shown, and how many came after it. */
function useShownViolation(): { violation: Violation | null; stopped: boolean; others: number } {
  const sim = useApp(selectShownSim);
  const count = useApp(selectViolationCount);
  const stoppedBy = useApp(selectStoppedBy);
  const all = sim.violations.slice(0, count);
  const at = stoppedBy === null ? -1 : all.findIndex((v) => violationKey(v) === violationKey(stoppedBy));
  const index = Math.max(0, at);
  return { violation: all[index] ?? null, stopped: at >= 0, others: Math.max(0, all.length - 1 - index) };
}

export function Notices() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const problem = useApp(selectLoadProblem);
  const ignored = useApp(selectIgnoredFields);
  const { violation, stopped, others } = useShownViolation();
  // Dismiss hides this violation's notice until the moment shown is before it again
  const [dismissed, setDismissed] = useState<string | null>(null);
  useEffect(() => { if (violation === null) setDismissed(null); }, [violation]);
  const shown = violation !== null && violationKey(violation) !== dismissed ? violation : null;
  const scenario = useApp(selectScenario);
  // the violation, then what came after it and the run's teaching bugs, as the language sets sentences
  let said = '';
  if (shown) {
    said = (stopped ? m.violationStopped : m.violationShown)(shown.invariant, m.invariantMeaning(scenario.protocol, shown.invariant),
      formatTime(shown.time), violationDetail(shown, lang));
    if (others > 0) said = m.followedBy(said, m.violationsSince(others));
    if (scenario.bugs && scenario.bugs.length > 0) said = m.followedBy(said, m.teachingBugs(scenario.bugs.join(', ')));
  }
  return (
    <>
    <Announcer />
    <div className="notices">
      {problem && (
        <div role="alert" className="notice notice-error" data-field={problem.field}>
          <span>{problem.source === 'file' ? m.badFile(problem.detail[lang])
            : problem.source === 'paste' ? m.badPastedLink(problem.detail[lang])
              : problem.source === 'moment' ? m.badMoment(problem.detail[lang])
                : problem.source === 'param' ? m.badParam(problem.detail[lang]) : m.badLink(problem.detail[lang])}</span>
          <button type="button" onClick={() => store.getState().setLoadProblem(null)}>{m.dismiss}</button>
        </div>
      )}
      {ignored.length > 0 && (
        <div role="status" className="notice notice-warning" data-ignored-fields={ignored.join(' ')}>
          <span>{m.ignoredFields(ignored.join(', '))}</span>
          <button type="button" onClick={() => store.getState().setIgnoredFields([])}>{m.dismiss}</button>
        </div>
      )}
      {shown && (
        <div role="alert" className="notice notice-violation" data-violation={shown.invariant}>
          <span>{said}</span>
          <button type="button" onClick={() => { setDismissed(violationKey(shown)); store.getState().dismissStop(); }}>{m.dismiss}</button>
        </div>
      )}
    </div>
    </>
  );
}
