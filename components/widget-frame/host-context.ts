/**
 * The host context <sky-widget-frame> gives a widget, read from the page: theme (the `theme`
 * attribute, else the page's colour scheme), locale (the nearest `lang`, else the browser's),
 * reduced motion, the page's `--sky-*` tokens as MCP Apps style variables, display mode and the
 * container's size. The reverse of components/host/theme.ts: the same table, read the other way.
 */
import { HOST_STYLE_TOKENS } from '../host/theme.ts';

export interface PageContext {
  theme: 'light' | 'dark';
  locale: string;
  reducedMotion: boolean;
  displayMode: 'inline' | 'fullscreen';
  width: number;
  maxHeight: number;
  /** `--sky-*` tokens set on (or inherited by) the element, under their MCP Apps names. */
  variables: Record<string, string>;
}

/** Reads what the page says about itself, around `element`. */
export function readPageContext(element: HTMLElement, options: { theme?: string | null; displayMode: 'inline' | 'fullscreen'; width: number; maxHeight: number }): PageContext {
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = options.theme === 'dark' || options.theme === 'light' ? options.theme : dark ? 'dark' : 'light';
  const locale = (element.closest('[lang]') as HTMLElement | null)?.lang || navigator.language || 'en-US';
  const style = getComputedStyle(element);
  const variables: Record<string, string> = {};
  for (const [hostName, skyName] of Object.entries(HOST_STYLE_TOKENS)) {
    const value = style.getPropertyValue(skyName).trim();
    if (value) variables[hostName] = value;
  }
  return {
    theme,
    locale,
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
    displayMode: options.displayMode,
    width: Math.round(options.width),
    maxHeight: Math.round(options.maxHeight),
    variables,
  };
}

/** The MCP Apps `hostContext` for a page context and the tool call that opened the widget. */
export function hostContext(page: PageContext, toolInfo: { id: string; tool: Record<string, unknown> } | null): Record<string, unknown> {
  return {
    theme: page.theme,
    locale: page.locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    displayMode: page.displayMode,
    availableDisplayModes: ['inline', 'fullscreen'],
    containerDimensions: { width: page.width, maxHeight: page.maxHeight },
    platform: 'web',
    deviceCapabilities: { hover: matchMedia('(hover: hover)').matches, touch: navigator.maxTouchPoints > 0 },
    userAgent: 'skylit-widget-frame',
    reducedMotion: page.reducedMotion,
    ...(Object.keys(page.variables).length ? { styles: { variables: page.variables } } : {}),
    ...(toolInfo ? { toolInfo } : {}),
  };
}

/** The `window.openai` globals a ChatGPT-dialect widget starts with. */
export function openaiGlobals(page: PageContext, call: { input: Record<string, unknown>; result: Record<string, any>; widgetState: unknown }): Record<string, unknown> {
  return {
    toolInput: call.input,
    toolOutput: call.result.structuredContent ?? null,
    toolResponseMetadata: call.result._meta ?? null,
    widgetState: call.widgetState ?? null,
    theme: page.theme,
    locale: page.locale,
    displayMode: page.displayMode,
    maxHeight: page.maxHeight,
    safeArea: { insets: { top: 0, bottom: 0, left: 0, right: 0 } },
    userAgent: { device: { type: 'desktop' }, capabilities: { hover: matchMedia('(hover: hover)').matches, touch: navigator.maxTouchPoints > 0 } },
  };
}
