/** Running the headless CLIs as child processes, as a script or a teacher would. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** A CLI of src/cli (`sim`, `fuzz`) as `npm run <name>` starts it: from its bundle (scripts/cli.mjs). */
export function runCli(name: string, args: string[], input?: string): CliResult {
  const r = spawnSync('node', ['scripts/cli.mjs', name, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same as runCli without blocking, so independent CLI runs can overlap. */
export const runCliAsync = (name: string, args: string[], input?: string): Promise<CliResult> =>
  runNodeAsync(['scripts/cli.mjs', name, ...args], input);

function runNodeAsync(nodeArgs: string[], input?: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn('node', nodeArgs, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `npm run --silent sim -- ...args` exactly as CONTRACT §3 writes it. */
export function runSimNpm(args: string[], input?: string): CliResult {
  const r = spawnSync('npm', ['run', '--silent', 'sim', '--', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Write a scenario (object or raw text) to a temporary file and return its path. */
export function scenarioFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'consensus-lab-test-'));
  const path = join(dir, 'scenario.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
