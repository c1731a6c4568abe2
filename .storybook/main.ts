// Storybook for Skylit's widgets: `npm run storybook` (dev, port 6006), `npm run build-storybook`
// (static, storybook-static/). Stories live in stories/; the host emulator in stories/host-emulator/.
// Every component gets a docs page (autodocs, .storybook/preview.ts) whose API tables come from the
// Custom Elements Manifest, analysed from the components' JSDoc as the package build does.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { customElementsManifestPlugin } from '../scripts/packages/manifest.mjs';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No "Get started" onboarding checklist in the sidebar: this Storybook is for browsing widgets.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      // `virtual:custom-elements-manifest`: the manifest, for setCustomElementsManifest in preview.ts.
      plugins: [customElementsManifestPlugin()],
      // The renderer imports lit/directive-helpers.js beside lit: pre-bundle both in dev, or the
      // page loads lit-html twice ("Multiple versions of Lit loaded").
      optimizeDeps: { include: ['lit', 'lit/directive-helpers.js'] },
      // The preview holds Storybook's runtime, the real chess tools and zod: large, and fine for a dev tool.
      build: { chunkSizeWarningLimit: 2000 },
    });
  },
};

export default config;
