// Browser tests in real Chromium. `npm test` finds (or installs) Chromium and sets CHROME_PATH;
// running `npx wtr` directly uses $CHROME_PATH or /usr/bin/chromium.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { cdnOrigin } from './test/fixtures/cdn-plugin.mjs';
import { frameMiddleware, withoutAjvPlugin } from './test/fixtures/frame-plugins.mjs';
import { mcpEndpoint } from './test/fixtures/mcp-endpoint.mjs';
import { skylitTestPlugins } from './test/fixtures/wtr-plugins.mjs';

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/stories/**', '!test/packages/**'], // those run in Node
  // 'browser': packages with a browser build (the MCP SDK client's pkce-challenge) get it, as in vite.
  nodeResolve: { exportConditions: ['production', 'browser'] },
  concurrency: 1,
  // AppBridge (the reference MCP Apps host) logs every message at debug level: keep warnings and errors.
  filterBrowserLogs: ({ type }) => type === 'error' || type === 'warn',
  // The MCP endpoints and the sandbox page of <sky-widget-frame>'s tests (test/fixtures/frame-plugins.mjs).
  middleware: [mcpEndpoint, ...frameMiddleware()],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
  plugins: [
    // Real widget pages, console errors of every frame, real pen and touch input.
    ...skylitTestPlugins(),
    withoutAjvPlugin(),
    // The server's CDN mode: widget pages whose bundle comes from a second local origin.
    cdnOrigin(),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: new URL('./tsconfig.json', import.meta.url).pathname,
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
};
