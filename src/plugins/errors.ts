import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { problem, type ProblemCode } from '../domain/problems.js';
import { httpProblem, HttpProblem } from '../http-problem.js';
import { validationRefusal } from '../services/validate.js';
import { describeSqliteError, isWriteRefused } from '../services/health.js';

/**
 * The answer when the database refuses a write (a read-only or full disk, a file made immutable,
 * a lock held elsewhere): 503, in people's words, not a 500. SQLite rolled the change back whole.
 */
export const WRITES_REFUSED = new HttpProblem(503, problem('writesRefused'), { 'retry-after': '60' });

/** Logs a write the database refused and tells whoever watches (metrics, /ready); true when it was one. */
export function reportWriteRefused(error: unknown, request: FastifyRequest, onWriteRefused?: (error: unknown) => void): boolean {
  if (!isWriteRefused(error)) return false;
  request.log.error({ sqlite: describeSqliteError(error) }, 'the database refused a write: answered 503');
  onWriteRefused?.(error);
  return true;
}

/** Fastify's own refusals of a request, by its error codes. */
const FASTIFY_CODES: Record<
  string,
  Extract<ProblemCode, 'badJson' | 'bodyTooLarge' | 'unsupportedMediaType' | 'badContentLength' | 'paramTooLong'>
> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'badJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'badJson',
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badContentLength',
  FST_ERR_MAX_PARAM_LENGTH: 'paramTooLong',
};

/**
 * What any error thrown while answering a request is as a problem: an HttpProblem as it is, a
 * refused validation naming its field, Fastify's own client errors (their English message kept for
 * the API) with a code a page can say; undefined for a server fault.
 */
export function asProblem(error: FastifyError | HttpProblem, url: string): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error.validation) return validationRefusal(error.validation[0] as ErrorObject, error.validationContext);
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (error.code === 'FST_ERR_BAD_URL') return new HttpProblem(status, problem('badUrl', { path: url.split('?')[0]! }), {}, error.message);
  // a body that JSON.parse refused arrives as its SyntaxError, with no code of Fastify's
  const code = FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'badJson' : 'clientError');
  return new HttpProblem(status, problem(code), {}, error.message);
}

/** The API's JSON of a problem: the English message, the field, and the code with its values for programs and translations. */
export function errorReply(error: HttpProblem) {
  return {
    statusCode: error.statusCode,
    error: statusText(error.statusCode),
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    code: error.code,
    ...(Object.keys(error.params).length ? { params: error.params } : {}),
  };
}

/**
 * One error handler for the whole service: client errors say what is wrong and where; server
 * errors are logged in full and answered with a generic message.
 */
export function registerErrorHandling(app: FastifyInstance, onWriteRefused?: (error: unknown) => void): void {
  app.setErrorHandler((thrown: FastifyError | HttpProblem, request, reply) => {
    const error = asProblem(reportWriteRefused(thrown, request, onWriteRefused) ? WRITES_REFUSED : thrown, request.url);
    if (error) return reply.code(error.statusCode).headers(error.headers).send(errorReply(error));
    request.log.error({ err: thrown }, 'request failed');
    return reply.code(500).send(errorReply(httpProblem(500, 'serverError')));
  });

  app.setNotFoundHandler((request, reply) => {
    const missing = httpProblem(404, 'noRoute', { method: request.method, path: request.url.split('?')[0]! });
    reply.code(404).send(errorReply(missing));
  });
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    414: 'URI Too Long',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}
