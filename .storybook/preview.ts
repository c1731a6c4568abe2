// Applies to every story: the host emulator's toolbar (host kind, theme, display mode, max height,
// locale, reduced motion, latency, failures). Widget stories opt into the emulator itself with
// its loader and decorator (stories/host-emulator/emulator.ts).
import type { Preview } from '@storybook/web-components-vite';
import { globalTypes, initialGlobals } from '../stories/host-emulator/globals.ts';

const preview: Preview = {
  globalTypes,
  initialGlobals,
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
