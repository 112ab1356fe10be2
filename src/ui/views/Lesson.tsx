/**
 * Guided lessons: the picker (a sidebar panel) and the narration bar over the cluster, with the
 * step counter, Back and Next. A wait step plays the run until its condition holds, then Next opens.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useI18n } from '../i18n/context';
import { loadLessons } from '../state/content';
import { afterPaint } from '../afterPaint';
import { useApp, useAppStoreApi, useContent, usePlayback } from '../state/context';
import { closeLesson, openLesson, skipWait } from '../state/lesson';
import { selectLesson } from '../state/store';

/** The lessons (a chunk of their own) load once the picker is on screen; until then it lists none.
 *  `onPicked`: told once a lesson has opened (the phone's menu folds away to show its first step). */
export function LessonPicker({ onPicked }: { onPicked?: () => void }) {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const current = useApp(selectLesson);
  const lessons = useContent((c) => c.lessons);
  // once the page is on screen: the chunk's parsing would otherwise compete with the first frame
  useEffect(() => afterPaint(() => { void loadLessons().catch(() => undefined); }), []);
  return (
    <div className="lesson-picker">
      <select aria-label={m.lessonsTitle} value={current?.lesson.id ?? ''}
        onChange={(e) => {
          if (!e.target.value) { closeLesson(store); return; }
          const next = lessons?.find((l) => l.id === e.target.value);
          if (next) { openLesson(store, next); onPicked?.(); }
        }}>
        <option value="">{m.lessonPick}</option>
        {lessons?.map((l) => <option key={l.id} value={l.id}>{l.title[lang]}</option>)}
      </select>
    </div>
  );
}

export function LessonBar() {
  const { m, lang } = useI18n();
  const store = useAppStoreApi();
  const playback = usePlayback();
  const session = useApp(selectLesson);
  const waiting = session?.status === 'waiting';
  const next = useRef<HTMLButtonElement>(null);

  // a wait step plays the run; the playback driver pauses when the condition holds
  useEffect(() => {
    if (waiting) playback.send({ type: 'PLAY' });
  }, [waiting, session?.step, playback]);

  // A button pressed here may be disabled under the focus (Next into a wait or at the end, Back to the
  // first step): the focus moves on to Next, else the wait's Skip, else the narration (the lesson is
  // over). When a wait ends (Skip goes), Next takes the focus back if the bar had it, so Enter goes on.
  const wasWaiting = useRef(false);
  const skip = useRef<HTMLButtonElement>(null);
  const said = useRef<HTMLParagraphElement>(null);
  const keepFocus = useRef(false);
  useLayoutEffect(() => {
    const active = document.activeElement as HTMLButtonElement | null;
    const inBar = !!active?.closest('.lesson-bar');
    if (waiting && !wasWaiting.current) keepFocus.current = inBar;
    if (!waiting && wasWaiting.current && (inBar || (keepFocus.current && (!active || active === document.body)))) next.current?.focus();
    else if (inBar && active!.disabled) [next.current, skip.current, said.current].find((e) => e && !(e as HTMLButtonElement).disabled)?.focus();
    wasWaiting.current = waiting;
  }, [waiting, session?.step, session?.status]);

  if (!session) return null;
  const { lesson, step, status, actor } = session;
  const total = lesson.steps.length;
  const finished = status === 'finished';
  return (
    <section className="lesson-bar" aria-label={m.lessonRegion} data-lesson={lesson.id} data-step={step + 1}
      data-lesson-status={status}>
      <div className="lesson-head">
        <h2 className="lesson-title">{lesson.title[lang]}</h2>
        <span className="lesson-counter" aria-live="polite">{m.lessonStepOf(step + 1, total)}</span>
        {!finished && !waiting && <span className="hint lesson-try">{m.lessonTry}</span>}
        <button type="button" className="lesson-close" onClick={() => closeLesson(store)} aria-label={m.closeLesson}
          title={m.closeLesson}>{m.crossMark}</button>
      </div>
      <p className="lesson-narration" aria-live="polite" tabIndex={-1} ref={said}>{finished ? m.lessonFinished : lesson.steps[step].narration[lang]}</p>
      {waiting && session.waitingFor && (
        <p className="lesson-wait" role="status">
          {m.lessonWaiting(session.waitingFor.waitFor.label[lang])}
          <button ref={skip} type="button" className="lesson-skip" onClick={() => { playback.send({ type: 'PAUSE' }); skipWait(store); }}>{m.skipWait}</button>
        </p>
      )}
      <div className="lesson-nav">
        <button type="button" onClick={() => { playback.send({ type: 'PAUSE' }); actor.send({ type: 'BACK' }); }}
          disabled={step === 0 && !finished}>{m.back}</button>
        <progress max={total} value={finished ? total : step + 1} aria-hidden="true" />
        <button ref={next} type="button" className="primary" onClick={() => { playback.send({ type: 'PAUSE' }); actor.send({ type: 'NEXT' }); }}
          disabled={waiting || finished}>{m.next}</button>
      </div>
    </section>
  );
}
