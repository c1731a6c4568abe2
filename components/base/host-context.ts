import { createContext } from '@lit/context';
import type { Host } from '../host/types.ts';

/** The host bridge, provided by a widget root to every Skylit element inside it. */
export const hostContext = createContext<Host | undefined>(Symbol('skylit-host'));
