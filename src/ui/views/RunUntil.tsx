/**
 * Run until (a breakpoint): pick a goal and the run plays until the first moment it holds (a new
 * leader, an entry committed, a value chosen, the next violation), then pauses there. And the
 * speed presets beside the slider: slow motion, real time, fast.
 */
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { useApp, useAppStoreApi, usePlayback } from '../state/context';
import type { Goal } from '../state/breakpoints';
import { goalsFor } from '../state/breakpoints';
import { SPEED_PRESETS, selectProtocol, selectRunUntil, selectRunUntilResult, selectSpeed } from '../state/store';
import { formatTime } from './format';

const GOAL_TEXT: Record<Goal, (m: Messages) => string> = {
  leader: (m) => m.runUntilLeader,
  commit: (m) => m.runUntilCommit,
  chosen: (m) => m.runUntilChosen,
  violation: (m) => m.runUntilViolation,
};

export function RunUntilMenu() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const playback = usePlayback();
  const protocol = useApp(selectProtocol);
  const running = useApp(selectRunUntil);
  const result = useApp(selectRunUntilResult);
  const start = (goal: Goal) => {
    store.getState().startRunUntil(goal);
    playback.send({ type: 'PLAY' });
  };
  return (
    <div className="run-until">
      <select aria-label={m.runUntil} value={running?.goal ?? ''}
        onChange={(e) => { if (e.target.value) start(e.target.value as Goal); }}>
        <option value="">{m.runUntil}</option>
        {goalsFor(protocol).map((g) => <option key={g} value={g}>{GOAL_TEXT[g](m)}</option>)}
      </select>
      <span className="run-until-status" role="status" data-run-until={running?.goal ?? ''}>
        {running ? m.runUntilRunning(GOAL_TEXT[running.goal](m))
          : result && !result.reached ? m.runUntilNever(GOAL_TEXT[result.goal](m), formatTime(result.timeMs)) : ''}
      </span>
    </div>
  );
}

const PRESETS = [['slow', (m: Messages) => m.speedSlow], ['normal', (m: Messages) => m.speedNormal], ['fast', (m: Messages) => m.speedFast]] as const;

export function SpeedPresets() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const speed = useApp(selectSpeed);
  return (
    <span className="speed-presets" role="group" aria-label={m.speedPresets}>
      {PRESETS.map(([name, text]) => (
        <button key={name} type="button" aria-pressed={Math.abs(speed - SPEED_PRESETS[name]) < 1e-9}
          onClick={() => store.getState().setSpeed(SPEED_PRESETS[name])}>{text(m)}</button>
      ))}
    </span>
  );
}
