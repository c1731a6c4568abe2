/**
 * The manager's widget manifest: <sky-list-detail> (the task list's element and bundle entry) with the
 * manager's tools named by attribute. Kept apart from the tools so the bundle recipe (build.ts) can
 * read it without loading the manager.
 */
import type { WidgetManifestInput } from '../manifest.ts';

export const MANAGER_WIDGET_ID = 'dev.skylit.widget-manager';

export const managerWidgetManifest = {
  id: MANAGER_WIDGET_ID,
  name: 'widget-manager',
  title: 'Widgets',
  version: '1.0.0',
  tag: 'sky-list-detail',
  entry: 'components/list-detail/define.ts',
  description:
    'Your widget packages: install one by URL, file or from the curated list, enable or disable it (its tools join or leave this chat at once), uninstall it.',
  csp: { connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] },
  prefersBorder: true,
  attributes: {
    'list-tool': 'widgets_list',
    'get-tool': 'widget_get',
    'create-tool': 'widget_install',
    'update-tool': 'widget_set_enabled',
    'delete-tool': 'widget_uninstall',
  },
  preview: { tool: 'widgets_list', args: {} },
} satisfies WidgetManifestInput;
