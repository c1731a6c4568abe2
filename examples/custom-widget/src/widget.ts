/**
 * The dice widget for the server: its manifest (what hosts need to publish it) and its two tools,
 * written with skylit-server's public API.
 */
import { defineTool, defineWidget, ToolError } from 'skylit-server';
import { z } from 'zod';
import { DICE_TOOLS } from './view.ts';

const view = z.object({ sides: z.number().int(), rolls: z.array(z.number().int()), total: z.number().int(), version: z.number().int() });
type Roll = { sides: number; rolls: number[] };
const KEY = 'dice:last';

export const diceWidget = defineWidget({
  manifest: {
    id: 'com.example.dice',
    name: 'dice',
    title: 'Dice',
    version: '1.0.0',
    tag: 'example-dice',
    entry: 'src/define.ts',
    description: 'Rolls dice and shows them, with a button to roll again.',
  },
  tools: [
    defineTool({
      name: DICE_TOOLS.roll,
      title: 'Roll dice',
      description: 'Rolls `count` dice with `sides` sides and shows them.',
      input: z.object({
        count: z.number().int().min(1).max(10).default(2),
        sides: z.number().int().min(2).max(100).default(6),
      }),
      output: view,
      annotations: { readOnlyHint: false },
      invoking: 'Rolling…',
      invoked: 'Rolled',
      async handler({ count, sides }, ctx) {
        const rolls = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * sides));
        // The last roll is one record; writes are compare-and-set on its version.
        for (;;) {
          const current = await ctx.store.get<Roll>(KEY);
          const outcome = await ctx.store.put<Roll>(KEY, { sides, rolls }, { expectedVersion: current?.version ?? 0 });
          if (outcome.status === 'conflict') continue; // another roll landed in between: write over the new one
          const { value, version } = outcome.record;
          const total = value.rolls.reduce((sum, n) => sum + n, 0);
          return ctx.result({ text: `Rolled ${value.rolls.join(', ')} (total ${total}).`, view: { ...value, total, version }, viewId: KEY });
        }
      },
    }),
    defineTool({
      name: DICE_TOOLS.last,
      title: 'Show the last roll',
      description: 'Shows the last roll of the dice.',
      input: z.object({}),
      output: view,
      annotations: { readOnlyHint: true },
      invoking: 'Looking at the dice…',
      invoked: 'Dice shown',
      async handler(_args, ctx) {
        const last = await ctx.store.get<Roll>(KEY);
        if (!last) throw new ToolError(`No dice rolled yet. Roll them with ${DICE_TOOLS.roll}.`);
        const total = last.value.rolls.reduce((sum, n) => sum + n, 0);
        return ctx.result({ text: `The last roll: ${last.value.rolls.join(', ')}.`, view: { ...last.value, total, version: last.version }, viewId: KEY });
      },
    }),
  ],
});
