/** The countdown ring of a leader-based protocol: the election timer, else the heartbeat timer. */
import type { Simulation } from '../../sim/engine';
import type { Range } from '../../sim/types';
import type { TimerRing } from './types';

export function electionOrHeartbeatRing(sim: Simulation, id: number): TimerRing | null {
  const config = sim.config as { electionTimeout: Range; heartbeatInterval: number };
  const now = sim.timeMs;
  const election = sim.timerDeadline(id, 'election');
  if (election !== null) return { name: 'election', remainingMs: election - now, totalMs: config.electionTimeout.max };
  const heartbeat = sim.timerDeadline(id, 'heartbeat');
  if (heartbeat !== null) return { name: 'heartbeat', remainingMs: heartbeat - now, totalMs: config.heartbeatInterval };
  return null;
}
