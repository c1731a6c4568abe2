/**
 * The page's end of one widget's channel: an MCP `Transport` for AppBridge that talks to exactly one
 * sandbox proxy window. It posts to that window with the sandbox's origin as the target (never "*"),
 * and accepts a message only when it comes from that window *and* that origin, so a sibling frame,
 * another widget's proxy or a widget reaching up with `top.postMessage` is never heard. Messages that
 * are not JSON-RPC are dropped and reported, never thrown.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** One message seen on the channel, for a page's log (`sky-trace` events). */
export interface TraceEntry {
  /** `in`: from the widget; `out`: to the widget; `dropped`: from the widget's proxy but not valid JSON-RPC. */
  direction: 'in' | 'out' | 'dropped';
  message: unknown;
}

export class FrameTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Messages the proxy sends for the page itself (not JSON-RPC for AppBridge), by method. */
  onproxy?: (method: string) => void;

  readonly #target: Window;
  readonly #origin: string;
  readonly #trace: (entry: TraceEntry) => void;
  #open = false;

  constructor(target: Window, origin: string, trace: (entry: TraceEntry) => void = () => {}) {
    this.#target = target;
    this.#origin = origin;
    this.#trace = trace;
  }

  async start(): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    window.addEventListener('message', this.#onMessage);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.#open) return;
    this.#trace({ direction: 'out', message });
    this.#target.postMessage(message, this.#origin);
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    window.removeEventListener('message', this.#onMessage);
    this.onclose?.();
  }

  #onMessage = (event: MessageEvent) => {
    if (event.source !== this.#target || event.origin !== this.#origin) return;
    const parsed = JSONRPCMessageSchema.safeParse(event.data);
    if (!parsed.success) {
      this.#trace({ direction: 'dropped', message: event.data });
      return;
    }
    const message = parsed.data;
    this.#trace({ direction: 'in', message });
    if ('method' in message && message.method.startsWith('skylit/') && !('id' in message)) {
      this.onproxy?.(message.method);
      return;
    }
    this.onmessage?.(message);
  };
}
