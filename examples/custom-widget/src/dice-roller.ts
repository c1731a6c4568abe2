import { css, html, type TemplateResult } from 'lit';
import { SkyWidgetElement } from 'skylit/base';
import type { JsonObject } from 'skylit/host';
import { DICE_TOOLS, type DiceView } from './view.ts';

/**
 * Dice on the table: shows the last roll and rolls again through the host (ChatGPT, an MCP Apps
 * host, or a plain page). SkyWidgetElement does the rest: host detection, loading / empty / error
 * views, theme, height, and the live region `announce()` speaks through.
 *
 * @summary Renders `dice_roll`'s view; "Roll again" calls `dice_roll` with the same dice.
 * @csspart die - Each die.
 * @csspart total - The total.
 */
export class ExampleDice extends SkyWidgetElement {
  static override styles = [
    ...SkyWidgetElement.styles,
    css`
      .dice { display: flex; gap: 0.5rem; margin: 0 0 0.5rem; padding: 0; list-style: none; }
      [part='die'] { display: grid; place-items: center; inline-size: 2.5rem; block-size: 2.5rem; border: 2px solid currentColor; border-radius: 0.5rem; font-size: 1.25rem; }
      button { font: inherit; padding: 0.25rem 0.75rem; }
      button:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
    `,
  ];

  protected override renderView(view: JsonObject): TemplateResult {
    const dice = view as unknown as DiceView;
    return html`
      <ul class="dice" aria-label="Dice">
        ${dice.rolls.map((value) => html`<li part="die">${value}</li>`)}
      </ul>
      <p part="total">Total: ${dice.total}</p>
      <button type="button" ?disabled=${this.busy} @click=${() => this.#roll(dice)}>Roll again</button>
    `;
  }

  async #roll(dice: DiceView): Promise<void> {
    const result = await this.callTool(DICE_TOOLS.roll, { count: dice.rolls.length, sides: dice.sides });
    const now = result?.structuredContent as unknown as DiceView | null;
    if (now && !result?.isError) this.announce(`Rolled ${now.rolls.join(', ')}: ${now.total}.`);
  }
}
