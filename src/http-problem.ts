/** An error meant for the client: its status and message are shown as they are. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (field: string, problem: string) => new HttpProblem(400, `${field}: ${problem}`, field);
export const notFound = (what: string) => new HttpProblem(404, what);
export const forbidden = (why: string) => new HttpProblem(403, why);
export const conflict = (why: string) => new HttpProblem(409, why);
