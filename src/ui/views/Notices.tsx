/** Problems the user must see: a bad share link, or the violation that stopped playback. */
import { violationDetail } from '../../protocols/explain';
import { LIBRARY } from '../../scenario/library';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi } from '../state/context';
import { selectLesson, selectLoadProblem, selectScenario, selectStoppedBy } from '../state/store';
import { formatTime } from './format';

export function Notices() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const problem = useApp(selectLoadProblem);
  const stopped = useApp(selectStoppedBy);
  const scenario = useApp(selectScenario);
  const meta = scenario.meta;
  // a lesson shows its own title and narration instead of the scenario's
  const inLesson = useApp(selectLesson) !== null;
  // a library scenario's title in the page's language (its meta.title is the English one)
  const fromLibrary = typeof meta?.title === 'string' ? LIBRARY.find((e) => e.scenario.meta?.title === meta.title) : undefined;
  const title = fromLibrary ? fromLibrary.title[lang] : typeof meta?.title === 'string' ? meta.title : null;
  const description = typeof meta?.description === 'string' ? meta.description : null;
  return (
    <div className="notices">
      {!inLesson && (title || description) && (
        <p className="scenario-meta">{title && <strong>{title}</strong>} {description}</p>
      )}
      {problem && (
        <div role="alert" className="notice notice-error" data-field={problem.field}>
          <span>{problem.source === 'file' ? m.badFile(problem.detail[lang])
            : problem.source === 'paste' ? m.badPastedLink(problem.detail[lang])
              : problem.source === 'moment' ? m.badMoment(problem.detail[lang])
                : problem.source === 'param' ? m.badParam(problem.detail[lang]) : m.badLink(problem.detail[lang])}</span>
          <button type="button" onClick={() => store.getState().setLoadProblem(null)}>{m.dismiss}</button>
        </div>
      )}
      {stopped && (
        <div role="alert" className="notice notice-violation">
          <span>
            {m.violationStopped(stopped.invariant, m.invariantMeaning(scenario.protocol, stopped.invariant), formatTime(stopped.time), violationDetail(stopped, lang))}
            {scenario.bugs && scenario.bugs.length > 0 && <> {m.teachingBugs(scenario.bugs.join(', '))}</>}
          </span>
          <button type="button" onClick={() => store.getState().dismissStop()}>{m.dismiss}</button>
        </div>
      )}
    </div>
  );
}
