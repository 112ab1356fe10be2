/**
 * Opening the page: a `#s=…` link opens that scenario (at `&t=` if given), `&lesson=…&step=…`
 * opens a guided lesson, `&lang=`, `&embed=1` and `&present=1` set how it is shown (see url.ts).
 * A bad link is shown as a problem naming the field, and the default scenario opens instead.
 * Then the address bar follows the scenario, the lesson step and the language.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Lang } from '../protocols/explain';
import type { Lesson } from '../scenario/lessons/types';
import { decodeLink, fragmentParams, MAX_LINK_LENGTH, parseMoment, type LinkState } from '../scenario/link';
import { said, ScenarioError } from '../scenario/schema';
import { afterPaint, whenIdle } from './afterPaint';
import { initialLang } from './i18n/context';
import { contentForLink, libraryEntryOf, loadedLessons } from './state/content';
import { closeLesson, openLesson } from './state/lesson';
import { createAppStore, DEFAULT_SCENARIO, problemOf, type AppState, type View } from './state/store';
import { hasScenario, pageFragment, sameScenario, viewParams, type ViewParams } from './url';

/** The lesson a link names (the lessons are loaded first: contentForLink); throws naming `lesson` when there is none. */
function lessonOfLink(id: string): Lesson {
  const lessons = loadedLessons();
  const found = lessons.find((l) => l.id === id);
  if (found) return found;
  const known = lessons.map((l) => l.id);
  throw new ScenarioError('lesson', said(`no lesson "${id}" (known: ${known.join(', ')})`, `没有名为 "${id}" 的课程（已有：${known.join('、')}）`));
}

/** The presentation parameters, read even from a link whose scenario is bad (never throws). */
function safeView(hash: string, fallbackLang: Lang): { view: View; params: ViewParams | null; problem: unknown } {
  try {
    // a link too long to decode is not read any further
    if (hash.length > MAX_LINK_LENGTH) return { view: { lang: fallbackLang, embed: false, present: false }, params: null, problem: null };
    const params = viewParams(hash);
    return { view: { lang: params.lang ?? fallbackLang, embed: params.embed, present: params.present, panels: params.panels, compare: params.compare, history: params.history }, params, problem: null };
  } catch (e) {
    return { view: { lang: fallbackLang, embed: false, present: false }, params: null, problem: e };
  }
}

/** The link without its parameter `key` (e.g. its moment, `t=`). */
const withoutParam = (hash: string, key: string): string =>
  hash.replace(new RegExp(`([#&])${key}=[^&]*(&|$)`), (_, lead: string, tail: string) => (tail ? lead : ''));

/** Parameters of the page alone, not of the run: a bad one is left out rather than costing the run. */
const PAGE_PARAMS = ['lang', 'step', 'lesson', 'panels'];

/**
 * A link that carries a scenario, minus a bad page parameter (an unknown language or lesson, a
 * stray step), with the fault that was left out; the CLI runs such a link too.
 */
function withoutBadPageParams(hash: string): { hash: string; fault: ScenarioError | null } {
  let fault: ScenarioError | null = null;
  if (!hasScenario(hash)) return { hash, fault };
  for (let i = 0; i < PAGE_PARAMS.length; i++) {
    let bad: ScenarioError | null = null;
    try {
      const p = viewParams(hash);
      if (p.lesson) lessonOfLink(p.lesson.id); // throws naming `lesson` when there is none
    } catch (e) {
      if (e instanceof ScenarioError && PAGE_PARAMS.includes(e.field)) bad = e;
    }
    if (!bad) break;
    fault ??= bad;
    hash = withoutParam(hash, bad.field);
    if (bad.field === 'lesson') hash = withoutParam(hash, 'step');
  }
  return { hash, fault };
}

/**
 * Decode a link; one whose only fault is its moment still gives its run, from the start, and
 * that fault is returned beside it (a bad `t` should not cost the learner the whole run).
 */
function decodeKeepingRun(hash: string): { link: LinkState; badMoment: ScenarioError | null } {
  try {
    return { link: decodeLink(hash), badMoment: null };
  } catch (e) {
    if (!(e instanceof ScenarioError) || e.field !== 't') throw e;
    return { link: { ...decodeLink(withoutParam(hash, 't')), time: null }, badMoment: e };
  }
}

/**
 * Open what the link says in `store` (a lesson, or a scenario at a moment). Throws naming the
 * field; returns a fault that did not stop it opening (a bad moment), or null.
 */
