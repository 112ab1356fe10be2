/** The `?` overlay: every keyboard shortcut. */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/context';
import { keyLabel, SHORTCUTS } from '../keyboard';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { m } = useI18n();
  // Close takes the focus (Enter or Space closes) without scrolling the box to its end: the title stays in view
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // closed, it gives the focus back to what had it (the ? button, a node), not to the page's start
    const opener = document.activeElement;
    close.current?.focus({ preventScroll: true });
    return () => { if (opener instanceof HTMLElement || opener instanceof SVGElement) opener.focus({ preventScroll: true }); };
  }, []);
  return (
    <div className="overlay" onClick={onClose}>
      {/* modal: Tab stays on its one button (Esc or Close leaves) */}
      <div className="overlay-box" role="dialog" aria-modal="true" aria-label={m.keysTitle} onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => { if (e.key === 'Tab') { e.preventDefault(); close.current?.focus(); } }}>
        <h2>{m.keysTitle}</h2>
        <table>
          <thead><tr><th>{m.keyCol}</th><th>{m.actionCol}</th></tr></thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.command}><td>{s.keys.map((k) => <kbd key={k}>{keyLabel(k)}</kbd>)}</td><td>{s.label(m)}</td></tr>
            ))}
            {/* not a page-wide shortcut: Enter acts on the node that has the focus */}
            <tr><td><kbd>Tab</kbd><kbd>Enter</kbd></td><td>{m.key_nodeMenu}</td></tr>
          </tbody>
        </table>
        <button type="button" onClick={onClose} ref={close}>{m.close}</button>
      </div>
    </div>
  );
}
