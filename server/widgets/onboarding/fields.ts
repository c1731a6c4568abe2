/**
 * The onboarding tools' arguments: zod schemas whose messages are whole sentences a user can act
 * on (GOV.UK style: "Enter a board name."), so the widget can show them on the field they name.
 * Every message about a field lands on the field itself (`board_icon`, `emails`), never on a part
 * of it, and echoes what was typed on one line.
 *
 * The board icon is checked here too: a declared type among the accepted ones, at most 256 KB, and
 * for inline bytes a signature that matches the declared type.
 */
import { z } from 'zod';
import { clip, oneLine } from '../../text.ts';
import { ICON_TYPES, MAX_BOARD_NAME, MAX_BOARD_PURPOSE, MAX_ICON_BYTES, MAX_INVITES, MAX_TASK_TITLE, type IconType } from './flow.ts';

/** A message for a missing value; a value of another type keeps zod's wording (for the model). */
const whenMissing = (message: string) => (issue: { input: unknown }) => (issue.input === undefined ? message : undefined);

export const flowIdArg = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .optional()
  .describe('The onboarding (flowId of the last view). Leave it out to use the unfinished one.');

export const requestIdArg = z
  .string()
  .min(8)
  .max(100)
  .describe('A fresh random id (e.g. a UUID) per submitted step; a retry with the same id changes nothing and answers with the state reached.');

export const boardNameArg = z
  .string({ error: whenMissing('Enter a board name.') })
  .trim()
  .min(1, 'Enter a board name.')
  .max(MAX_BOARD_NAME, `Board name must be ${MAX_BOARD_NAME} characters or fewer.`)
  .describe('The board’s name, e.g. “Marketing launch”.');

export const boardPurposeArg = z
  .string()
  .trim()
  .max(MAX_BOARD_PURPOSE, `What the board is for must be ${MAX_BOARD_PURPOSE} characters or fewer.`)
  .optional()
  .describe('What the board is for, in a sentence. Left out: none.');

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DUE_MESSAGE = 'Enter the due date as a real date, like 2026-12-01.';

export const taskTitleArg = z
  .string({ error: whenMissing('Enter a task.') })
  .trim()
  .min(1, 'Enter a task.')
  .max(MAX_TASK_TITLE, `Task must be ${MAX_TASK_TITLE} characters or fewer.`)
  .describe('What is to be done, e.g. “Draft the launch plan”.');

export const dueDateArg = z
  .string()
  .trim()
  .refine((text) => DATE.test(text) && isRealDate(text), DUE_MESSAGE)
  .optional()
  .describe('When it is due, as YYYY-MM-DD.');

const TYPE_WORDS = 'a PNG, JPEG, WEBP or GIF';
const UPLOAD_FAILED = 'The selected file could not be uploaded – try again.';

export const boardIconArg = z
  .object({
    // A file the model passes from the chat (ChatGPT's fileParams) may come with only its id and URL.
    file_name: z.string().min(1).max(255).optional(),
    mime_type: z.string().max(100).optional(),
    size: z.number().int().min(0).optional(),
    file_id: z.string().min(1).max(200).optional(),
    download_url: z.string().max(4000).optional(),
    data: z.string().optional(),
  })
  .superRefine((file, ctx) => {
    const problem = iconProblem(file);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((file) => ({
    ...file,
    file_name: file.file_name ?? 'Uploaded image',
    mime_type: file.mime_type ?? (file.data === undefined ? 'image' : (sniff(file.data.replace(/\s+/g, '')) ?? 'image')),
    size: file.size ?? 0,
  }))
  .nullable()
  .optional()
  .describe(
    'The board’s icon: a PNG, JPEG, WEBP or GIF image of at most 256 KB, as { file_name, mime_type, size } with either the bytes ' +
      '(`data`, base64) or a host upload (`file_id`, `download_url`). Left out: the icon already set stays; null removes it.',
  );

export const emailsArg = z
  .array(z.string().max(320))
  .transform((emails) => emails.map((email) => email.trim()).filter(Boolean))
  .superRefine((emails, ctx) => {
    const problem = emailsProblem(emails);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .optional()
  .describe(`The teammates’ email addresses (at most ${MAX_INVITES}). They replace the list sent before.`);

export const skipArg = z.boolean().optional().describe('true: skip inviting teammates (no emails needed).');

/** Sentences for what is wrong with the icon, or null. Public for the tests' sake. */
export function iconProblem(file: { mime_type?: string; size?: number; file_id?: string; data?: string }): string | null {
  if (file.mime_type !== undefined && !(ICON_TYPES as readonly string[]).includes(file.mime_type)) return `The selected file must be ${TYPE_WORDS} image.`;
  if (file.data !== undefined) {
    const data = file.data.replace(/\s+/g, '');
    if (!isBase64(data)) return UPLOAD_FAILED;
    const bytes = decodedLength(data);
    if (bytes === 0) return 'The selected file is empty.';
    if (bytes > MAX_ICON_BYTES) return 'The selected file must be smaller than 256 KB.';
    const kind = sniff(data);
    if (!kind) return `The selected file must be ${TYPE_WORDS} image.`;
    if (file.mime_type !== undefined && kind !== file.mime_type) {
      return `The selected file says it is ${typeWord(file.mime_type as IconType)} image, but its contents are not. Choose ${TYPE_WORDS} image.`;
    }
    return null;
  }
  if (file.file_id) {
    if (file.size === 0) return 'The selected file is empty.';
    if (file.size !== undefined && file.size > MAX_ICON_BYTES) return 'The selected file must be smaller than 256 KB.';
    return null;
  }
  return UPLOAD_FAILED;
}

/** The decoded bytes of inline icon data (checked by {@link iconProblem} first). */
export function iconBytes(data: string): number {
  return decodedLength(data.replace(/\s+/g, ''));
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;

function emailsProblem(emails: string[]): string | null {
  const bad = emails.filter((email) => email.length > 254 || !EMAIL.test(email));
  if (bad.length) return `Enter email addresses in the correct format, like name@example.com (${quoteList(bad)} ${bad.length === 1 ? 'is' : 'are'} not).`;
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const email of emails) {
    const key = email.toLowerCase();
    if (seen.has(key)) twice.add(email);
    seen.add(key);
  }
  if (twice.size) return `Enter each email address once (${quoteList([...twice])} ${twice.size === 1 ? 'is' : 'are'} there twice).`;
  if (emails.length > MAX_INVITES) return `Enter ${MAX_INVITES} email addresses or fewer (there are ${emails.length}).`;
  return null;
}

/** “a”, “a” and “b”, “a”, “b” and 3 more: each on one line, cut to 40 characters. */
function quoteList(values: string[]): string {
  const shown = values.slice(0, 3).map((value) => `“${oneLine(clip(value, 40))}”`);
  if (values.length > 3) return `${shown.join(', ')} and ${values.length - 3} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function isRealDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

function isBase64(data: string): boolean {
  return data.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(data);
}

function decodedLength(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** The image type the first bytes say (PNG, JPEG, GIF, WEBP magic numbers), or null. */
function sniff(data: string): IconType | null {
  const head = atob(data.slice(0, 16));
  const at = (offset: number, text: string) => head.slice(offset, offset + text.length) === text;
  if (at(0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (at(0, '\xff\xd8\xff')) return 'image/jpeg';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'image/gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  return null;
}

function typeWord(type: IconType): string {
  return { 'image/png': 'a PNG', 'image/jpeg': 'a JPEG', 'image/webp': 'a WEBP', 'image/gif': 'a GIF' }[type];
}
