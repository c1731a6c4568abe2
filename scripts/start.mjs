// `npm start`: builds the browser bundles that are missing or older than their sources (vite, via
// server/build.ts), then serves every Skylit widget with its tools over Streamable HTTP at
// http://127.0.0.1:8787/mcp (PORT, HOST) with the preview page at /. Extra arguments go to the
// server, e.g. `npm start -- --stdio`.
import { register } from 'tsx/esm/api';

register();
const { bundleTargets, buildBundles, staleTargets } = await import('../server/build.ts');
const { builtinWidgets } = await import('../server/widgets/index.ts');
const { runCli } = await import('../server/main.ts');

const stale = staleTargets(bundleTargets(builtinWidgets));
if (stale.length > 0) {
  process.stderr.write(`[skylit] building ${stale.map((t) => t.outFile).join(', ')} …\n`);
  const started = Date.now();
  await buildBundles(stale);
  process.stderr.write(`[skylit] built in ${Date.now() - started} ms\n`);
}
await runCli();
