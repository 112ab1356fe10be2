/** All the state of the selected node, or the whole of the selected message. */
import { useMemo } from 'react';
import type { Message } from '../../sim/types';
import { useI18n } from '../i18n/context';
import type { Messages } from '../i18n/en';
import { PROTOCOL_VIEWS } from '../protocols';
import { messageName } from '../protocols/types';
import { useApp, useSimAtEvent } from '../state/context';
import { selectSelection, type AppState } from '../state/store';
import { formatTime } from './format';

const selectTimeline = (s: AppState) => s.timeline;

/** JSON that survives Infinity and shows Sets and Maps. */
function pretty(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v === Infinity) return '∞';
    if (v instanceof Map) return Object.fromEntries(v);
    if (v instanceof Set) return [...v];
    return v;
  }, 2);
}

/** A value of the node's report in a word: numbers and names as they are, a list by its length. */
function brief(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return `[${value.length}]`;
  if (typeof value === 'object') return pretty(value).replace(/\s+/g, ' ');
  return String(value);
}

/** A node's fields as the CLI report names them (role, term, commitIndex…) or a message's, the long lists left to the JSON. */
function Fields({ report }: { report: Record<string, unknown> }) {
  const fields = Object.entries(report).filter(([k]) => k !== 'id');
  return (
    <dl className="inspector-fields">
      {fields.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{brief(v)}</dd></div>)}
    </dl>
  );
}

/** The whole state as JSON, for whoever reads the code beside it: behind a disclosure. */
function RawJson({ m, value }: { m: Messages; value: unknown }) {
  return (
    <details className="inspector-raw">
      <summary>{m.rawState}</summary>
      <pre className="inspector-json" data-testid="inspector-json">{pretty(value)}</pre>
    </details>
  );
}

export function Inspector() {
  const { m } = useI18n();
  const frame = useSimAtEvent(2);
  const selection = useApp(selectSelection);
  const timeline = useApp(selectTimeline);
  const sim = frame.sim;

  const message = useMemo<Message | null>(() => {
    if (selection?.kind !== 'message') return null;
    const live = sim.inFlight.get(selection.id);
    if (live) return live;
    return timeline.trace.sendOf(selection.id)?.msg ?? null;
  }, [selection, sim, timeline, frame.events]);

  if (!selection) return <p className="empty">{m.inspectorEmpty}</p>;
  if (selection.kind === 'node') {
    const id = selection.id;
    const timers = sim.protocol.timers.map((name) => {
      const at = sim.timerDeadline(id, name);
      return { name, left: at === null ? null : at - sim.timeMs };
    });
    return (
      <div className="inspector">
        <h3>{m.titled(m.nodeName(id), sim.up[id] ? m.state : m.down)}</h3>
        <dl className="inspector-timers">
          <dt>{m.timers}</dt>
          {timers.map((t) => (
            <dd key={t.name}>{t.left === null ? m.timerOff(t.name) : m.timerRemaining(t.name, formatTime(t.left))}</dd>
          ))}
        </dl>
        <Fields report={sim.protocol.reportNode(sim.nodes[id]) as Record<string, unknown>} />
        <RawJson m={m} value={sim.nodes[id]} />
      </div>
    );
  }
  if (!message) return <p className="empty">{m.inspectorEmpty}</p>;
  return (
    <div className="inspector">
      <h3>{m.messageTitle(message.id, messageName(PROTOCOL_VIEWS[sim.scenario.protocol], message, m))}</h3>
      <dl className="inspector-meta">
        <dt>{m.route(message.from, message.to)}</dt>
        <dd>{m.flightTimes(formatTime(message.sentAt / 1000), formatTime(message.deliverAt / 1000))}</dd>
        {message.lost && <dd>{m.lost}</dd>}
        {message.duplicate && <dd>{m.duplicate}</dd>}
      </dl>
      <Fields report={message.payload as Record<string, unknown>} />
      <RawJson m={m} value={message.payload} />
    </div>
  );
}
