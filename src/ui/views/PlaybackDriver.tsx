/**
 * Drives playback with requestAnimationFrame while the machine is in `playing`: each frame moves
 * virtual time by (real time elapsed × speed). Pauses when the tab is hidden, an invariant breaks,
 * a run-until breakpoint is reached, or a lesson's wait step sees its condition hold.
 *
 * Where a playing frame's main-thread time goes (default 5-node run at 1x, Chromium performance
 * trace; measured on a shared 2-core machine under heavy load, so read the shares, not the ms):
 * - before (issue 11): script 39 ms a frame (the simulation about 1 ms of it, run twice: the shown
 *   state and the timeline's head; the rest React re-rendering the cluster, the space-time diagram
 *   and the controls), paint 33 ms (the clock's text and the scrubber's thumb sat in the page's
 *   root layer, so every frame repainted the whole 1280x720 document), layout 10, commit 8,
 *   style 6. Every sixth frame also publishes `details`: the text panels re-render, and the Raft
 *   log table's follow-newest effect forces a layout; those frames set the p95.
 * - after: paint 8-12 ms (the clock and the scrubber have their own layers; the whole document is
 *   repainted only on frames that publish details); the space-time diagram does no React work per
 *   frame (a store subscription slides its strip). Still per frame: the cluster view's render.
 * - before the moving layer (same trace, CPU profile over 3 s; the machine at load 14-24, so again
 *   shares): of a frame's script, React re-rendering the whole cluster (every message, handle and
 *   timer arc, plus the nodes' looks and links) was about two thirds, the simulation under a tenth;
 *   the log tables' follow-newest effect forced a layout on every frame that published details
 *   (about a sixth of all script time, all of it in those frames, which set the p95).
 * - after: the moving layer (views/movingLayer.ts) is drawn by the store's subscription inside this
 *   tick, writing only the attributes that changed on elements kept per message id; React renders
 *   the cluster only on frames where an event happened (the clock and the scrubber still every
 *   frame); the tables follow from a ResizeObserver (no forced layout). Thread CPU per frame from
 *   the same trace, old build against new back to back: default run 8.5 -> 8.0 ms (at 1x nearly
 *   every frame has an event), 9 nodes and ~290 messages 21.4 -> 18.5 ms, its layout 19.2 -> 9.9
 *   ms. What is left per frame:
 *   paint (the trace still shows the document's root painted on most frames, cause not yet found)
 *   and layout, and on frames with an event, React's render of the nodes, the space-time arrows and
 *   (every sixth) the text panels.
 * - this stop, on a quiet machine (load under 4), `npm run bench`: p95 21.8 -> 12.1-13.8 ms. The
 *   clock and the scrubber are written by a subscription (no React render per frame), the cluster
 *   re-renders only when its key (looks, partition, links) changes, the legend of kinds on the wire
 *   follows on its own, the dock and the sidebar take a published moment one and two frames after
 *   the stage (detailsRelay.ts), the cluster and the lists are containment boundaries. What a frame
 *   costs now (CPU profile, 5 s): the simulation 0.25 ms, the moving layer 0.7 ms, the store's other
 *   listeners 0.4 ms, React about 2 ms on average (mostly commits of the refreshed panels), style,
 *   layout, paint and layerize about 3 ms; an empty page's frame costs 1.2 ms in this Chromium. With
 *   every panel hidden the frame is 4.0 ms (p50): the page's text panels are what the p95 pays for.
 * - next stop: the page itself was the cost. Any element written in a frame (the clock's text, the
 *   scrubber's value, an SVG dot's transform, a legend entry) made Chromium restyle, lay out and
 *   repaint the whole document: 2.4 ms over an idle frame on this page, measured with one text node
 *   changed per frame, against 0.3 ms for a canvas redrawn. So a frame of playback now writes no
 *   element: the stage's moving marks (playingCanvas.ts, bitmaps per look), the clock and the
 *   scrubber (playingOverlay.ts) are drawn on canvases, the handles move twice a second, the legend of
 *   kinds only grows, the space-time strip glides on the compositor (slow speeds) or stands still
 *   between refreshes; the text panels refresh every DETAILS_EVERY frames, all in that frame.
 *   Quiet machine, default run at 1x: frame p50 6.6 -> 2.3-2.8 ms, p95 12 -> 4.5-5.9 ms (the p95 is
 *   ordinary frames now: a refresh frame, 16-25 ms, is one in thirty); 4x throttled p95 78 -> 23 ms;
 *   9 nodes and ~300 messages p95 47 -> 14 ms, of which about 2 ms rasterising 300 bitmaps in a
 *   canvas without a GPU and 1 ms placing them apart (messageGeometry.ts).
 * - the stop after: in the 9-node run two frames in every thirty were heavy (20-80 ms): the panels'
 *   refresh, and a few frames later the handles following their dots on a 500 ms clock of their
 *   own. Two in thirty is over 5%, so the p95 was a heavy frame. The handles now move on the
 *   panels' turn (`Frame.refresh`); the dots are placed with a grid of flat arrays (1.3 -> 0.3 ms)
 *   and their bitmaps copied onto whole device pixels (no resampling). Frame p95 there, same
 *   (noisy) machine: 23 -> 10 ms; a frame other than the refresh is 3-6 ms.
 */
import { useEffect } from 'react';
import { useSelector } from '@xstate/react';
import { useAppStoreApi, usePlayback } from '../state/context';
import { useScrubberKeys } from './scrubberKeys';

/** A long gap (tab switch, breakpoint) must not become a huge jump in virtual time. */
const MAX_FRAME_MS = 100;
/**
 * The text panels follow every this many frames while playing (twice a second at 60 Hz), all in
 * the same frame: under one frame in twenty carries their refresh, so the others stay lean.
 */
const DETAILS_EVERY = 30;
const selectIsPlaying = (s: { matches(v: string): boolean }) => s.matches('playing');

export function PlaybackDriver() {
  const actor = usePlayback();
  const store = useAppStoreApi();
  const playing = useSelector(actor, selectIsPlaying);
  // the scrubber (Controls.tsx) moves by useful steps from the keyboard
  useScrubberKeys(store);

  useEffect(() => {
    const onVisibility = () => { if (document.hidden) actor.send({ type: 'HIDDEN' }); };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [actor]);

  useEffect(() => {
    if (!playing) return;
    let handle = 0;
    let last: number | null = null;
    let frames = 0;
    const tick = (now: number) => {
      if (last !== null) {
        const real = Math.min(MAX_FRAME_MS, now - last);
        const state = store.getState();
        const lessonWaits = state.lesson?.status === 'waiting';
        frames++;
        if (state.advance(real * state.speed, frames % DETAILS_EVERY === 0)) {
          // an invariant broke, or a run-until breakpoint was reached
          actor.send({ type: store.getState().stoppedBy ? 'VIOLATION' : 'PAUSE' });
          return;
        }
        // a lesson's wait step is over: stop on its moment, so the learner can read and go on
        if (lessonWaits && store.getState().lesson?.status !== 'waiting') {
          actor.send({ type: 'PAUSE' });
          return;
        }
      }
      last = now;
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(handle);
      store.getState().publishDetails();
      // a breakpoint lasts while playing: pausing, stepping or scrubbing ends it
      store.getState().cancelRunUntil();
    };
  }, [playing, store, actor]);

  return null;
}
