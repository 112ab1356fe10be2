/**
 * The coordination service as its clients and the storage see it (workload `kind: "lock"`):
 * each client's session TTL draining and renewed, who held lock L when and with which token,
 * the storage's writes with accepted or rejected marks, and a paused client drawn frozen.
 * Time runs left to right, from 0 to the moment shown, on one scale shared by every lane.
 */
import type { CSSProperties } from 'react';
import { scaleOrdinal } from 'd3-scale';
import { DARK2 } from '../palettes';
import type { LockWorkload } from '../../sim/lock-workload';
import type { KvStore } from '../../protocols/kv-store';
import type { LockEvent } from '../../protocols/service';
import { useI18n } from '../i18n/context';
import { useSimAtEvent } from '../state/context';
import './service.css';

const clientScale = scaleOrdinal<number, string>(DARK2);
/** Each client keeps one colour across the sessions, the lock bars and the storage's marks. */
const clientColor = (client: number): string => clientScale(client % 8);

const pct = (share: number): string => `${(share * 100).toFixed(2)}%`;

export function ServicePanel() {
  const { m } = useI18n();
  const sim = useSimAtEvent().sim;
  const locks = sim.locks;
  if (!locks) return null;
  const now = sim.timeMs;
  // the service's own record (the replica that has applied the most): when it expired a session
  let events: readonly LockEvent[] = [];
  for (const id of sim.nodeIds) {
    const e = (sim.nodes[id] as KvStore).service?.events;
    if (e && e.length > events.length) events = e;
  }
  const expiries = events.filter((e) => e.kind === 'expire');
  // time as a share of each lane's width: 0 at the left, now at the right (a clamped ratio: d3's
  // linear scale would bring its interpolators and number formats into the bundle for one division)
  const span = Math.max(now, 1);
  const x = (t: number) => Math.min(1, Math.max(0, t / span));
  return (
    <div className="service-panel" data-testid="service-panel">
      <ul className="service-sessions">
        {locks.clients.map((c, id) => c && (
          <SessionRow key={id} client={id} locks={locks} now={now} paused={(sim.pausedUntil[id] ?? 0) > now} />
        ))}
      </ul>
      <div className="service-timeline" role="img" aria-label={m.serviceTimelineLabel}>
        {locks.clients.map((c, id) => c && (
          <div key={id} className="service-lane" data-client-lane={id} data-paused={String((sim.pausedUntil[id] ?? 0) > now)}>
            <span className="service-lane-name">{m.serviceClient(id)}</span>
            <div className="service-track">
              {locks.locks.filter((l) => l.client === id).map((l) => {
                const to = l.released ?? (l.expired ? l.granted : now);
                // a hold too narrow for its token shows it beside it, on the side with the lane's room
                return (
                  <span key={l.token} data-lock-token={l.token} data-expired={String(l.expired)}
                    className={l.expired ? 'service-hold is-expired' : 'service-hold'} data-token-side={x(l.granted) > 0.5 ? 'before' : 'after'}
                    style={{ left: pct(x(l.granted)), width: pct(Math.max(x(to) - x(l.granted), 0.004)),
                      '--client-color': clientColor(id) } as CSSProperties}>
                    <span className="service-hold-token">{m.serviceToken(l.token)}</span>
                  </span>
                );
              })}
              {expiries.filter((e) => e.client === id).map((e) => (
                <span key={`x${e.revision}`} className="service-expiry" data-expired-at={e.at} title={m.serviceExpiredAt(id, e.at)}
                  style={{ left: pct(x(e.at)) }} />
              ))}
            </div>
          </div>
        ))}
        <div className="service-lane is-storage">
          <span className="service-lane-name">{m.serviceStorage}</span>
          <div className="service-track">
            {locks.storage.map((w, i) => (
              <span key={i} data-storage-write={w.token} data-accepted={String(w.accepted)} title={m.serviceWrite(w.client, w.token, w.accepted)}
                className={w.accepted ? 'service-write is-accepted' : 'service-write is-rejected'}
                style={{ left: pct(x(w.at)), '--client-color': clientColor(w.client) } as CSSProperties}>
                {w.accepted ? '●' : '✕'}
              </span>
            ))}
            {locks.inFlight.map((w, i) => (
              <span key={`f${i}`} className="service-write is-flying" style={{ left: pct(x(w.sentAt)), '--client-color': clientColor(w.client) } as CSSProperties}>○</span>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

/** One client's session: its TTL bar (draining since the last renewal), and what it believes. */
function SessionRow({ client, locks, now, paused }: { client: number; locks: LockWorkload; now: number; paused: boolean }) {
  const { m } = useI18n();
  const c = locks.clients[client];
  const left = c.session !== null && c.renewedAt !== null ? Math.max(0, locks.ttl - (now - c.renewedAt)) : 0;
  const share = left / locks.ttl;
  const state = paused ? m.servicePaused : c.phase === 'holding' ? m.serviceHolds(c.token!) : c.session === null ? m.serviceNoSession : m.servicePhase(c.phase);
  return (
    <li className="service-session" data-client={client} data-paused={String(paused)} data-phase={c.phase}>
      <span className="service-client" style={{ '--client-color': clientColor(client) } as CSSProperties}>{m.serviceClient(client)}</span>
      <span className="service-ttl" role="meter" aria-label={m.serviceTtl} aria-valuemin={0} aria-valuemax={locks.ttl} aria-valuenow={Math.round(left)}>
        <span className="service-ttl-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      <span className="service-state">{paused && <span aria-hidden="true">❄ </span>}{state}</span>
    </li>
  );
}
