/**
 * The zod form of <sky-list-detail>'s view contract (components/list-detail/view.ts), the output
 * schema of every task tool. A compile-time check below keeps the two in step.
 */
import { z } from 'zod';
import type { ListDetailView } from '../../../components/list-detail/view.ts';

const option = z.object({ value: z.string(), label: z.string() });
const fieldValue = z.union([z.string(), z.boolean(), z.null()]);

export const listDetailViewSchema = z.object({
  noun: z.object({ one: z.string(), other: z.string() }),
  title: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      kind: z.enum(['text', 'long-text', 'select', 'date', 'checkbox']),
      required: z.boolean().optional(),
      maxLength: z.number().int().optional(),
      options: z.array(option).optional(),
      hint: z.string().optional(),
    }),
  ),
  titleField: z.string().optional(),
  items: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        subtitle: z.string().optional(),
        status: z.object({ label: z.string(), tone: z.enum(['neutral', 'info', 'success', 'warning', 'danger']).optional() }).optional(),
        updatedAt: z.string().optional(),
      }),
    )
    .optional(),
  nextCursor: z.string().nullable().optional(),
  total: z.number().int().min(0).optional(),
  filter: z.object({ text: z.string().optional(), status: z.string().optional() }).optional(),
  statuses: z.array(option).optional(),
  selected: z
    .object({ id: z.string(), version: z.number().int().min(1), values: z.record(z.string(), fieldValue), updatedAt: z.string().optional() })
    .nullable()
    .optional(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and the ListDetailView interface drift apart. */
export const VIEW_SCHEMA_MATCHES_CONTRACT: Same<z.output<typeof listDetailViewSchema>, ListDetailView> = true;
