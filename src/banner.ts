/** What the service says when it has started, in plain words: where everything is. */
export interface StartFacts {
  /** where users reach it (PUBLIC_BASE_URL, or the address it listens on) */
  baseUrl: string;
  databasePath: string;
  /** the mailer's target: 'smtp://host:587' or 'files in /abs/dir' */
  mailTarget: string;
  /** 0: the dispatcher is off and cron sends */
  dispatchIntervalMs: number;
  demoData: boolean;
}

/** The lines printed to a terminal at start (a log reader gets the same facts as one JSON line). */
export function startBanner(facts: StartFacts): string {
  const mail = facts.mailTarget.startsWith('files in ')
    ? `written as .eml files, not sent: ${facts.mailTarget.slice('files in '.length)} (set SMTP_URL to send them)`
    : `sent through SMTP at ${facts.mailTarget}`;
  const sending =
    facts.dispatchIntervalMs > 0
      ? `checked every ${Math.round(facts.dispatchIntervalMs / 1000)} s by this service`
      : 'not sent by this service: run `npm run reminders -- run-once` from cron';
  return [
    '',
    'ITU-T regional events calendar is running.',
    '',
    `  Calendar        ${facts.baseUrl}/`,
    `  Subscribe       ${facts.baseUrl}/subscribe   (e.g. ${facts.baseUrl}/feeds/regions/africa.ics)`,
    `  API and docs    ${facts.baseUrl}/docs`,
    `  Sign in         ${facts.baseUrl}/sign-in   (make a token: npm run token -- create --office ro-africa)`,
    `  Database        ${facts.databasePath}${facts.demoData ? '   (with the demo events of the regional presence report)' : ''}`,
    `  Reminders       ${mail}; ${sending}`,
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}
