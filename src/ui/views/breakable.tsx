import type { ReactNode } from 'react';

/** A camelCase name (AppendEntriesReply) may wrap between its words in a narrow box. */
export function breakable(text: string): ReactNode[] {
  return text.split(/(?<=[a-z])(?=[A-Z])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}
