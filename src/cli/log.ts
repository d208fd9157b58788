import { pino, type Logger } from 'pino';

/**
 * A logger for a command-line run: each entry one readable line through `print` ("warning: …",
 * "error: …", then the entry's fields as JSON), as an operator reads a cron job's output.
 */
export function lineLogger(print: (line: string) => void): Logger {
  return pino(
    { level: 'info', base: undefined, timestamp: false },
    {
      write(json: string) {
        const { level, msg, ...fields } = JSON.parse(json) as { level: number; msg?: string };
        const prefix = level >= 50 ? 'error: ' : level >= 40 ? 'warning: ' : '';
        const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
        print(`${prefix}${msg ?? ''}${rest}`.trim());
      },
    },
  );
}
