// `npm run build`: one self-contained bundle per built-in widget (dist/widgets/<id>.js, inlined
// into the widget's HTML resource by the server) and the preview page script (dist/preview/preview.js).
// The recipe lives in server/build.ts so `npm start` and the tests build exactly the same way.
import { defineConfig } from 'vite';
import { bundleTargets, viteConfig } from './server/build.ts';
import { builtinWidgets } from './server/widgets/index.ts';

export default defineConfig(viteConfig(bundleTargets(builtinWidgets)));
