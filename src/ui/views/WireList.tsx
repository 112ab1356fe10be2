/**
 * The messages waiting on the wire in "deliver by hand" mode, as a list: each with its look (shape,
 * colour, term or round), its sender and receiver, and Deliver and Drop. Thirty-six RequestVotes of
 * three terms are alike as dots; here each reads "RequestVote 3 · S2→S5". Pointing at a row (or
 * focusing it) selects its message, so its dot stands out on the ring.
 */
import { memo } from 'react';
import type { Simulation } from '../../sim/engine';
import type { Message } from '../../sim/types';
import { useI18n } from '../i18n/context';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageLook, messageName } from '../protocols/types';
import * as act from '../state/actions';
import { useAppStoreApi } from '../state/context';
import { HOLD_LATENCY_MS } from '../state/store';
import { MessageSwatch } from './Legend';

/** The messages held on the wire, oldest (lowest id) first. */
export function heldMessages(sim: Simulation): Message[] {
  const out: Message[] = [];
  for (const msg of sim.inFlight.values()) if (msg.deliverAt - msg.sentAt >= HOLD_LATENCY_MS * 1000) out.push(msg);
  return out.sort((a, b) => a.id - b.id);
}

/** Redrawn when an event happens (held messages do not move), not on every frame. */
export const WireList = memo(function WireList({ sim }: { sim: Simulation; events: number }) {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const view = PROTOCOL_VIEWS[sim.scenario.protocol];
  const held = heldMessages(sim);
  const select = (id: number | null) => store.getState().select(id === null ? null : { kind: 'message', id });
  return (
    <section className="wire-list" aria-label={m.wireTitle(held.length)} onClick={(e) => e.stopPropagation()}>
      <h3 className="wire-title">{m.wireTitle(held.length)}</h3>
      <p className="hint">{held.length === 0 ? m.wireEmpty : m.wireHint}</p>
      <ol>
        {held.map((msg) => {
          const look = messageLook(view, msg, m);
          const name = messageName(view, msg, m);
          const doomed = msg.lost || sim.network.separated(msg.from, msg.to) || !sim.up[msg.to];
          return (
            <li key={msg.id} data-message-id-list={msg.id} className={doomed ? 'is-doomed' : undefined}
              onPointerEnter={() => select(msg.id)} onFocus={() => select(msg.id)}>
              <MessageSwatch category={look.category} badge={look.badge} size={7} />
              <span className="wire-name" title={name}>{look.label}</span>
              <span className="wire-route">{m.wireRoute(msg.from, msg.to)}</span>
              <button type="button" aria-label={m.wireDeliverAria(msg.id, name)}
                onClick={() => store.getState().act(act.deliverMessage(msg.id))}>{m.wireDeliver}</button>
              <button type="button" aria-label={m.wireDropAria(msg.id, name)}
                onClick={() => store.getState().act(act.dropMessage(msg.id))}>{m.wireDrop}</button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}, (a, b) => a.sim === b.sim && a.events === b.events);
