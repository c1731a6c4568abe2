// Storybook for Skylit's widgets: `npm run storybook` (dev, port 6006), `npm run build-storybook`
// (static, storybook-static/). Stories live in stories/; the host emulator in stories/host-emulator/.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
