/** The scenario library: ready runs with what to watch, in the learner's language. */
import { useState } from 'react';
import { LIBRARY, type LibraryEntry } from '../../scenario/library';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi } from '../state/context';
import type { Timeline } from '../../sim/timeline';
import type { AppState } from '../state/store';
import { closeLesson } from '../state/lesson';

const selectTimeline = (s: AppState) => s.timeline;

export function LibraryPicker() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const timeline = useApp(selectTimeline);
  const [opened, setOpened] = useState<{ entry: LibraryEntry; timeline: Timeline } | null>(null);
  // the explanation stays while its run is on screen (acting on it forks the same run); a new run clears it
  const current = opened && opened.timeline === timeline ? opened.entry : null;
  return (
    <div className="library">
      <select aria-label={m.libraryTitle} value={current?.id ?? ''}
        onChange={(e) => {
          const next = LIBRARY.find((x) => x.id === e.target.value) ?? null;
          if (!next) { setOpened(null); return; }
          closeLesson(store); // a new run leaves the lesson
          store.getState().load(next.scenario, 0);
          setOpened({ entry: next, timeline: store.getState().timeline });
        }}>
        <option value="">{m.libraryPick}</option>
        {LIBRARY.map((x) => <option key={x.id} value={x.id}>{x.title[lang]}</option>)}
      </select>
      {current && (
        <div className="library-entry" data-library-entry={current.id}>
          <details>
            <summary>{m.libraryExplanation}</summary>
            <p>{current.explanation[lang]}</p>
          </details>
          <p className="hint">{current.moment.text[lang]}</p>
          <button type="button" onClick={() => store.getState().seek(current.moment.at)}>{m.libraryMomentButton}</button>
        </div>
      )}
    </div>
  );
}
