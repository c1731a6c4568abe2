// Applies to every story: the host emulator's toolbar (host kind, theme, display mode, max height,
// locale, reduced motion, latency, failures), and a docs page per component (autodocs) whose
// attributes, properties, events, parts and CSS properties come from the Custom Elements Manifest.
// Widget stories opt into the emulator itself with its loader and decorator (stories/host-emulator/emulator.ts).
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from 'virtual:custom-elements-manifest';
import { globalTypes, initialGlobals } from '../stories/host-emulator/globals.ts';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes,
  initialGlobals,
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
