// Browser tests need Debian's Chromium; fail loudly (never skip) when it is missing.
import { existsSync } from 'node:fs';
const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`Chromium not found at ${path}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH). Browser tests cannot run without it.`);
  process.exit(1);
}
