/**
 * Talking to a package's MCP server: one SDK client per endpoint (Streamable HTTP; sessions, JSON or
 * event-stream answers, whatever the package speaks), reused across calls and dropped when it fails.
 *
 * What a package sends is data, never code: its tools' JSON schemas are not compiled (the client's
 * schema validator is a no-op, so Ajv never turns third-party text into functions; checking output
 * is the chat host's business), every response is cut off past MAX_RESPONSE_BYTES, redirects stay on
 * the same origin (the SDK's default), and every request has a deadline. An address on a private or
 * loopback network is refused unless this server allows it (`allowPrivateNetwork`, on for a server
 * bound to loopback; its own child processes always).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { PACKAGE_VERSION } from '../package-info.ts';
import { MAX_RESPONSE_BYTES } from './limits.ts';
import { isLoopbackHostname } from './manifest.ts';

/** A package could not be reached or answered badly; the message names it and says what to do. */
export class PackageCallError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'unreachable' | 'refused' | 'bad_answer' | 'cancelled',
  ) {
    super(message);
    this.name = 'PackageCallError';
  }
}

/** Validates nothing: third-party schemas stay data (see the file comment). */
export const NO_SCHEMA_COMPILATION: jsonSchemaValidator = {
  getValidator: () => (input: unknown) => ({ valid: true, data: input as never, errorMessage: undefined }),
};

export interface ConnectionOptions {
  /** Allow addresses on loopback and private networks (default false). */
  allowPrivateNetwork?: boolean;
  maxResponseBytes?: number;
}

export class PackageConnections {
  readonly #clients = new Map<string, { url: string; client: Promise<Client> }>();
  readonly #maxResponseBytes: number;

  constructor(options: { maxResponseBytes?: number } = {}) {
    this.#maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  /**
   * Runs `work` with a connected client for `key` at `url` (connecting when needed), within
   * `timeoutMs` and `signal`. Failures become PackageCallError naming `label`; a client whose
   * connection failed is dropped, so the next call connects afresh.
   */
  async use<T>(
    key: string,
    url: string,
    label: string,
    work: (client: Client, options: { timeout: number; signal: AbortSignal }) => Promise<T>,
    options: { timeoutMs: number; signal?: AbortSignal; allowPrivateNetwork: boolean; keep?: (error: unknown) => boolean },
  ): Promise<T> {
    const started = Date.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new PackageCallError(`Widget package ${label} did not answer within ${seconds(options.timeoutMs)}. Try again later; if it keeps happening, disable it.`, 'timeout')), options.timeoutMs);
    const forward = () => deadline.abort(new PackageCallError(`The call to widget package ${label} was cancelled.`, 'cancelled'));
    if (options.signal?.aborted) forward();
    options.signal?.addEventListener('abort', forward, { once: true });
    try {
      const client = await Promise.race([this.#client(key, url, label, options.allowPrivateNetwork), aborted(deadline.signal)]);
      const left = Math.max(1, options.timeoutMs - (Date.now() - started));
      return await Promise.race([work(client, { timeout: left, signal: deadline.signal }), aborted(deadline.signal)]);
    } catch (error) {
      if (deadline.signal.aborted && deadline.signal.reason instanceof PackageCallError) {
        if (deadline.signal.reason.reason === 'timeout') this.drop(key);
        throw deadline.signal.reason;
      }
      if (error instanceof PackageCallError || options.keep?.(error)) throw error;
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        this.drop(key);
        throw new PackageCallError(`Widget package ${label} did not answer within ${seconds(options.timeoutMs)}. Try again later; if it keeps happening, disable it.`, 'timeout');
      }
      // A JSON-RPC error the package sent is its answer: the connection is fine.
      if (!(error instanceof McpError)) this.drop(key);
      throw classify(error, label);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', forward);
    }
  }

  /** Forgets the client of `key` (closing it): the next call connects again. */
  drop(key: string): void {
    const entry = this.#clients.get(key);
    if (!entry) return;
    this.#clients.delete(key);
    void entry.client.then((client) => client.close(), () => {});
  }

  /** Drops every client whose key starts with `prefix`. */
  dropAll(prefix = ''): void {
    for (const key of [...this.#clients.keys()]) if (key.startsWith(prefix)) this.drop(key);
  }

  #client(key: string, url: string, label: string, allowPrivateNetwork: boolean): Promise<Client> {
    const existing = this.#clients.get(key);
    if (existing && existing.url === url) return existing.client;
    if (existing) this.drop(key);
    const client = connect(url, label, { allowPrivateNetwork, maxResponseBytes: this.#maxResponseBytes });
    this.#clients.set(key, { url, client });
    client.catch(() => {
      if (this.#clients.get(key)?.client === client) this.#clients.delete(key);
    });
    return client;
  }
}

/** A connected SDK client for `url` (checked for private addresses first). */
export async function connect(url: string, label: string, options: ConnectionOptions = {}): Promise<Client> {
  await checkAddress(new URL(url), label, options.allowPrivateNetwork ?? false);
  const client = new Client({ name: 'skylit-widget-manager', version: PACKAGE_VERSION }, { capabilities: {}, jsonSchemaValidator: NO_SCHEMA_COMPILATION });
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: limitedFetch(options.maxResponseBytes ?? MAX_RESPONSE_BYTES) });
  await client.connect(transport);
  return client;
}

/** fetch whose response bodies fail past `max` bytes. */
export function limitedFetch(max: number): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    let seen = 0;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > max) controller.error(new Error(`the answer is larger than ${Math.round(max / 1024)} KB`));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/**
 * Refuses a URL whose host is (or resolves to) a loopback, private, link-local or otherwise
 * non-public address, unless `allowPrivate`. (A DNS answer may change between this check and the
 * connection; the check stops the plain cases: 169.254.169.254, 10.x, localhost.)
 */
export async function checkAddress(url: URL, label: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHostname(host)) throw refusedPrivate(label, host);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      throw new PackageCallError(`Widget package ${label}: its host ${host} could not be found (${(error as { code?: string }).code ?? 'DNS error'}).`, 'unreachable');
    }
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw refusedPrivate(label, `${host} (${bad})`);
}

function refusedPrivate(label: string, what: string): PackageCallError {
  return new PackageCallError(
    `Widget package ${label} is at ${what}, an address on a private or loopback network, which this server does not connect to. ` +
      'Use a public https:// URL, or allow private addresses (SKYLIT_MANAGER_PRIVATE_URLS=on).',
    'refused',
  );
}

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified and the IPv4-mapped forms of those. */
export function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

function classify(error: unknown, label: string): PackageCallError {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET' || /fetch failed|ECONNREFUSED|socket|terminated|other side closed/i.test(message)) {
    return new PackageCallError(`Widget package ${label} is not reachable (${cause ?? clip(message)}): it may be down or restarting. Try again in a moment.`, 'unreachable');
  }
  if (/larger than/.test(message)) return new PackageCallError(`Widget package ${label} sent an answer that is too large (${clip(message)}).`, 'bad_answer');
  if (/HTTP (\d+)/.test(message) || /Error POSTing/.test(message)) {
    return new PackageCallError(`Widget package ${label} refused the request (${clip(message)}).`, 'unreachable');
  }
  return new PackageCallError(`Widget package ${label} answered with something that is not a valid MCP answer (${clip(message)}).`, 'bad_answer');
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}
