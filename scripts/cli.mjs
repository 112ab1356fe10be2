// `node scripts/cli.mjs <sim|fuzz> …args`: runs a headless CLI from a bundle that esbuild rebuilds
// whenever a source file is newer than it, so a run starts in milliseconds instead of paying for
// compiling TypeScript every time (tsx did that), and a fresh checkout needs no build step.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLIS = ['sim', 'fuzz'];

const name = process.argv[2];
if (!CLIS.includes(name)) {
  process.stderr.write(`usage: node scripts/cli.mjs <${CLIS.join('|')}> [args…]\n`);
  process.exit(2);
}
const entry = join(root, 'src', 'cli', `${name}.ts`);
const bundle = join(root, '.build', `${name}.mjs`);

/** The newest modification time of the files the bundle is built from. */
function newestSource() {
  let newest = statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return Math.max(newest, statSync(fileURLToPath(import.meta.url)).mtimeMs);
}

const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (built < newestSource()) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  // written beside the bundle and renamed over it, so a CLI started meanwhile never reads half a file
  const partial = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: partial, logLevel: 'warning',
  });
  renameSync(partial, bundle);
}

// the CLI reads its arguments from process.argv.slice(2), as when started directly
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
