/** Form labels of the timing knobs that leader-based protocols share (a view's `knobLabels`). */
import type { Messages } from '../i18n/en';

export const LEADER_TIMING_LABELS: Readonly<Record<string, (m: Messages) => string>> = {
  'electionTimeout.min': (m) => m.knob_electionTimeoutMin,
  'electionTimeout.max': (m) => m.knob_electionTimeoutMax,
  heartbeatInterval: (m) => m.knob_heartbeatInterval,
};
