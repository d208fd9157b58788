import { fieldProblem, problem, type ParamsOf, type Problem, type ProblemCode } from './domain/problems.js';
import { english, type Message } from './i18n/index.js';

/** A problem's sentence in English, from the catalog: what the API, the log and the command line say. */
export const englishProblem = (found: Pick<Problem, 'code' | 'params'>): string => english().t(`problem.${found.code}`, found.params);

/**
 * An error meant for the client: a problem (its code, its values, the field it concerns) with an
 * HTTP status. Its `message` is English (the API's `message`, the log's), made from the catalog; a
 * 400 about a field says the field first ("title: is required"). A page says the problem in its
 * reader's language from `said`.
 */
export class HttpProblem extends Error {
  readonly code: ProblemCode;
  readonly params: Problem['params'];
  readonly field: string | undefined;

  constructor(
    readonly statusCode: number,
    problem: Problem,
    readonly headers: Record<string, string> = {},
    /** the English message when it is not the catalog's (Fastify's own, a validation's with its part) */
    message?: string,
  ) {
    const text = englishProblem(problem);
    super(message ?? (problem.field && statusCode === 400 ? `${problem.field}: ${text}` : text));
    this.code = problem.code;
    this.params = problem.params;
    this.field = problem.field;
  }

  /** The problem as a reader's page says it: the catalog's message of its code. */
  get said(): Message {
    return { key: `problem.${this.code}`, values: this.params };
  }

  /** The problem as plain data, for the API's reply and the command line. */
  get problem(): Problem {
    return { code: this.code, params: this.params, ...(this.field === undefined ? {} : { field: this.field }) } as Problem;
  }
}

/** A refusal with `status`, from a problem the domain found. */
export const refusal = (status: number, found: Problem, headers?: Record<string, string>) => new HttpProblem(status, found, headers);

/** A refusal of `code` with its values. */
export const httpProblem = <C extends ProblemCode>(status: number, code: C, ...params: ParamsOf<C>) =>
  new HttpProblem(status, problem(code, ...params));

/** 400 naming the field: what a form shows beside it. */
export const badRequest = <C extends ProblemCode>(field: string, code: C, ...params: ParamsOf<C>) =>
  new HttpProblem(400, fieldProblem(field, code, ...params));
export const notFound = <C extends ProblemCode>(code: C, ...params: ParamsOf<C>) => httpProblem(404, code, ...params);
export const forbidden = <C extends ProblemCode>(code: C, ...params: ParamsOf<C>) => httpProblem(403, code, ...params);
export const conflict = <C extends ProblemCode>(code: C, ...params: ParamsOf<C>) => httpProblem(409, code, ...params);
