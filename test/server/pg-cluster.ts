/**
 * A throw-away PostgreSQL cluster for tests: initdb in a temp dir, pg_ctl on a free loopback port,
 * stopped and deleted afterwards. Uses Debian's binaries (/usr/lib/postgresql/<v>/bin); when they
 * are missing it throws with the install command — the tests fail, they never skip.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers.ts';

export const INSTALL_POSTGRES = 'apt-get update && apt-get install -y postgresql';

export interface PgCluster {
  url: string;
  stop(): Promise<void>;
}

/** Finds initdb / pg_ctl of the newest installed PostgreSQL. */
export function findPostgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `PostgreSQL is not installed, and the store tests need it (they start a throw-away cluster).\n` +
        `Install it with:\n  sudo sh -c '${INSTALL_POSTGRES}'`,
    );
  }
  return join(base, versions[0]!, 'bin');
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'skylit-pg-'));
  const data = join(dir, 'data');
  const isRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run it as the postgres user, in a directory that user owns.
  const asUser = (cmd: string, args: string[]) =>
    isRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  try {
    asUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    asUser(join(bin, 'pg_ctl'), [
      '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`Could not start a throw-away PostgreSQL: ${(error as Error).message}\n${stderr}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        asUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

