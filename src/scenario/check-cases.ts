/**
 * The exhaustive search's cases, as the plug-ins declare them (SearchProfile.cases and .clean):
 * each teaching bug with the depth of its shortest counterexample and the bounds that keep the
 * search small, and the depth each correct protocol completes. test/unit/check.test.ts checks
 * them; scripts/check-table.ts measures them for the README's table; the page's "Find a failure" panel searches each bug with
 * its case's bounds (find-failure.ts), so what the tests prove it finds, the page finds too.
 */
import { PROTOCOLS, PROTOCOL_NAMES } from '../protocols/registry';

/** Every plug-in's cases (SearchProfile.cases), with the protocol, model and cluster size spelt out. */
export const BUGS = PROTOCOL_NAMES.flatMap((protocol) => (PROTOCOLS[protocol].search?.cases ?? [])
  .map((c) => ({ ...c, protocol, model: c.model ?? 'rounds', nodes: c.nodes ?? 3 })));

export type SearchCase = (typeof BUGS)[number];

/** The case a bug is searched with by default: its first (the rounds model's), or null for a bug with none. */
export function searchCaseFor(protocol: string, bug: string): SearchCase | null {
  return BUGS.find((b) => b.protocol === protocol && b.bug === bug) ?? null;
}

/** With no bug, each protocol completes this depth clean, at the default bounds and its own (README states the figures). */
export const CLEAN = PROTOCOL_NAMES.flatMap((protocol) => {
  const clean = PROTOCOLS[protocol].search?.clean;
  return clean ? [{ ...clean, protocol }] : [];
});