function openLink(store: StoreApi<AppState>, hash: string, params: ViewParams): ScenarioError | null {
  if (params.lesson) {
    const lesson = lessonOfLink(params.lesson.id);
    const index = params.lesson.step - 1;
    if (index >= lesson.steps.length) {
      const last = lesson.steps.length;
      throw new ScenarioError('step', said(`lesson "${lesson.id}" has steps 1 to ${last}, got ${params.lesson.step}`,
        `课程 "${lesson.id}" 只有第 1 到 ${last} 步，实际为 ${params.lesson.step}`));
    }
    if (hasScenario(hash)) {
      // the learner's own run at that step (a link shared from inside a lesson)
      const { link, badMoment } = decodeKeepingRun(hash);
      store.getState().load(link.scenario, link.time ?? 0);
      store.getState().setIgnoredFields(link.ignored);
      openLesson(store, lesson, { step: index, keepRun: true });
      return badMoment;
    }
    openLesson(store, lesson, { step: index });
    const t = fragmentParams(hash).t;
    if (t === undefined) return null;
    try {
      store.getState().seek(parseMoment(t, 't'));
      return null;
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      throw e;
    }
  }
  const { link, badMoment } = decodeKeepingRun(hash);
  closeLesson(store);
  store.getState().load(link.scenario, link.time ?? 0);
  store.getState().setIgnoredFields(link.ignored);
  return badMoment;
}

