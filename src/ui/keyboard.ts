/** Keyboard shortcuts: one table, shown by the `?` overlay and used by the key handler. */
import type { Messages } from './i18n/en';

export interface Shortcut { keys: string[]; label: (m: Messages) => string; command: Command }

export type Command =
  | 'toggle' | 'step' | 'stepBack' | 'request' | 'crashLeader' | 'restartAll' | 'timeout' | 'alignTimers'
  | 'isolateLeader' | 'heal' | 'stepMode' | 'theme' | 'faster' | 'slower' | 'help' | 'escape'
  | 'lessonNext' | 'lessonBack' | 'transfer' | 'member';

export const SHORTCUTS: Shortcut[] = [
  { keys: [' '], label: (m) => m.key_space, command: 'toggle' },
  { keys: ['ArrowRight'], label: (m) => m.key_right, command: 'step' },
  { keys: ['ArrowLeft'], label: (m) => m.key_left, command: 'stepBack' },
  { keys: ['c'], label: (m) => m.key_c, command: 'request' },
  { keys: ['k'], label: (m) => m.key_k, command: 'crashLeader' },
  { keys: ['r'], label: (m) => m.key_r, command: 'restartAll' },
  { keys: ['t'], label: (m) => m.key_t, command: 'timeout' },
  { keys: ['a'], label: (m) => m.key_a, command: 'alignTimers' },
  { keys: ['p'], label: (m) => m.key_p, command: 'isolateLeader' },
  { keys: ['h'], label: (m) => m.key_h, command: 'heal' },
  { keys: ['l'], label: (m) => m.key_l, command: 'transfer' },
  { keys: ['m'], label: (m) => m.key_m, command: 'stepMode' },
  { keys: ['v'], label: (m) => m.key_v, command: 'member' },
  { keys: ['d'], label: (m) => m.key_d, command: 'theme' },
  { keys: ['+', '='], label: (m) => m.key_plus, command: 'faster' },
  { keys: ['-'], label: (m) => m.key_minus, command: 'slower' },
  { keys: ['?'], label: (m) => m.key_help, command: 'help' },
  { keys: ['Escape'], label: (m) => m.key_escape, command: 'escape' },
  // presentation clickers send Page Down and Page Up
  { keys: ['PageDown'], label: (m) => m.key_pageDown, command: 'lessonNext' },
  { keys: ['PageUp'], label: (m) => m.key_pageUp, command: 'lessonBack' },
];

/** The command bound to a key press, or null. */
export function commandFor(key: string): Command | null {
  const k = key.length === 1 ? key.toLowerCase() : key;
  for (const s of SHORTCUTS) if (s.keys.includes(k) || s.keys.includes(key)) return s.command;
  return null;
}

/** How a key is printed in the help overlay. */
export function keyLabel(key: string): string {
  switch (key) {
    case ' ': return 'Space';
    case 'ArrowRight': return '→';
    case 'ArrowLeft': return '←';
    case 'Escape': return 'Esc';
    case 'PageDown': return 'Page Down';
    case 'PageUp': return 'Page Up';
    default: return key.toUpperCase();
  }
}
