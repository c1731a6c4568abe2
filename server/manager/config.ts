/**
 * The widget manager's settings, from the environment. Safe by default: a server that anyone on a
 * network could reach (bound beyond loopback, with no bearer-token auth) has no manager at all, and
 * running uploaded code (process packages from a file) or reaching private addresses is allowed
 * only where the one user is the machine's owner (a loopback server without auth).
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `SKYLIT_MANAGER` | `on` on loopback or with auth, else `off` | the manager: its tools, /manager, installed packages in chat |
 * | `SKYLIT_MANAGER_PROCESSES` | `on` on loopback without auth, else `off` | install process packages from a file (their code runs here) |
 * | `SKYLIT_MANAGER_PRIVATE_URLS` | `on` on loopback without auth, else `off` | install remote packages on loopback / private addresses |
 * | `SKYLIT_PACKAGES_DIR` | `packages/` beside the SQLite file (the user's data folder) | where archives are unpacked and packages keep data |
 * | `SKYLIT_MANAGER_CACHE_TTL_MS` | `300000` | how long a user's list of enabled widgets is kept between changes |
 * | `SKYLIT_DEBUG` | — | `manager` (or `1`): log seed 003's debug events |
 */
import { dirname, join, resolve } from 'node:path';
import { positiveIntegerFromEnv } from '../env.ts';
import { defaultDbPath } from '../store/index.ts';

export interface ManagerSettings {
  enabled: boolean;
  /** Why the manager is off, for the start-up line. */
  offReason?: string;
  allowProcesses: boolean;
  allowPrivateNetwork: boolean;
  packagesDir: string;
  cacheTtlMs: number;
  debug: boolean;
}

export const DEFAULT_CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * Reads the settings; `loopback` is whether the HTTP server binds loopback only (stdio counts as
 * loopback); `byDefault` is false when the server was given widgets of its own (then only
 * SKYLIT_MANAGER=on turns the manager on).
 */
export function managerSettingsFromEnv(env: NodeJS.ProcessEnv, context: { loopback: boolean; auth: boolean; byDefault?: boolean }): ManagerSettings {
  const ownerOnly = context.loopback && !context.auth;
  const flag = (name: string, fallback: boolean): boolean => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    if (value === 'on' || value === '1' || value === 'true') return true;
    if (value === 'off' || value === '0' || value === 'false') return false;
    throw new Error(`${name} must be on or off (got "${value}")`);
  };
  const enabled = flag('SKYLIT_MANAGER', (context.byDefault ?? true) && (context.loopback || context.auth));
  const dbPath = env.SKYLIT_DB_PATH && env.SKYLIT_DB_PATH !== ':memory:' ? resolve(env.SKYLIT_DB_PATH) : defaultDbPath(env);
  return {
    enabled,
    ...(enabled
      ? {}
      : {
          offReason: env.SKYLIT_MANAGER
            ? 'SKYLIT_MANAGER=off'
            : context.byDefault === false
              ? 'the server serves widgets of its own (SKYLIT_MANAGER=on adds it)'
              : 'the server is reachable beyond loopback without auth (set SKYLIT_AUTH_* or SKYLIT_MANAGER=on)',
        }),
    allowProcesses: flag('SKYLIT_MANAGER_PROCESSES', ownerOnly),
    allowPrivateNetwork: flag('SKYLIT_MANAGER_PRIVATE_URLS', ownerOnly),
    packagesDir: env.SKYLIT_PACKAGES_DIR ? resolve(env.SKYLIT_PACKAGES_DIR) : join(dirname(dbPath), 'packages'),
    cacheTtlMs: positiveIntegerFromEnv(env, 'SKYLIT_MANAGER_CACHE_TTL_MS') ?? DEFAULT_CACHE_TTL_MS,
    debug: /(^|,)(manager|1|all)(,|$)/.test(env.SKYLIT_DEBUG ?? ''),
  };
}
