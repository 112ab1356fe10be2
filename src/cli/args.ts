/** Argument errors shared by the CLIs: exit 2 with the reason and the CLI's usage line. */
export interface ArgErrors {
  fail(message: string): never;
  wholeNumber(flag: string, v: string | undefined, min: number, max: number): number;
}

export function argErrors(usage: string): ArgErrors {
  const fail = (message: string): never => {
    process.stderr.write(`error: ${message}\n${usage}\n`);
    process.exit(2);
  };
  return {
    fail,
    wholeNumber(flag, v, min, max) {
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < min || n > max) fail(`${flag}: must be a whole number from ${min} to ${max}, got ${v ?? 'nothing'}`);
      return n;
    },
  };
}
