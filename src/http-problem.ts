import type { Message, MessageKey, MessageValues } from './i18n/index.js';

/**
 * An error meant for the client. Its `message` is English (the API's `message`, the log's); a page
 * says it in the reader's language from `said`, the catalog's message of the problem.
 */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    /** the problem as a catalog message; without one, the English message is shown as it is */
    readonly code?: string,
    readonly params?: MessageValues,
  ) {
    super(message);
  }

  /** The problem as a reader's page says it. */
  get said(): Message {
    if (this.code) return { key: `problem.${this.code}` as MessageKey, values: this.params };
    return { key: 'problem.text', values: { text: this.field && this.message.startsWith(`${this.field}: `) ? this.message.slice(this.field.length + 2) : this.message } };
  }
}

export const badRequest = (field: string, problem: string) => new HttpProblem(400, `${field}: ${problem}`, field);
export const notFound = (what: string) => new HttpProblem(404, what);
export const forbidden = (why: string) => new HttpProblem(403, why);
export const conflict = (why: string) => new HttpProblem(409, why);
