/**
 * What a screen reader is told unasked, through a polite live region: the cluster's new leader. Not
 * every event (that would drown the reader): a leader is said once it has held for a moment of real
 * time, so a livelock's many short-lived leaders, or a scrub across a run, say little. Violations are
 * said by their alert (Notices), and a lesson's step by its narration.
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/context';
import { useAppStoreApi } from '../state/context';

/** How long (real ms) a new leader must last before it is said. */
const SETTLE_MS = 700;

export function Announcer() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let shown = store.getState().frame.sim.leader();
    let timer = 0;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame === prev.frame) return;
      const leader = s.frame.sim.leader();
      // a newly opened run starts from its own leader, unsaid
      if (s.scenario !== prev.scenario) shown = leader;
      if (leader === shown) return;
      shown = leader;
      clearTimeout(timer);
      const el = box.current;
      if (!el) return;
      // no leader: the region empties silently, so the same node elected again is said again
      if (leader === null) { el.textContent = ''; return; }
      timer = window.setTimeout(() => { el.textContent = m.announceLeader(leader); }, SETTLE_MS);
    });
    return () => { unsubscribe(); clearTimeout(timer); };
  }, [store, m]);
  return <div className="sr-only" role="status" data-announcer="" ref={box} />;
}
