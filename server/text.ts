/**
 * Text that comes from callers and goes back out — into answers and into the log — bounded and
 * escaped: an echoed name is cut with an ellipsis, a log line is one line whatever it carries.
 * No Node imports: the tools that use it also run in the browser.
 */

/** `text` cut to at most `max` characters, ending in "…" when cut (never inside a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * `text` on one line: control characters (C0, DEL, C1) and the Unicode line and paragraph
 * separators become escapes (`\n`, `\u2028`), and a backslash becomes `\\`, so nothing a caller
 * sends can start a new log line or forge one.
 */
export function oneLine(text: string): string {
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** Characters a log field may show bare; anything else gets the field quoted. */
const PLAIN_FIELD = /^[A-Za-z0-9_.:/@+-]+$/;

/**
 * A value for a `key=value` field of a log line: as it is when plain (`chess_get_game`), else
 * quoted with `"` and `\` escaped and `oneLine`'s escapes (`"bad\nname"`); cut to `max` characters first.
 */
export function logField(value: string, max = 120): string {
  const cut = clip(value, max);
  if (PLAIN_FIELD.test(cut)) return cut;
  return `"${oneLine(cut).replace(/"/g, '\\"')}"`;
}
