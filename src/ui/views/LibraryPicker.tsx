/**
 * The scenario library: a picker in the toolbar, and the bar under it that says what the run on
 * screen is (its title, what happens, the moment to watch). The bar reads the scenario's own
 * `meta`, which a share link carries, so a shared library run reopens with its words.
 */
import { useEffect } from 'react';
import { useI18n } from '../i18n/context';
import { afterPaint } from '../afterPaint';
import { useApp, useAppStoreApi, useContent } from '../state/context';
import { libraryEntryOf, loadLibrary, mayBeLibraryRun } from '../state/content';
import { closeLesson } from '../state/lesson';
import { selectLesson, selectScenario } from '../state/store';

/** The library (a chunk of its own) loads once the picker is on screen; until then it lists no entries.
 *  `onPicked`: told once an entry has opened (the phone's menu folds away to show the new run). */
export function LibraryPicker({ onPicked }: { onPicked?: () => void }) {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const library = useContent((c) => c.library);
  // once the page is on screen: the chunk's parsing would otherwise compete with the first frame
  useEffect(() => afterPaint(() => { void loadLibrary().catch(() => undefined); }), []);
  const current = libraryEntryOf(useApp(selectScenario), library);
  return (
    <select className="library-picker" aria-label={m.libraryTitle} value={current?.id ?? ''}
      onChange={(e) => {
        const next = library?.find((x) => x.id === e.target.value);
        if (!next) return;
        closeLesson(store); // a new run leaves the lesson
        store.getState().load(next.scenario, 0);
        onPicked?.();
      }}>
      <option value="">{m.libraryPick}</option>
      {library?.map((x) => <option key={x.id} value={x.id}>{x.title[lang]}</option>)}
    </select>
  );
}

/** What the run on screen is: a library entry's title, explanation and moment, or a scenario file's meta. */
export function ScenarioContext() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const scenario = useApp(selectScenario);
  const library = useContent((c) => c.library);
  const waiting = library === null && mayBeLibraryRun(scenario);
  useEffect(() => { if (waiting) void loadLibrary().catch(() => undefined); }, [waiting]);
  // a lesson shows its own title and narration instead
  if (useApp(selectLesson) !== null) return null;
  // a run that may be the library's shows nothing until the library says (no wrong words first)
  if (waiting) return null;
  const entry = libraryEntryOf(scenario, library);
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
