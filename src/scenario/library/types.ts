/** What a library entry is: a ready scenario plus the words a teacher would say about it. */
import type { Text } from '../../protocols/explain';
import type { ProtocolName } from '../../protocols/registry';
import type { Scenario } from '../../sim/types';

/** Every text the learner reads exists in English and in Simplified Chinese. */
export type { Text };

/**
 * What a text names, for the page to point at while the text is on screen: a node (on the ring
 * and its row of the log panel), one of its log entries (Raft index), a slot (Multi-Paxos; of one
 * node, or of every row), an entry of the cluster's committed row, or the messages of a type on
 * the wire (optionally of one sender or receiver).
 */
export type Highlight =
  | { readonly node: number; readonly entry?: number }
  | { readonly slot: number; readonly node?: number }
  | { readonly entry: number; readonly node?: undefined }
  | { readonly message: string; readonly from?: number; readonly to?: number };

export interface LibraryEntry {
  /** kebab-case, stable: share links and lessons refer to it */
  readonly id: string;
  readonly protocol: ProtocolName;
  readonly title: Text;
  /** one paragraph: what happens and why it matters */
  readonly explanation: Text;
  /** the moment to watch: a virtual time to seek to, what to look at there, and what it names */
  readonly moment: { readonly at: number; readonly text: Text; readonly highlight?: readonly Highlight[] };
  /** a valid CONTRACT §1 scenario (checked by validateScenario in the tests) */
  readonly scenario: Scenario;
}
