/** The playback controller (xstate v5) driving the store: what may happen in which state. */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { playbackMachine } from '../../src/ui/state/playback';
import { createAppStore, DEFAULT_SCENARIO } from '../../src/ui/state/store';

function start() {
  const store = createAppStore(DEFAULT_SCENARIO);
  const actor = createActor(playbackMachine, { input: { store } });
  actor.start();
  return { store, actor, state: () => actor.getSnapshot().value };
}

describe('playback machine', () => {
  it('starts paused; Play and Pause toggle; a hidden tab pauses', () => {
    const { actor, state } = start();
    expect(state()).toBe('paused');
    actor.send({ type: 'PLAY' });
    expect(state()).toBe('playing');
    actor.send({ type: 'TOGGLE' });
    expect(state()).toBe('paused');
    actor.send({ type: 'TOGGLE' });
    actor.send({ type: 'HIDDEN' });
    expect(state()).toBe('paused');
  });

  it('Step moves the store one moment forward and comes back to paused', () => {
    const { actor, store, state } = start();
    actor.send({ type: 'STEP' });
    expect(state()).toBe('paused');
    const first = store.getState().frame;
    expect(first.events).toBeGreaterThan(0);
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'STEP' });
    expect(state()).toBe('paused');
    expect(store.getState().frame.timeMs).toBeGreaterThan(first.timeMs);
    actor.send({ type: 'STEP_BACK' });
    expect(store.getState().frame.timeMs).toBe(first.timeMs);
  });

  it('a violation pauses playback; scrubbing holds playback until released', () => {
    const { actor, state } = start();
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'VIOLATION' });
    expect(state()).toBe('paused');
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'SCRUB_START' });
    expect(state()).toBe('scrubbing');
    actor.send({ type: 'PLAY' }); // ignored while the user holds the scrubber
    expect(state()).toBe('scrubbing');
    actor.send({ type: 'SCRUB_END' });
    expect(state()).toBe('paused');
  });

  it('Play clears the notice of the violation that stopped it', () => {
    const { actor, store } = start();
    store.setState({ stoppedBy: { time: 1, invariant: 'ElectionSafety', detail: 'x' } });
    actor.send({ type: 'PLAY' });
    expect(store.getState().stoppedBy).toBeNull();
  });
});