export function storeFromLocation(link: string, fallbackLang: Lang = initialLang()): StoreApi<AppState> {
  const { hash, fault } = withoutBadPageParams(link);
  const { view, params, problem } = safeView(hash, fallbackLang);
  const store = createAppStore(DEFAULT_SCENARIO, 0, view);
  if (!hash || hash === '#') return store;
  try {
    if (problem) throw problem;
    const p = params ?? viewParams(hash);
    // only presentation parameters (`#lang=zh&present=1`): the default scenario, shown that way
    if (!p.lesson && !hasScenario(hash) && !/(^#?|&)t=/.test(hash)) return store;
    const badMoment = openLink(store, hash, p);
    if (badMoment) store.getState().setLoadProblem(problemOf(badMoment, 'moment'));
    else if (fault) store.getState().setLoadProblem(problemOf(fault, 'param'));
  } catch (e) {
    closeLesson(store);
    store.getState().load(DEFAULT_SCENARIO, 0);
    store.getState().setLoadProblem(problemOf(e, 'link'));
  }
  return store;
}

/**
 * Open a link pasted into the address bar of an open page (replaceState never fires hashchange).
 * A bad one is reported and the run on screen is kept.
 */
export function followHashChanges(store: StoreApi<AppState>): () => void {
  const onHash = () => {
    const hash = location.hash;
    if (!hash || hash === '#' || hash === lastWritten) return;
    // a link naming a lesson waits for the lessons to load (unless the address moved on meanwhile)
    const loading = contentForLink(hash);
    if (loading) void loading.then(() => { if (location.hash === hash) open(hash); });
    else open(hash);
  };
  const open = (hash: string) => {
    try {
      const params = viewParams(hash);
      const s = store.getState();
      const lessonNow = s.lesson ? { id: s.lesson.lesson.id, step: s.lesson.step + 1 } : null;
      const sameLesson = JSON.stringify(params.lesson) === JSON.stringify(lessonNow);
      // the run on screen at the moment on screen (a link without t= opens at 0, like a fresh load)
      const t = fragmentParams(hash).t;
      const sameRun = hasScenario(hash) && sameScenario(hash, s.scenario) && Number(t ?? 0) === s.frame.timeMs;
      const presentationOnly = !params.lesson && !hasScenario(hash);
      let badMoment: ScenarioError | null = null;
      if (!presentationOnly && !(sameLesson && sameRun)) {
        // decode first, so a bad link changes nothing on screen
        if (hasScenario(hash)) decodeKeepingRun(hash);
        badMoment = openLink(store, hash, params);
      }
      store.getState().setView({ lang: params.lang ?? store.getState().view.lang, embed: params.embed, present: params.present, panels: params.panels, compare: params.compare ?? null, history: params.history });
      store.getState().setLoadProblem(badMoment ? problemOf(badMoment, 'moment') : null);
    } catch (e) {
      store.getState().setLoadProblem(problemOf(e, 'paste'));
      // the run on screen stays, and so does its link: a reload must not lose it to the bad one
      writeAddress(store);
    }
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}

let lastWritten = '';

/** The fragment the address bar shows for the state on screen: the run, and the moment shown. */
export function addressFragment(s: AppState): string {
  const lesson = s.lesson ? { id: s.lesson.lesson.id, step: s.lesson.step + 1 } : null;
  const moment = s.frame.timeMs > 0 ? s.frame.timeMs : null;
  return pageFragment(s.scenario, { lang: s.view.lang, lesson, embed: s.view.embed, present: s.view.present, panels: s.view.panels, compare: s.view.compare, history: s.view.history }, moment);
}

/** Put the state on screen in the address bar (replaceState: no history entry, no hashchange). */
function writeAddress(store: StoreApi<AppState>): void {
  lastWritten = addressFragment(store.getState());
  history.replaceState(null, '', `${location.pathname}${location.search}${lastWritten}`);
}

/** Is this the run a library entry loads, as the library has it (not a fork of it, nor a link's copy)? */
const isPickedLibraryRun = (scenario: AppState['scenario']): boolean => libraryEntryOf(scenario)?.scenario === scenario;

/** While playing, the moment in the address bar is brought up to date at most this often. */
const MOMENT_WRITE_MS = 1000;

/**
 * Keep the address bar on the run and the moment shown, so reloading or copying the URL keeps
 * the place. A change is written in the same task, once the page has rendered it (a microtask), so
 * the address names what the page shows as soon as it shows it: a reload, a copy or a test reading
 * it then finds it. A run picked from the library, as the library has it, is written once the frame
 * that shows it has been painted: its address carries its words (400-1,400 characters), and the
 * browser's own toolbar shapes and elides every new address on the browser's main thread
 * (BrowserUiController::UpdateToolbar, 5-6 ms of CPU per library run in Chromium's trace, beside
 * ~1 ms of ours for the replaceState); on a 2-core machine that time is taken from the frame. Library
 * loads, 3 interleaved pages of the bench's 20: median 10.6-11.1 ms to the painted frame against
 * 14.7-16.2 written in the task. Written before React's render instead, while the layout is clean:
 * slower (16-21 ms: the browser's work then overlaps the frame's). The clock moving is written at most once
 * a second (browsers throttle frequent replaceState calls), and always once it stops. The first
 * write, at start-up, waits for the page's first paint: replaceState is a message to the browser,
 * 0.3 ms on a quiet machine but 10-40 ms on a busy one.
 */
export function followScenarioInAddressBar(store: StoreApi<AppState>): () => void {
  let last = { scenario: store.getState().scenario, lesson: store.getState().lesson, view: store.getState().view, time: store.getState().frame.timeMs };
  let pending: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let painted: (() => void) | null = null;
  const write = () => {
    if (pending !== null) { clearTimeout(pending); pending = null; }
    if (painted !== null) { painted(); painted = null; }
    writeAddress(store);
  };
  // React renders a change made in its event handlers before the task's microtasks run
  let writeQueued = false;
  const writeAfterRender = () => {
    if (writeQueued) return;
    writeQueued = true;
    queueMicrotask(() => { writeQueued = false; if (!stopped) write(); });
  };
  const writeAfterPaint = () => {
    painted ??= afterPaint(() => { painted = null; if (!stopped) write(); });
  };
  // a bad link stays in the address bar, so the user can see and fix it; the first write waits for
  // the first paint (the address is the link opened, or none: nothing to see until then)
  const first = store.getState().loadProblem ? null : afterPaint(write);
  const unsubscribe = store.subscribe((s) => {
    const runChanged = s.scenario !== last.scenario || s.lesson !== last.lesson || s.view !== last.view;
    const timeChanged = s.frame.timeMs !== last.time;
    if (!runChanged && !timeChanged) return;
    last = { scenario: s.scenario, lesson: s.lesson, view: s.view, time: s.frame.timeMs };
    if (runChanged) (s.lesson === null && isPickedLibraryRun(s.scenario) ? writeAfterPaint : writeAfterRender)();
    // compressing the run into a link and replaceState take milliseconds: in idle time, between frames
    else if (pending === null) pending = setTimeout(() => { pending = null; whenIdle(() => { if (pending === null) write(); }, MOMENT_WRITE_MS); }, MOMENT_WRITE_MS);
  });
  return () => {
    stopped = true;
    unsubscribe();
    first?.();
    painted?.();
    if (pending !== null) clearTimeout(pending);
  };
}
