/**
 * Logging to stderr (stdout belongs to the stdio transport). One line per tool call: the tool, its
 * duration and its outcome — never the arguments, which may hold user data.
 */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
  toolCall(tool: string, durationMs: number, outcome: string): void;
}

/** A logger writing `time level message` lines to a stream (stderr by default). */
export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const line = (level: string, message: string) => write(`${new Date().toISOString()} ${level} ${message}\n`);
  return {
    info: (message) => line('info', message),
    error: (message) => line('error', message),
    toolCall: (tool, durationMs, outcome) =>
      line('info', `tool_call tool=${tool} duration_ms=${durationMs.toFixed(1)} outcome=${outcome}`),
  };
}

/** A logger that drops everything (benchmarks, embedding). */
export const silentLogger: Logger = { info() {}, error() {}, toolCall() {} };
