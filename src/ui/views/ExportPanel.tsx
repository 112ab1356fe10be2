/** Export the scenario, the trace and the cluster view; import a scenario (or trace) file. */
import { useRef, useState } from 'react';
import { said, ScenarioError } from '../../scenario/schema';
import { clusterSvg, download, fileStem, readImportedFile, scenarioFileText, svgToPng, traceFile } from '../export';
import { useI18n } from '../i18n/context';
import { useAppStoreApi } from '../state/context';
import { problemOf } from '../state/store';
import { closeLesson } from '../state/lesson';

/** Files larger than this are refused before reading (a scenario is a few kB; the limit allows 10,000 events). */
const MAX_IMPORT_BYTES = 5_000_000;

export function ExportPanel() {
  const { m } = useI18n();
  const store = useAppStoreApi();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);

  const cluster = () => document.querySelector<HTMLElement>('.cluster');

  const importFile = async (file: File) => {
    const s = store.getState();
    try {
      if (file.size > MAX_IMPORT_BYTES) throw new ScenarioError('file', said(`larger than ${MAX_IMPORT_BYTES} bytes`, `超过 ${MAX_IMPORT_BYTES} 字节`));
      const { scenario, time, ignored } = readImportedFile(await file.text());
      closeLesson(store);
      s.load(scenario, time);
      s.setIgnoredFields(ignored);
      s.setLoadProblem(null);
      setStatus(m.importedFile(file.name));
    } catch (e) {
      // the run on screen stays; the problem names the field
      s.setLoadProblem(problemOf(e, 'file', 'file'));
      setStatus(null);
    }
  };

  return (
    <div className="export-panel">
      <div className="button-row">
        <button type="button" onClick={() => {
          const s = store.getState();
          download(`${fileStem(s)}.scenario.json`, scenarioFileText(s.scenario));
        }}>{m.exportScenario}</button>
        <button type="button" onClick={() => input.current?.click()}>{m.importScenario}</button>
        <input ref={input} type="file" accept="application/json,.json" hidden data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }} />
        <button type="button" onClick={() => {
          const s = store.getState();
          download(`${fileStem(s)}.trace.json`, JSON.stringify(traceFile(s)));
        }}>{m.exportTrace}</button>
        <button type="button" onClick={() => {
          const el = cluster();
          if (!el) return;
          download(`${fileStem(store.getState())}.svg`, clusterSvg(el).svg, 'image/svg+xml');
        }}>{m.exportSvg}</button>
        <button type="button" onClick={async () => {
          const el = cluster();
          if (!el) return;
          const { svg, width, height } = clusterSvg(el);
          download(`${fileStem(store.getState())}.png`, await svgToPng(svg, width, height));
        }}>{m.exportPng}</button>
      </div>
      {status && <p className="hint" role="status">{status}</p>}
    </div>
  );
}
