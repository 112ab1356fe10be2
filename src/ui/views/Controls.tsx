/** Play and Pause, Step, Previous (step back), speed (log scale), Share, and the status the tests read. */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useSelector } from '@xstate/react';
import { pageFragment } from '../url';
import { useI18n } from '../i18n/context';
import { useApp, useAppStoreApi, usePlayback } from '../state/context';
import { horizonOf, MAX_SPEED, MIN_SPEED, selectScenario, selectSpeed, type AppState, type Frame } from '../state/store';
import { formatSpeed, formatTime } from './format';
import { PlayingOverlay } from './playingOverlay';
import { RunUntilMenu, SpeedPresets } from './RunUntil';
import { useDismiss } from './useDismiss';

const selectIsPlaying = (s: { matches(v: string): boolean }) => s.matches('playing');

/**
 * Play and Pause are two buttons, always present, like a media player's pair: each does one thing
 * (and nothing when the run is already in its state, so neither is ever disabled). The one
 * matching the current state is shown pressed; the other, the action on offer, is the filled one
 * (on a first load that is Play). Space toggles between them (see App's shortcuts).
 */
export function PlaybackButtons({ runUntil = true }: { runUntil?: boolean }) {
  const { m } = useI18n();
  const actor = usePlayback();
  const playing = useSelector(actor, selectIsPlaying);
  return (
    <div className="playback-buttons">
      <div className="transport">
        <button type="button" aria-pressed={playing} aria-keyshortcuts="Space" className={playing ? undefined : 'is-offered'}
          onClick={() => actor.send({ type: 'PLAY' })}>
          <PlayIcon /><span className="transport-label">{m.play}</span>
        </button>
        <button type="button" aria-pressed={!playing} aria-keyshortcuts="Space" className={playing ? 'is-offered' : undefined}
          onClick={() => actor.send({ type: 'PAUSE' })}>
          <PauseIcon /><span className="transport-label">{m.pause}</span>
        </button>
      </div>
      <button type="button" className="step-button" onClick={() => actor.send({ type: 'STEP_BACK' })} aria-keyshortcuts="ArrowLeft" title={m.key_left}>
        <StepBackIcon /><span className="step-label">{m.stepBack}</span>
      </button>
      <button type="button" className="step-button" onClick={() => actor.send({ type: 'STEP' })} aria-keyshortcuts="ArrowRight">
        <StepIcon /><span className="step-label">{m.step}</span>
      </button>
      {runUntil && <RunUntilMenu />}
    </div>
  );
}

// drawn, not typed: a text ▶ turns into a coloured emoji in some fonts
const PlayIcon = () => (
  <svg className="transport-icon" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M2 1 L9 5 L2 9 Z" /></svg>
);
// shown only where the buttons lose their words (a phone's one playback row)
const StepBackIcon = () => (
  <svg className="step-icon" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M1 1 H2.6 V9 H1 Z M9 1 L3.4 5 L9 9 Z" /></svg>
);
const StepIcon = () => (
  <svg className="step-icon" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M1 1 L6.6 5 L1 9 Z M7.4 1 H9 V9 H7.4 Z" /></svg>
);
const PauseIcon = () => (
  <svg className="transport-icon" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M2 1 H4.2 V9 H2 Z M5.8 1 H8 V9 H5.8 Z" /></svg>
);

export function SpeedControl() {
  const { m } = useI18n();
  const speed = useApp(selectSpeed);
  const store = useAppStoreApi();
  return (
    <>
    <label className="speed">
      <span>{m.speed}</span>
      <input type="range" min={Math.log10(MIN_SPEED)} max={Math.log10(MAX_SPEED)} step={0.01}
        value={Math.log10(speed)} aria-valuetext={m.speedValue(formatSpeed(speed))}
        onChange={(e) => store.getState().setSpeed(10 ** Number(e.target.value))} />
      <output>{m.speedShort(formatSpeed(speed))}</output>
    </label>
    <SpeedPresets />
    </>
  );
}

/**
 * The clock and the status the tests read. They change every frame while playing, so a store
 * subscription writes them straight to the DOM: React renders the element once (and again on a
 * new language), never per frame.
 */
export function SimStatus() {
  const { m } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const time = useRef<HTMLSpanElement>(null);
  const events = useRef<HTMLSpanElement>(null);
  const hash = useRef<HTMLSpanElement>(null);
  const clock = usePlayingOverlay(time, 48);
  useFrameWriter((frame) => {
    const el = box.current;
    if (!el) return;
    el.dataset.time = String(frame.timeMs);
    el.dataset.events = String(frame.events);
    el.dataset.traceHash = frame.traceHash;
    const text = m.timeLabel(formatTime(frame.timeMs));
    // playing: the clock is drawn on its canvas (no element written, so nothing to repaint)
    const overlay = showPlaying(el, clock.overlay.current, frame.playing);
    if (overlay) {
      overlay.text(text);
      return;
    }
    time.current!.textContent = text;
    events.current!.textContent = m.eventsLabel(frame.events);
    hash.current!.textContent = m.hashShort(frame.traceHash.slice(0, 8));
  }, [m]);
  return (
    <div className="sim-status" data-testid="sim-status" ref={box} aria-live="off">
      <span className="status-time" ref={time} />
      <canvas className="playing-canvas" aria-hidden="true" ref={clock.canvas} />
      {/* for whoever checks a run against the CLI: one click away, not in a student's way */}
      <details className="status-more">
        <summary title={m.traceDetails}><span className="sr-only">{m.traceDetails}</span></summary>
        <span className="status-events" ref={events} />
        <span className="status-hash" title={m.hashLabel} ref={hash} />
      </details>
    </div>
  );
}

