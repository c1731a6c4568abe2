import { css } from 'lit';

/**
 * Skylit's design tokens, for a widget root's shadow root. Colours have a light and a dark value
 * (`light-dark()`, chosen by the `theme` attribute the host bridge sets, else by the OS);
 * host style variables override them (components/host/theme.ts). Motion durations are `0s`
 * unless the OS allows motion and the host does not ask to reduce it (`reduced-motion` attribute).
 */
export const tokens = css`
  :host {
    color-scheme: light dark;
    --sky-color-surface: light-dark(#ffffff, #1f1f1f);
    --sky-color-surface-raised: light-dark(#f4f4f5, #2a2a2d);
    --sky-color-text: light-dark(#18181b, #f4f4f5);
    --sky-color-text-muted: light-dark(#52525b, #a1a1aa);
    --sky-color-border: light-dark(#d4d4d8, #3f3f46);
    --sky-color-accent: light-dark(#1d4ed8, #93b4ff);
    --sky-color-on-accent: light-dark(#ffffff, #0b1220);
    --sky-color-focus: light-dark(#1d4ed8, #93b4ff);
    --sky-color-danger: light-dark(#b42318, #ff9b8f);
    --sky-color-danger-surface: light-dark(#fef3f2, #3a1512);
    --sky-color-success: light-dark(#067647, #75e0a7);
    --sky-color-skeleton: light-dark(#e4e4e7, #34343a);
    --sky-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --sky-font-mono: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    --sky-font-size: 0.9375rem;
    --sky-font-size-small: 0.8125rem;
    --sky-font-size-heading: 1.0625rem;
    --sky-radius: 10px;
    --sky-radius-small: 6px;
    --sky-shadow: 0 1px 2px rgb(0 0 0 / 0.12);
    --sky-space: 0.75rem;
    --sky-focus-ring: 2px solid var(--sky-color-focus);
    --sky-duration-fast: 0s;
    --sky-duration: 0s;
    display: block;
    color: var(--sky-color-text);
    background: var(--sky-color-surface);
    font: var(--sky-font-size) / 1.45 var(--sky-font);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  @media (prefers-reduced-motion: no-preference) {
    :host(:not([reduced-motion])) {
      --sky-duration-fast: 120ms;
      --sky-duration: 220ms;
    }
  }
  @media (forced-colors: active) {
    :host {
      --sky-focus-ring: 2px solid CanvasText;
    }
  }
  :focus-visible {
    outline: var(--sky-focus-ring);
    outline-offset: 2px;
  }
  .sky-visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * Reads a duration token (e.g. `--sky-duration`) from an element, in ms, for JS animations.
 * Never hard-code a duration: this is 0 whenever motion is not allowed.
 */
export function motionDuration(element: Element, token = '--sky-duration'): number {
  const value = getComputedStyle(element).getPropertyValue(token).trim();
  const number = parseFloat(value);
  if (!Number.isFinite(number)) return 0;
  return value.endsWith('ms') ? number : number * 1000;
}
