/**
 * The view contract of <example-dice>, shared by the element and the tools: the tool names and
 * the `structuredContent` the tools return. Any server whose tools return this shape can drive it.
 */
export const DICE_TOOLS = { roll: 'dice_roll', last: 'dice_last' } as const;

export interface DiceView {
  /** Sides of each die. */
  sides: number;
  /** One number per die, 1…sides. */
  rolls: number[];
  total: number;
  /** Version of the stored roll (the store counts writes). */
  version: number;
}
