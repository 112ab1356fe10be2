// `node scripts/cli.mjs <name> …args` runs the headless CLI src/cli/<name>.ts (sim, fuzz) from a
// bundle that esbuild rebuilds whenever a source file is newer than it, so a run starts in
// milliseconds instead of compiling TypeScript every time (as tsx did), and a fresh checkout
// needs no build step. A CLI's worker threads (src/cli/<name>-worker.ts) are bundled beside it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.build');
const name = process.argv[2] ?? '';
const entries = [name, `${name}-worker`].filter((n) => existsSync(join(root, 'src', 'cli', `${n}.ts`)));
if (!/^[a-z-]+$/.test(name) || entries[0] !== name) {
  process.stderr.write('usage: node scripts/cli.mjs <name> [args…], with src/cli/<name>.ts a CLI (sim, fuzz)\n');
  process.exit(2);
}
const bundles = entries.map((n) => join(out, `${n}.js`));

/** The newest modification time of the files the bundles are built from. */
function newestSource() {
  let newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

const built = Math.min(...bundles.map((b) => statSync(b, { throwIfNoEntry: false })?.mtimeMs ?? -1));
if (built < newestSource()) {
  const { build } = await import('esbuild');
  // built apart and renamed into place, so a CLI started meanwhile never reads half a file
  const partial = join(out, `.partial-${process.pid}`);
  await build({
    entryPoints: entries.map((n) => join(root, 'src', 'cli', `${n}.ts`)), outdir: partial,
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  });
  mkdirSync(out, { recursive: true });
  for (const n of entries) renameSync(join(partial, `${n}.js`), join(out, `${n}.js`));
  rmSync(partial, { recursive: true, force: true });
}

// the CLI reads its arguments from process.argv.slice(2), as when started directly
process.argv.splice(2, 1);
await import(pathToFileURL(bundles[0]).href);
