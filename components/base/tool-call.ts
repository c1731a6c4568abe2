import type { ReactiveController } from 'lit';
import { errorMessage } from '../host/base-host.ts';
import { resultText } from '../host/results.ts';
import type { JsonObject, ToolResult } from '../host/types.ts';
import type { CallOptions, SkyWidgetElement } from './widget-element.ts';

/**
 * One kind of tool call a widget makes — load the list, open a record, start a game — with its own
 * result, its own in-flight flag and its own error. A widget can have several at once (a list and a
 * detail, a save while the list reloads), and shows each failure next to the action that failed
 * (`error`, `retry()`); only a widget with nothing on screen shows the full error view.
 *
 * ```ts
 * readonly open = new ToolCall(this, { view: false });
 * const result = await this.open.run('task_get', { id });
 * render() { return html`${this.open.error ? noticeView(this.open.error, () => this.open.retry()) : nothing}`; }
 * ```
 */
export class ToolCall implements ReactiveController {
  /** The last result that was not an error, or null. */
  result: ToolResult | null = null;
  /** True while a call is under way. */
  running = false;
  /** Why the last call did not succeed — the host or network failed, or the tool said why — or null. */
  error: string | null = null;
  #last: [string, JsonObject] | null = null;

  constructor(
    readonly widget: SkyWidgetElement,
    readonly options: CallOptions = {},
  ) {
    widget.addController(this);
  }

  hostConnected(): void {}

  /**
   * Calls `name` with `args`. Resolves with the result (also a tool's error, with `error` set to its
   * text), or null when the host or network failed (`error` says why; `retry()` sends it again).
   */
  async run(name: string, args: JsonObject = {}): Promise<ToolResult | null> {
    this.#last = [name, args];
    this.running = true;
    this.error = null;
    this.widget.requestUpdate();
    try {
      const result = await this.widget.callTool(name, args, this.options);
      if (result.isError) this.error = resultText(result) || `${name} did not succeed.`;
      else this.result = result;
      return result;
    } catch (error) {
      this.error = errorMessage(error);
      this.widget.reportFailure(this.error, () => void this.retry());
      return null;
    } finally {
      this.running = false;
      this.widget.requestUpdate();
    }
  }

  /** Sends the last call again, with the same arguments (so the same idempotency key, if it had one). */
  retry(): Promise<ToolResult | null> {
    return this.#last ? this.run(...this.#last) : Promise.resolve(null);
  }

  /** Forgets the last error (the user dismissed it, or moved on). */
  clear(): void {
    this.error = null;
    this.widget.requestUpdate();
  }
}
