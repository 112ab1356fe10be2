/**
 * What a Raft log cell says: a short form of its entry that fits the cell at presenter size (a
 * configuration entry as ⚙ with its voters, or while joint the servers it adds and removes; a
 * write as the value it writes, unique in a run; a read as key?; a no-op in the page's language;
 * a lock-service op as its client and a mark, c1→L),
 * and the entry in full for its tooltip.
 */
import type { Configuration, Entry } from '../../../protocols/raft/types';
import type { ClientOp } from '../../../sim/types';
import type { Messages } from '../../i18n/en';

/** Ids as ranges where they run on ("1–5", "1–3,5"), else one by one ("1,4"). */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** A configuration in a cell: its voters, or while joint (C_old,new) the servers added (+) and removed (−). */
export function configShort(c: Configuration): string {
  if (!c.outgoing) return idRanges(c.voters);
  const added = c.voters.filter((id) => !c.outgoing!.includes(id));
  const removed = c.outgoing.filter((id) => !c.voters.includes(id));
  return `${added.length ? `+${added.join('')}` : ''}${removed.length ? `−${removed.join('')}` : ''}` || idRanges(c.voters);
}

const servers = (ids: readonly number[]): string => `{${ids.map((n) => `S${n}`).join(', ')}}`;

/** The coordination service's ops in a cell: the client and a mark, the same in both languages (the tooltip says it in words). */
const SERVICE_SHORT: Partial<Record<ClientOp['op'], (op: ClientOp) => string>> = {
  open: (op) => `c${op.client}+`,
  keepalive: (op) => `c${op.client}♥`,
  acquire: (op) => `c${op.client}→${op.key}`,
  release: (op) => `c${op.client}←${op.key}`,
  close: (op) => `c${op.client}×`,
  watch: (op) => `c${op.client}◎${op.key}`,
  cas: (op) => `≟${op.value ?? '∅'}`,
};

export interface EntryText {
  /** the cell's text */
  short: string;
  /** a configuration entry (the cell shows the ⚙ mark) */
  config: boolean;
  /** the entry in full, for the cell's tooltip */
  full: string;
}

export function entryText(e: Entry, m: Messages): EntryText {
  const c = e.config;
  if (c) {
    return { short: configShort(c), config: true, full: c.outgoing ? m.configJoint(servers(c.outgoing), servers(c.voters)) : m.configMembers(servers(c.voters)) };
  }
  if (e.op === null && e.command === 'no-op') return { short: m.noOp, config: false, full: m.noOp };
  if (e.op?.op === 'put' && e.op.value !== null) return { short: e.op.value, config: false, full: e.command };
  if (e.op?.op === 'get') return { short: `${e.op.key}?`, config: false, full: e.command };
  const service = e.op ? SERVICE_SHORT[e.op.op] : undefined;
  if (e.op && service) return { short: service(e.op), config: false, full: m.serviceEntry(e.op.client, e.command) };
  return { short: e.command, config: false, full: e.command };
}
