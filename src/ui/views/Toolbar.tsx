/**
 * The teaching toolbar under the top bar: what to show (a lesson, a library scenario) and what to
 * do to the cluster (crash, partition), each one click away in every mode, presenter included.
 */
import { useI18n } from '../i18n/context';
import * as act from '../state/actions';
import { useAppStoreApi, useSimAtEvent } from '../state/context';

/** Crash or restart, isolate or heal: the faults a class asks for most, as buttons (the undoing one
 *  only while there is something to undo). */
export function QuickFaults() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const { sim } = useSimAtEvent(2);
  const run = (events: ReturnType<typeof act.heal>) => store.getState().act(events);
  const anyDown = sim.nodeIds.some((id) => !sim.up[id]);
  return (
    <div className="quick-faults" role="group" aria-label={m.faultsTitle}>
      <button type="button" onClick={() => run(act.crashLeader(sim))} aria-keyshortcuts="k">{m.crashLeader}</button>
      {anyDown && <button type="button" onClick={() => run(act.restartAll(sim))} aria-keyshortcuts="r">{m.restartAll}</button>}
      <button type="button" onClick={() => run(act.isolateLeader(sim))}>{m.isolateLeader}</button>
      {sim.network.groupOf && <button type="button" onClick={() => run(act.heal())}>{m.heal}</button>}
    </div>
  );
}

/** A button that shows or hides a drawer of panels (the tools at the side, the details below the stage). */
export function DrawerToggle({ open, controls, label, hint, onToggle }: {
  open: boolean; controls: string; label: string; hint: string; onToggle: () => void;
}) {
  return (
    <button type="button" className="drawer-toggle" aria-expanded={open} aria-controls={controls} title={hint} onClick={onToggle}>
      {label}
    </button>
  );
}
