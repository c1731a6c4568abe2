/**
 * Logging to stderr (stdout belongs to the stdio transport). One line per tool call: the tool, its
 * duration and its outcome — never the arguments, which may hold user data.
 *
 * Every line is one line: a caller's text in it (a tool name, a URL, an error message) is escaped
 * (server/text.ts), and a line longer than MAX_LOG_LINE characters is cut with an ellipsis.
 */
import { clip, logField, oneLine } from './text.ts';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
  toolCall(tool: string, durationMs: number, outcome: string): void;
}

/** The longest log line written, in characters (without the newline). */
export const MAX_LOG_LINE = 4096;

/** A logger writing `time level message` lines to a stream (stderr by default). */
export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  /** Writes one line; `text` must already be on one line. */
  const line = (level: string, text: string) => write(`${clip(`${new Date().toISOString()} ${level} ${text}`, MAX_LOG_LINE)}\n`);
  return {
    info: (message) => line('info', oneLine(message)),
    error: (message) => line('error', oneLine(message)),
    toolCall: (tool, durationMs, outcome) =>
      line('info', `tool_call tool=${logField(tool)} duration_ms=${durationMs.toFixed(1)} outcome=${logField(outcome)}`),
  };
}

/** A logger that drops everything (benchmarks, embedding). */
export const silentLogger: Logger = { info() {}, error() {}, toolCall() {} };
