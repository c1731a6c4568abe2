/**
 * `npm start`: the dice widget and its tools on http://127.0.0.1:8787/mcp (PORT), or on
 * stdin/stdout with `--stdio`. Run `npm run build` first.
 */
import { serve } from 'skylit-server';
import { DIST_DIR } from './build.ts';
import { diceWidget } from './widget.ts';

await serve({
  widgets: [diceWidget],
  distDir: DIST_DIR,
  stdio: process.argv.includes('--stdio'),
  port: Number(process.env.PORT ?? 8787),
});
