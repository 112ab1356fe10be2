/**
 * The scenario library: a picker in the toolbar, and the bar under it that says what the run on
 * screen is (its title, what happens, the moment to watch). The bar reads the scenario's own
 * `meta`, which a share link carries, so a shared library run reopens with its words.
 */
import { LIBRARY, type LibraryEntry } from '../../scenario/library';
import type { Scenario } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi } from '../state/context';
import { closeLesson } from '../state/lesson';
import { selectLesson, selectScenario } from '../state/store';

/**
 * The library entry a scenario was opened from: its meta title names it (a new run from the
 * setup form has none; acting on the run keeps it, since that forks the same run).
 */
export function libraryEntryOf(scenario: Scenario): LibraryEntry | undefined {
  const title = scenario.meta?.title;
  if (typeof title !== 'string') return undefined;
  return LIBRARY.find((e) => e.protocol === scenario.protocol && e.scenario.meta?.title === title);
}

export function LibraryPicker() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const current = libraryEntryOf(useApp(selectScenario));
  return (
    <select className="library-picker" aria-label={m.libraryTitle} value={current?.id ?? ''}
      onChange={(e) => {
        const next = LIBRARY.find((x) => x.id === e.target.value);
        if (!next) return;
        closeLesson(store); // a new run leaves the lesson
        store.getState().load(next.scenario, 0);
      }}>
      <option value="">{m.libraryPick}</option>
      {LIBRARY.map((x) => <option key={x.id} value={x.id}>{x.title[lang]}</option>)}
    </select>
  );
}

/** What the run on screen is: a library entry's title, explanation and moment, or a scenario file's meta. */
export function ScenarioContext() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const scenario = useApp(selectScenario);
  // a lesson shows its own title and narration instead
  if (useApp(selectLesson) !== null) return null;
  const entry = libraryEntryOf(scenario);
  if (entry) {
    return (
      <section className="scenario-meta library-entry" data-library-entry={entry.id} aria-label={m.libraryTitle}>
        <strong className="scenario-title">{entry.title[lang]}</strong>
        <span className="library-moment">{entry.moment.text[lang]}</span>
        <button type="button" onClick={() => store.getState().seek(entry.moment.at)}>{m.libraryMomentButton}</button>
        <details className="library-explanation">
          <summary>{m.libraryExplanation}</summary>
          <p>{entry.explanation[lang]}</p>
        </details>
      </section>
    );
  }
  const title = typeof scenario.meta?.title === 'string' ? scenario.meta.title : null;
  const description = typeof scenario.meta?.description === 'string' ? scenario.meta.description : null;
  if (!title && !description) return null;
  return <p className="scenario-meta">{title && <strong>{title}</strong>} {description}</p>;
}
