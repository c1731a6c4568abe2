/**
 * A vite plugin for browser bundles that carry the MCP SDK client (<sky-widget-frame>, the host
 * playground): the SDK's Ajv provider is replaced by components/widget-frame/no-ajv.ts, since the
 * frame always passes the eval-free validator. Leaves every other import alone.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const NO_AJV_MODULE = fileURLToPath(new URL('../components/widget-frame/no-ajv.ts', import.meta.url));

export function withoutAjv(): Plugin {
  return {
    name: 'skylit-without-ajv',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.endsWith('/validation/ajv-provider.js') && importer?.includes('@modelcontextprotocol/sdk')) return NO_AJV_MODULE;
      return null;
    },
  };
}
