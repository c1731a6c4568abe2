import type { Context } from '@lit/context';
import type { Host } from '../host/types.ts';

/**
 * The host bridge, provided by a widget root to every Skylit element inside it (the key of the
 * Context Community Protocol; @lit/context's `createContext` would only return it).
 */
export const hostContext = Symbol('skylit-host') as Context<symbol, Host | undefined>;
