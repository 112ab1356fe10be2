/**
 * What the page loads to start: the modules src/ui/main.tsx reaches by static imports. The
 * lessons and the library entries (most of the page's text) are left to import() on demand
 * (src/ui/state/content.ts), so a change that imports them statically again fails here before
 * it shows in the bundle figure of `npm run bench`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Static imports (`import … from`, `export … from`, `import '…'`), not `import('…')`, and not type-only ones. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;'"]*?from\s+)?['"](\.[^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const base = resolve(dirname(file), m[4]);
    const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => existsSync(f) && statSync(f).isFile());
    if (found && /\.tsx?$/.test(found)) out.push(found);
  }
  return out;
}

function startUpModules(entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const next of staticImports(todo.pop()!)) {
      if (!seen.has(next)) { seen.add(next); todo.push(next); }
    }
  }
  return seen;
}

describe('start-up imports', () => {
  const modules = [...startUpModules(resolve('src/ui/main.tsx'))].map((f) => f.slice(resolve('.').length + 1));

  it('reach the app itself', () => {
    expect(modules).toContain('src/ui/App.tsx');
    expect(modules).toContain('src/ui/state/content.ts');
  });

  it('leave out every lesson script and library entry (loaded on demand)', () => {
    const texts = modules.filter((f) => /^src\/scenario\/(lessons|library)\//.test(f));
    // the lessons' machine, plan and types, and the library's types and finder, are code the page needs at once
    expect(texts.filter((f) => !/\/(machine|plan|types|find)\.ts$/.test(f))).toEqual([]);
  });
});
