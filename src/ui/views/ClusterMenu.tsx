/** The menu that opens on a node, a message or a link: every item is a scenario event now. */
import { useEffect, useRef, useState } from 'react';
import { NetworkState } from '../../sim/network';
import { useI18n } from '../i18n/context';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageName } from '../protocols/types';
import * as act from '../state/actions';
import { useApp, useAppStoreApi, useSimAtEvent } from '../state/context';
import { selectScenario } from '../state/store';
import { breakable } from './breakable';
import { useDismiss } from './useDismiss';

export type MenuSubject =
  | { kind: 'node'; node: number }
  | { kind: 'message'; message: number }
  | { kind: 'link'; a: number; b: number };

export type MenuTarget = MenuSubject & { x: number; y: number; byKeyboard?: boolean };

export function ClusterMenu({ target, onClose }: { target: MenuTarget; onClose: () => void }) {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const frame = useSimAtEvent();
  const scenario = useApp(selectScenario);
  const sim = frame.sim;
  const run = (events: ReturnType<typeof act.crash>) => { store.getState().act(events); onClose(); };
  const box = useRef<HTMLDivElement>(null);
  // opened from the keyboard: the focus goes to the first item, and back to the node when it closes
  useEffect(() => {
    if (!target.byKeyboard) return;
    const opener = document.activeElement as HTMLElement | SVGElement | null;
    const menu = box.current;
    menu?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => {
      const active = document.activeElement;
      const inMenuOrLost = !active || active === document.body || !!menu?.contains(active);
      if (inMenuOrLost && opener?.isConnected) opener.focus();
    };
  }, [target.byKeyboard]);
  // Esc, or a press anywhere outside (a finger on Step or on the logs left it open), closes it
  useDismiss(box, true, onClose);

  let title = '';
  let body: React.ReactNode = null;
  if (target.kind === 'node') {
    const id = target.node;
    title = m.nodeMenuTitle(id);
    body = (
      <>
        {sim.up[id]
          ? <button type="button" role="menuitem" onClick={() => run(act.crash(id))}>{m.crash}</button>
          : <button type="button" role="menuitem" onClick={() => run(act.restart(id))}>{m.restart}</button>}
        <button type="button" role="menuitem" disabled={!sim.up[id]} onClick={() => run(act.timeoutNow(id))}>{m.timeoutNow}</button>
        <button type="button" role="menuitem" disabled={!sim.up[id]} onClick={() => run(act.clientRequest(scenario, id))}>{m.clientRequest}</button>
        {sim.protocol.events?.includes('transfer') && (
          <button type="button" role="menuitem" disabled={!act.canTransfer(sim, id)} onClick={() => run(act.transfer(id))}>{m.transferTo(id)}</button>
        )}
        {PROTOCOL_VIEWS[sim.scenario.protocol].nodeActions?.(sim, id, m).map((a) => (
          <button key={a.id} type="button" role="menuitem" data-action={a.id} disabled={a.disabled} onClick={() => run(a.events)}>{a.label}</button>
        ))}
      </>
    );
  } else if (target.kind === 'message') {
    const msg = sim.inFlight.get(target.message);
    title = msg ? m.messageTitle(msg.id, messageName(PROTOCOL_VIEWS[sim.scenario.protocol], msg, m)) : m.messageGoneTitle(target.message);
    body = msg ? (
      <>
        <button type="button" role="menuitem" onClick={() => run(act.dropMessage(msg.id))}>{m.dropMessage}</button>
        <button type="button" role="menuitem" onClick={() => run(act.deliverMessage(msg.id))}>{m.deliverNow}</button>
        <button type="button" role="menuitem" onClick={() => run(act.duplicateMessage(msg.id))}>{m.duplicateMessage}</button>
      </>
    ) : <p className="menu-note">{m.messageGone}</p>; // a step (a key, the scrubber) moved it off the wire under the menu
  } else {
    title = m.linkTitle(target.a, target.b);
    body = <LinkEditor a={target.a} b={target.b} run={run} />;
  }

  return (
    <div ref={box} className="menu" style={{ left: target.x, top: target.y }} {...(target.kind === 'link' ? {} : { role: 'menu', 'aria-label': title })}
      onClick={(e) => e.stopPropagation()} onKeyDown={(e) => moveInMenu(e, box.current)}>
      {/* a message's type (AppendEntriesReply) is one long word: it wraps between its words, not out of the menu */}
      <div className="menu-title">{breakable(title)}</div>
      {body}
    </div>
  );
}

