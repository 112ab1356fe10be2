/** Partitions (presets and chosen groups; isolate-leader and heal are in the toolbar's QuickFaults), global latency, loss and duplication, step-by-step mode. */
import { useState } from 'react';
import { useI18n } from '../i18n/context';
import * as act from '../state/actions';
import { useApp, useAppStoreApi, useSimAtEvent } from '../state/context';
import { inStepMode, selectScenario } from '../state/store';

export function NetworkPanel() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const frame = useSimAtEvent(2);
  const scenario = useApp(selectScenario);
  const sim = frame.sim;
  const run = (events: ReturnType<typeof act.heal>) => store.getState().act(events);
  const [inB, setInB] = useState<Set<number>>(new Set());
  const settings = sim.network.settings;
  const stepMode = inStepMode(sim);
  const [lat, setLat] = useState({ min: String(settings.latency.min), max: String(settings.latency.max) });
  const [loss, setLoss] = useState(String(settings.dropRate));
  const [dup, setDup] = useState(String(settings.duplicateRate));
  const [problem, setProblem] = useState<string | null>(null);

  const applyNetwork = () => {
    const min = Number(lat.min);
    const max = Number(lat.max);
    const drop = Number(loss);
    const duplicate = Number(dup);
    if (!Number.isFinite(min) || min < 0) return setProblem(m.invalidField(m.globalLatency, m.reasonNonNegative));
    if (!Number.isFinite(max) || max < min) return setProblem(m.invalidField(m.globalLatency, m.reasonAtLeast(min)));
    if (!(drop >= 0 && drop <= 1)) return setProblem(m.invalidField(m.globalLoss, m.reasonRate));
    if (!(duplicate >= 0 && duplicate <= 1)) return setProblem(m.invalidField(m.globalDuplication, m.reasonRate));
    setProblem(null);
    run(act.setNetwork({ latency: { min, max }, dropRate: drop, duplicateRate: duplicate }));
  };

  return (
    <div className="network-panel">
      <label className="toggle">
        <input type="checkbox" checked={stepMode}
          onChange={() => run(stepMode ? act.releaseMessages(scenario, store.getState().frame.timeMs) : act.holdMessages())} />
        <span>{m.stepMode}</span>
      </label>
      <p className="hint">{m.stepModeHint}</p>

      <h3>{m.partition}</h3>
      <div className="button-row">
        <button type="button" onClick={() => run(act.splitTwoThree(sim))}>{m.splitTwoThree}</button>
        <button type="button" onClick={() => run(act.minorityLeader(sim))}>{m.minorityLeader}</button>
      </div>
      <fieldset className="groups">
        <legend>{m.chooseGroups}</legend>
        {sim.nodeIds.map((id) => (
          <button type="button" key={id} className={`group-chip ${inB.has(id) ? 'in-b' : 'in-a'}`} aria-pressed={inB.has(id)}
            onClick={() => setInB((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; })}>
            {m.nodeName(id)} {inB.has(id) ? m.groupB : m.groupA}
          </button>
        ))}
        <button type="button" disabled={inB.size === 0 || inB.size === sim.nodeIds.length}
          onClick={() => run(act.partition([sim.nodeIds.filter((id) => !inB.has(id)), [...inB]]))}>{m.applyGroups}</button>
      </fieldset>

      <h3>{m.faultsTitle}</h3>
      <label className="field"><span>{m.globalLatency}</span>
        <span className="pair">
          <input type="number" min={0} value={lat.min} aria-label={m.latencyMin} onChange={(e) => setLat({ ...lat, min: e.target.value })} />
          <input type="number" min={0} value={lat.max} aria-label={m.latencyMax} onChange={(e) => setLat({ ...lat, max: e.target.value })} />
        </span>
      </label>
      <label className="field"><span>{m.globalLoss}</span>
        <input type="number" min={0} max={1} step={0.05} value={loss} onChange={(e) => setLoss(e.target.value)} />
      </label>
      <label className="field"><span>{m.globalDuplication}</span>
        <input type="number" min={0} max={1} step={0.05} value={dup} onChange={(e) => setDup(e.target.value)} />
      </label>
      {problem && <p role="alert" className="field-error">{problem}</p>}
      <button type="button" onClick={applyNetwork}>{m.apply}</button>
    </div>
  );
}
