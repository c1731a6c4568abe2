// Finds the Chromium the browser tests (and benchmarks, screenshots) run in.
// Order: $CHROME_PATH, then Debian's /usr/bin/chromium. When neither exists and we are root with
// apt-get, installs Debian's `chromium`; otherwise stops with the exact command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_PATH = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

/** Launch flags that work headless as root on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** @returns {string} the path of a Chromium executable, installing Debian's when it can. */
export function findChromium({ install = true } = {}) {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROME_PATH is set to ${fromEnv}, but no file is there. Unset it or point it at a Chromium binary.`);
  }
  if (existsSync(DEBIAN_PATH)) return DEBIAN_PATH;
  if (!install) fail(`No Chromium found. Install it with:\n  sudo sh -c '${INSTALL}'\nor set CHROME_PATH.`);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    console.log(`[skylit] Chromium is missing; installing Debian's package (${INSTALL}) …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('sh', ['-c', `${INSTALL} >/dev/null`], { stdio: 'inherit', env });
    if (existsSync(DEBIAN_PATH)) return DEBIAN_PATH;
    fail(`apt-get finished but ${DEBIAN_PATH} is still missing.`);
  }
  fail(
    `No Chromium found for the browser tests. Install it with:\n  sudo sh -c '${INSTALL}'\n` +
      `or set CHROME_PATH to a Chromium or Chrome binary.`,
  );
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`[skylit] ${message}`);
  process.exit(1);
}