/** Up and Down (Home, End) move the focus between a menu's items, round from the last to the first. */
function moveInMenu(e: React.KeyboardEvent, menu: HTMLElement | null) {
  const step = ({ ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity } as Record<string, number>)[e.key];
  if (!step || !menu || (e.target as HTMLElement).tagName === 'INPUT') return;
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')];
  if (items.length === 0) return;
  e.preventDefault();
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = step === -Infinity ? 0 : step === Infinity ? items.length - 1 : (Math.max(at, step > 0 ? -1 : 0) + step + items.length) % items.length;
  items[next].focus();
}

function LinkEditor({ a, b, run }: { a: number; b: number; run: (events: ReturnType<typeof act.crash>) => void }) {
  const { m } = useI18n();
  const sim = useSimAtEvent().sim;
  const net = sim.network;
  const current = net.links.get(NetworkState.linkKey(a, b));
  const directions = [current, net.links.get(NetworkState.linkKey(b, a))];
  // Cut is offered while the link still carries messages; Restore only once it is cut or changed
  const cut = directions.every((o) => (o?.dropRate ?? 0) >= 1);
  const changed = directions.some((o) => o && ((o.dropRate ?? 0) > 0 || (o.latency !== undefined &&
    (o.latency.min !== net.settings.latency.min || o.latency.max !== net.settings.latency.max))));
  const [min, setMin] = useState(String(current?.latency?.min ?? sim.network.settings.latency.min));
  const [max, setMax] = useState(String(current?.latency?.max ?? sim.network.settings.latency.max));
  const [loss, setLoss] = useState(String(current?.dropRate ?? sim.network.settings.dropRate));
  const [problem, setProblem] = useState<string | null>(null);
  const apply = () => {
    const lo = Number(min);
    const hi = Number(max);
    const drop = Number(loss);
    if (!Number.isFinite(lo) || lo < 0) return setProblem(m.invalidField(m.linkLatency, m.reasonNonNegative));
    if (!Number.isFinite(hi) || hi < lo) return setProblem(m.invalidField(m.linkLatency, m.reasonAtLeast(lo)));
    if (!Number.isFinite(drop) || drop < 0 || drop > 1) return setProblem(m.invalidField(m.linkLoss, m.reasonRate));
    run(act.setLink(a, b, { min: lo, max: hi }, drop));
  };
  return (
    <>
      {/* a menu holds items, not fields: Cut and Restore are the link's menu, its latency and loss a group beside it */}
      <div role="menu" aria-label={m.linkTitle(a, b)}>
        {!cut && <button type="button" role="menuitem" onClick={() => run(act.cutLink(a, b))}>{m.cutLink}</button>}
        {changed && <button type="button" role="menuitem" onClick={() => run(act.restoreLink(a, b))}>{m.restoreLink}</button>}
      </div>
      <div role="group" aria-label={m.linkSettings} className="menu-fields">
        <label className="menu-field">{m.linkLatency}
          <span className="pair">
            <input type="number" min={0} value={min} onChange={(e) => setMin(e.target.value)} aria-label={m.latencyMin} />
            <input type="number" min={0} value={max} onChange={(e) => setMax(e.target.value)} aria-label={m.latencyMax} />
          </span>
        </label>
        <label className="menu-field">{m.linkLoss}
          <input type="number" min={0} max={1} step={0.05} value={loss} onChange={(e) => setLoss(e.target.value)} />
        </label>
        {problem && <p role="alert" className="field-error">{problem}</p>}
        <button type="button" onClick={apply}>{m.apply}</button>
      </div>
    </>
  );
}
