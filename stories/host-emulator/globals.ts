/**
 * The host emulator's toolbar: one Storybook global per thing a chat host decides for a widget
 * (which host, theme, display mode, height, locale, motion) and two for the emulated network
 * (latency, failures). Values are strings so they also work in a story URL:
 * `iframe.html?id=…&globals=host:mcp-apps;theme:dark`.
 */
import type { DisplayMode, Theme, TransportKind } from '../../components/host/index.ts';

/** The emulated host: one per transport of the bridge. */
export type HostKind = TransportKind;
/** `next`: the next tool call from the widget fails (once per render); `all`: every one fails. */
export type FailureMode = 'none' | 'next' | 'all';

/** What the emulated host tells the widget, read from the globals. */
export interface HostEnvironment {
  host: HostKind;
  theme: Theme;
  displayMode: DisplayMode;
  /** Largest height the host gives the widget (px); undefined: no limit. */
  maxHeight: number | undefined;
  locale: string;
  reducedMotion: boolean;
  /** Delay of every tool call through the host (ms). */
  latencyMs: number;
  failure: FailureMode;
}

const item = (value: string, title: string) => ({ value, title });

export const globalTypes = {
  host: {
    description: 'Which chat host the widget runs in',
    toolbar: {
      title: 'Host',
      dynamicTitle: true,
      items: [item('standalone', 'Standalone page'), item('openai', 'window.openai (ChatGPT)'), item('mcp-apps', 'MCP Apps (ui/*)')],
    },
  },
  theme: {
    description: 'Host theme',
    toolbar: { title: 'Theme', dynamicTitle: true, items: [item('light', 'Light'), item('dark', 'Dark')] },
  },
  displayMode: {
    description: 'Host display mode',
    toolbar: {
      title: 'Display',
      dynamicTitle: true,
      items: [item('inline', 'Inline'), item('fullscreen', 'Fullscreen'), item('pip', 'Picture in picture')],
    },
  },
  maxHeight: {
    description: 'Largest height the host gives the widget',
    toolbar: {
      title: 'Max height',
      dynamicTitle: true,
      items: [item('none', 'No max height'), item('320', 'Max 320 px'), item('480', 'Max 480 px'), item('640', 'Max 640 px')],
    },
  },
  locale: {
    description: 'Host locale',
    toolbar: { title: 'Locale', dynamicTitle: true, items: [item('en-US', 'en-US'), item('de-DE', 'de-DE'), item('fr-FR', 'fr-FR'), item('ja-JP', 'ja-JP')] },
  },
  reducedMotion: {
    description: 'Whether the host asks for reduced motion',
    toolbar: { title: 'Motion', dynamicTitle: true, items: [item('allow', 'Motion as the OS allows'), item('reduce', 'Host asks: reduce motion')] },
  },
  latency: {
    description: 'Delay of every tool call through the host',
    toolbar: {
      title: 'Latency',
      dynamicTitle: true,
      items: [item('0', 'No latency'), item('300', '300 ms'), item('1000', '1 s'), item('3000', '3 s')],
    },
  },
  failure: {
    description: 'Make tool calls through the host fail (the host or network fails, not the tool)',
    toolbar: {
      title: 'Failures',
      dynamicTitle: true,
      items: [item('none', 'Calls succeed'), item('next', 'Next call fails'), item('all', 'All calls fail')],
    },
  },
};

export const initialGlobals: Record<keyof typeof globalTypes, string> = {
  host: 'standalone',
  theme: 'light',
  displayMode: 'inline',
  maxHeight: 'none',
  locale: 'en-US',
  reducedMotion: 'allow',
  latency: '0',
  failure: 'none',
};

/** Reads the globals (as set by the toolbar, a story's `globals` or the URL) into a host environment. */
export function readEnvironment(globals: Record<string, unknown>): HostEnvironment {
  const value = (name: keyof typeof globalTypes) => String(globals[name] ?? initialGlobals[name]);
  const oneOf = <T extends string>(name: keyof typeof globalTypes, allowed: readonly T[]): T => {
    const given = value(name) as T;
    return allowed.includes(given) ? given : (initialGlobals[name] as T);
  };
  const maxHeight = Number(value('maxHeight'));
  return {
    host: oneOf('host', ['standalone', 'openai', 'mcp-apps'] as const),
    theme: oneOf('theme', ['light', 'dark'] as const),
    displayMode: oneOf('displayMode', ['inline', 'fullscreen', 'pip'] as const),
    maxHeight: Number.isFinite(maxHeight) && maxHeight > 0 ? maxHeight : undefined,
    locale: value('locale'),
    reducedMotion: value('reducedMotion') === 'reduce',
    latencyMs: Math.max(0, Number(value('latency')) || 0),
    failure: oneOf('failure', ['none', 'next', 'all'] as const),
  };
}
