/** What a library entry is: a ready scenario plus the words a teacher would say about it. */
import type { Text } from '../../protocols/explain';
import type { ProtocolName, Scenario } from '../../sim/types';

/** Every text the learner reads exists in English and in Simplified Chinese. */
export type { Text };

export interface LibraryEntry {
  /** kebab-case, stable: share links and lessons refer to it */
  readonly id: string;
  readonly protocol: ProtocolName;
  readonly title: Text;
  /** one paragraph: what happens and why it matters */
  readonly explanation: Text;
  /** the moment to watch: a virtual time to seek to and what to look at there */
  readonly moment: { readonly at: number; readonly text: Text };
  /** a valid CONTRACT §1 scenario (checked by validateScenario in the tests) */
  readonly scenario: Scenario;
}
