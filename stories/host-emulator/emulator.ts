/**
 * The host emulator for widget stories: a Storybook loader that starts an emulated chat host (the
 * kind and environment chosen in the toolbar, see globals.ts) around Skylit's real tool handlers
 * on an in-memory store, and a decorator that frames the story and logs what the host sees.
 *
 * ```ts
 * export default {
 *   loaders: [hostEmulatorLoader],
 *   decorators: [withHostEmulator],
 *   render: (_args, context) => html`<sky-chess-board .host=${emulatorOf(context).host}></sky-chess-board>`,
 *   parameters: { hostEmulator: { setup: (server) => … } },
 * };
 * ```
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Decorator, Loader, StoryContext } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { Host, JsonObject } from '../../components/host/index.ts';
import { defineHostEmulatorElement } from './chrome.ts';
import { readEnvironment, type HostEnvironment } from './globals.ts';
import { connectHost, type HostAdapter } from './hosts.ts';
import { HostLog } from './log.ts';
import { EmulatedServer } from './server.ts';

/** The tool call that opened the widget: what the host shows it first. */
export interface OpeningCall {
  args: JsonObject;
  result: CallToolResult;
}

/** `parameters.hostEmulator` of a story. */
export interface HostEmulatorParameters {
  /**
   * Brings the story's state about with real tool calls on the server (logged as "story setup"),
   * and returns the call the host opens the widget with; null opens it with no result.
   */
  setup?: (server: EmulatedServer) => Promise<OpeningCall | null>;
  /** The opening call never returns: the widget shows the tool as still running. */
  pending?: boolean;
  /** Width of the widget's frame in px (a narrow chat column, a phone). Default: the host's. */
  width?: number;
}

export class HostEmulator {
  readonly env: HostEnvironment;
  readonly log = new HostLog();
  readonly server: EmulatedServer;
  /** What the chrome calls the story ("Chess board: Promotion"). */
  readonly label: string;
  readonly width: number | undefined;
  /** The height the widget last reported to its host (openai, mcp-apps). */
  reportedHeight: number | undefined;
  readonly #params: HostEmulatorParameters;
  readonly #listeners = new Set<() => void>();
  #adapter: HostAdapter | null = null;
  #delivering: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(env: HostEnvironment, params: HostEmulatorParameters, label: string) {
    this.env = env;
    this.#params = params;
    this.label = label;
    this.width = params.width;
    this.server = new EmulatedServer(this.log, { latencyMs: env.latencyMs, failure: env.failure });
    this.server.onBusyChange(() => this.#changed());
    this.log.subscribe(() => this.#changed());
  }

  /** The host bridge to give the widget (`.host=${…}`). */
  get host(): Host {
    if (!this.#adapter) throw new Error('The host emulator has not started (is hostEmulatorLoader in the story’s loaders?).');
    return this.#adapter.host;
  }

  /** True while a tool call is under way or the opening result is still on its way. */
  get busy(): boolean {
    return this.#delivering !== undefined || this.server.inFlight > 0;
  }

  async start(): Promise<void> {
    const opening = (await this.#params.setup?.(this.server)) ?? null;
    this.#adapter = await connectHost(this.env.host, {
      env: this.env,
      server: this.server,
      log: this.log,
      onHeight: (height) => {
        this.reportedHeight = height;
        this.#changed();
      },
    });
    if (this.#disposed) return this.#adapter.dispose();
    if (!opening) return;
    this.#adapter.showInput(opening.args);
    if (this.#params.pending) return;
    if (!this.env.latencyMs) return this.#adapter.showResult(opening.result);
    this.#delivering = setTimeout(() => {
      this.#delivering = undefined;
      this.#adapter?.showResult(opening.result);
      this.#changed();
    }, this.env.latencyMs);
  }

  /** Calls `fn` when the log, the busy state or the reported height changes. */
  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#delivering);
    this.#delivering = undefined;
    this.#adapter?.dispose();
    this.server.dispose();
    this.log.dispose();
    this.#listeners.clear();
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }
}

/** The emulators on screen: one in a story, one per story of a component's docs page. */
const live = new Map<HostEmulator, string>();

/**
 * Starts the story's emulated host before the story renders. It replaces the previous story's; on a
 * docs page, where every story of the component renders at once, it replaces only other pages'.
 */
export const hostEmulatorLoader: Loader = async (context) => {
  for (const [emulator, title] of live) {
    if (context.viewMode !== 'docs' || title !== context.title) {
      emulator.dispose();
      live.delete(emulator);
    }
  }
  // Each story starts with nothing saved: no widget state of another story (the bridge keeps it in
  // storage). On a docs page the stories of one component render together and share it.
  if (context.viewMode !== 'docs') for (const key of Object.keys(localStorage)) if (key.startsWith('skylit:widget-state:')) localStorage.removeItem(key);
  const title = context.title.split('/').at(-1) ?? context.title;
  const emulator = new HostEmulator(readEnvironment(context.globals), context.parameters.hostEmulator ?? {}, `${title}: ${context.name}`);
  live.set(emulator, context.title);
  await emulator.start();
  return { hostEmulator: emulator };
};

/** Frames the story as its host would, with the host's log under it. */
export const withHostEmulator: Decorator = (story, context) => {
  const emulator = context.loaded.hostEmulator as HostEmulator | undefined;
  defineHostEmulatorElement();
  return emulator ? html`<host-emulator .emulator=${emulator}>${story()}</host-emulator>` : story();
};

/** The story's emulator (from a render or play function). */
export function emulatorOf(context: Pick<StoryContext, 'loaded'>): HostEmulator {
  const emulator = context.loaded.hostEmulator as HostEmulator | undefined;
  if (!emulator) throw new Error('No host emulator: add hostEmulatorLoader to the story’s loaders.');
  return emulator;
}
