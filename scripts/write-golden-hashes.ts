/**
 * Rewrite test/unit/fixtures/golden-hashes.json. Only for a deliberate change of what runs
 * compute, which breaks replay of old links: bump the scenario `version` with it (CONTRACT §1).
 */
import { writeFileSync } from 'node:fs';
import { goldenHashes } from '../test/unit/support/golden';

writeFileSync(new URL('../test/unit/fixtures/golden-hashes.json', import.meta.url), `${JSON.stringify(goldenHashes(), null, 2)}\n`);
