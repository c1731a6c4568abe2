/**
 * The MCP server side of the emulator, in the browser: Skylit's real tools (the registry, `runTool`
 * validation and the handlers of server/widgets/chess/ and server/widgets/tasks/) over the
 * in-memory store.
 * `call()` is the network between host and server: it adds latency, fails on demand and writes
 * every call to the log. `run()` goes straight to the tools: a story's setup, or another client.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject } from '../../components/host/index.ts';
import type { Logger } from '../../server/log.ts';
import { createRegistry } from '../../server/registry.ts';
import { buildErrorResult } from '../../server/result.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { runTool } from '../../server/tools.ts';
import { chessBoardWidget } from '../../server/widgets/chess/index.ts';
import { onboardingWidget } from '../../server/widgets/onboarding/index.ts';
import { listDetailWidget } from '../../server/widgets/tasks/index.ts';
import type { FailureMode } from './globals.ts';
import type { HostLog } from './log.ts';

const registry = createRegistry([chessBoardWidget, listDetailWidget, onboardingWidget]);

/** A server bug shows up as a console error, which fails the story checks. */
const logger: Logger = {
  info() {},
  error: (message) => console.error(`[emulated MCP server] ${message}`),
  toolCall() {},
};

export class EmulatedServer {
  readonly store = openMemoryStore();
  latencyMs = 0;
  failure: FailureMode = 'none';
  /** Tool calls under way through `call()`. */
  inFlight = 0;
  readonly #log: HostLog;
  readonly #listeners = new Set<() => void>();

  constructor(log: HostLog, options: { latencyMs?: number; failure?: FailureMode } = {}) {
    this.#log = log;
    this.latencyMs = options.latencyMs ?? 0;
    this.failure = options.failure ?? 'none';
  }

  /**
   * Runs a tool exactly as the MCP server does (arguments validated, errors as isError results),
   * straight away: for a story's setup, or another client of the same server. Logged when `via` is given.
   */
  async run(name: string, args: JsonObject = {}, via?: string): Promise<CallToolResult> {
    const started = performance.now();
    const binding = registry.tools.get(name);
    const result = binding
      ? await runTool(binding.tool, binding.widget, args, { store: this.store, log: logger, signal: new AbortController().signal })
      : buildErrorResult(`Unknown tool "${name}". This server has: ${[...registry.tools.keys()].join(', ')}.`);
    if (via) this.#log.tool({ via, name, args, result, durationMs: performance.now() - started });
    return result;
  }

  /**
   * A tool call that travels through the emulated host: waits the latency, fails when asked to
   * (rejects, as a host or network failure does), and is logged with its duration and outcome.
   */
  async call(name: string, args: JsonObject, via: string): Promise<CallToolResult> {
    const started = performance.now();
    this.#busy(+1);
    try {
      if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (this.failure !== 'none') {
        const which = this.failure === 'next' ? 'the next call fails' : 'all calls fail';
        if (this.failure === 'next') this.failure = 'none';
        const error = new Error(`The MCP server could not be reached (emulated failure: ${which}).`);
        this.#log.tool({ via, name, args, error: error.message, durationMs: performance.now() - started });
        throw error;
      }
      const result = await this.run(name, args);
      this.#log.tool({ via, name, args, result, durationMs: performance.now() - started });
      return result;
    } finally {
      this.#busy(-1);
    }
  }

  /** Calls `fn` whenever the number of calls under way changes. */
  onBusyChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Stops telling listeners. The store stays open: a call still under way may finish harmlessly. */
  dispose(): void {
    this.#listeners.clear();
  }

  #busy(delta: number): void {
    this.inFlight += delta;
    for (const fn of this.#listeners) fn();
  }
}
