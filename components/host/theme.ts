import { WITH_MCP_APPS, WITH_STANDALONE } from './built-in.ts';
import type { HostSnapshot } from './types.ts';

/**
 * The one place where a host's look becomes Skylit's: MCP Apps style variables (SEP-1865
 * `styles.variables`) → `--sky-*` tokens. Tokens not listed keep Skylit's light/dark defaults
 * (components/base/tokens.ts).
 */
export const HOST_STYLE_TOKENS: Readonly<Record<string, string>> = {
  '--color-background-primary': '--sky-color-surface',
  '--color-background-secondary': '--sky-color-surface-raised',
  '--color-text-primary': '--sky-color-text',
  '--color-text-secondary': '--sky-color-text-muted',
  '--color-border-primary': '--sky-color-border',
  '--color-ring-primary': '--sky-color-focus',
  '--color-text-info': '--sky-color-accent',
  '--color-text-danger': '--sky-color-danger',
  '--color-background-danger': '--sky-color-danger-surface',
  '--color-text-success': '--sky-color-success',
  '--font-sans': '--sky-font',
  '--font-mono': '--sky-font-mono',
  '--font-text-md-size': '--sky-font-size',
  '--font-text-sm-size': '--sky-font-size-small',
  '--font-heading-sm-size': '--sky-font-size-heading',
  '--border-radius-md': '--sky-radius',
  '--border-radius-sm': '--sky-radius-small',
  '--shadow-sm': '--sky-shadow',
};

/**
 * Applies the host's theme, motion preference and style variables to a widget root element:
 * `theme="light|dark"` and `reduced-motion` attributes (the tokens key off them) and inline
 * `--sky-*` properties for each host style variable given.
 */
export function applyHostTheme(element: HTMLElement, snapshot: HostSnapshot): void {
  element.setAttribute('theme', snapshot.theme);
  element.toggleAttribute('reduced-motion', snapshot.reducedMotion);
  if (snapshot.maxHeight) element.style.setProperty('--sky-max-height', `${snapshot.maxHeight}px`);
  else element.style.removeProperty('--sky-max-height');
  // Only MCP Apps and plain pages give style variables (not ChatGPT): a ChatGPT-only bundle leaves this out.
  if (!WITH_MCP_APPS && !WITH_STANDALONE) return;
  for (const [hostName, skyName] of Object.entries(HOST_STYLE_TOKENS)) {
    const value = snapshot.styleVariables[hostName];
    // A value is a CSS token list from the host; style.setProperty cannot break out of it.
    if (value) element.style.setProperty(skyName, value);
    else element.style.removeProperty(skyName);
  }
}