/** A canvas laid over `host` while the run plays (playingOverlay.ts), made once both are in the page. */
function usePlayingOverlay(host: RefObject<HTMLElement | null>, extra = 0) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<PlayingOverlay | null>(null);
  useLayoutEffect(() => {
    if (!host.current || !canvas.current) return;
    const made = new PlayingOverlay(host.current, canvas.current);
    made.extra = extra;
    overlay.current = made;
    return () => { made.dispose(); overlay.current = null; };
  }, [host, extra]);
  return { canvas, overlay };
}

/**
 * Shows `box`'s canvas instead of its element while the run plays (one class change as playback
 * starts and stops); returns the overlay to draw the moment on, or null to write the element.
 */
function showPlaying(box: HTMLElement, overlay: PlayingOverlay | null, playing: boolean): PlayingOverlay | null {
  const on = playing && overlay !== null;
  if (box.classList.contains('is-playing') !== on) {
    // read the element's box and looks while it still shows
    if (on) overlay!.reset();
    else overlay?.stop();
    box.classList.toggle('is-playing', on);
  }
  return on ? overlay : null;
}

/**
 * Calls `write` with the frame shown, now and on every new frame, outside React (for what changes
 * every frame while playing); again when `deps` change.
 */
function useFrameWriter(write: (frame: Frame, horizon: number) => void, deps: readonly unknown[]): void {
  const store = useAppStoreApi();
  useLayoutEffect(() => {
    const s0 = store.getState();
    write(s0.frame, horizonOf(s0));
    return store.subscribe((s, prev) => { if (s.frame !== prev.frame || s.scenario !== prev.scenario) write(s.frame, horizonOf(s)); });
    // `write` is a new closure each render: the caller names what it reads in `deps`
  }, [store, ...deps]);
}

export function ShareButton() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const share = async () => {
    // the run and its moment (CONTRACT §2), the language, the lesson step if one is open, the comparison if one is on
    const { scenario, frame, view, lesson } = store.getState();
    const fragment = pageFragment(scenario, {
      lang: view.lang, lesson: lesson ? { id: lesson.lesson.id, step: lesson.step + 1 } : null, embed: false, present: false,
      compare: view.compare,
    }, frame.timeMs);
    const url = `${location.origin}${location.pathname}${fragment}`;
    setLink(url);
    setCopied(false);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch { /* the link stays visible to copy by hand */ }
  };
  // Esc or a press anywhere outside closes the link, as it does a menu
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  // closed with the focus in it (Close, Esc), the focus goes back to Share rather than to the page's start
  const close = () => {
    if (box.current?.contains(document.activeElement) && document.activeElement !== opener.current) opener.current?.focus();
    setLink(null);
  };
  useDismiss(box, link !== null, close);
  return (
    <div className="share" ref={box}>
      <button type="button" onClick={share} ref={opener}>{m.share}</button>
      {link && (
        <div className="share-pop" role="dialog" aria-label={m.share}>
          <p role="status">{copied ? m.shareCopied : m.shareReady}</p>
          <input readOnly value={link} aria-label={m.share} onFocus={(e) => e.target.select()} data-testid="share-link" />
          <button type="button" onClick={close}>{m.close}</button>
        </div>
      )}
    </div>
  );
}

export function Scrubber() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const actor = usePlayback();
  // the marks' scale changes only when a run passes the scenario's end; while it plays on past it
  // (the end moving every frame) they keep the scale they had and take the new one when it stops,
  // as the panels do, rather than re-render every frame
  const markScale = useRef(0);
  const horizon = useApp(useCallback((s: AppState) => {
    if (!s.frame.playing || markScale.current === 0) markScale.current = horizonOf(s);
    return markScale.current;
  }, []));
  const events = useApp(selectScenario).events;
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const thumb = usePlayingOverlay(input);
  // the thumb moves every frame: written outside React (the end first, so the value is not clamped);
  // while the run plays it is drawn on a canvas over the input, which keeps its last value till then
  useFrameWriter((frame, end) => {
    const el = input.current;
    if (!el || !box.current) return;
    const overlay = showPlaying(box.current, thumb.overlay.current, frame.playing);
    if (overlay) {
      overlay.thumb(frame.timeMs / end);
      return;
    }
    if (el.max !== String(end)) el.max = String(end);
    if (el.value !== String(frame.timeMs)) el.value = String(frame.timeMs);
    el.style.setProperty('--played', `${(100 * frame.timeMs) / end}%`);
    el.setAttribute('aria-valuetext', m.timeLabel(formatTime(frame.timeMs)));
  }, [m]);
  return (
    <div className="scrubber" ref={box}>
      <canvas className="playing-canvas" aria-hidden="true" ref={thumb.canvas} />
      <input type="range" ref={input} min={0} step={0.001} aria-label={m.scrubber}
        onPointerDown={() => actor.send({ type: 'SCRUB_START' })}
        onPointerUp={() => actor.send({ type: 'SCRUB_END' })}
        onChange={(e) => store.getState().seek(Number(e.target.value))} />
      <div className="scrubber-marks" aria-hidden="true" title={m.userEventsMark}>
        {events.map((e, i) => (
          <span key={i} className={`mark mark-${e.type}`} style={{ left: `${(100 * e.at) / horizon}%` }} />
        ))}
      </div>
    </div>
  );
}
