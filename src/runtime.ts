/**
 * Which Node.js the service runs on. A release line past its end of life gets no security fixes,
 * so the service says so once at start; it still runs, for the time an upgrade takes.
 */

/** The lines the service is supported on (README, Quick start; docs/reminders-and-operations.md). */
export const SUPPORTED_NODE = 'Node.js 24 LTS or 22';

/** The day each release line reaches its end of life (the Node.js release schedule). */
const END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};
const OLDEST_LISTED = 18;

const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The warning to log for Node.js `version` (process.versions.node) on `today`, or undefined while
 * its line is maintained. A line newer than the schedule above is taken as maintained.
 */
export function runtimeWarning(version: string, today: Date): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  const endOfLife = END_OF_LIFE[major];
  if (endOfLife !== undefined && today.toISOString().slice(0, 10) < endOfLife) return undefined;
  if (endOfLife === undefined && !(major < OLDEST_LISTED)) return undefined;
  const when = endOfLife === undefined ? 'is past its end of life' : `reached its end of life on ${longDate(endOfLife)}`;
  return `Node.js ${version} ${when} and gets no security fixes: run the service on ${SUPPORTED_NODE}`;
}
