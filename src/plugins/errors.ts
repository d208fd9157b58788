import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { HttpProblem } from '../http-problem.js';
import { describeValidation } from '../services/validate.js';
import { describeSqliteError, isWriteRefused } from '../services/health.js';

/**
 * The answer when the database refuses a write (a read-only or full disk, a file made immutable,
 * a lock held elsewhere): 503, in people's words, not a 500. SQLite rolled the change back whole.
 */
export const WRITES_REFUSED = new HttpProblem(
  503,
  'The calendar cannot save changes or sign anyone in at the moment: its database refuses writes. Nothing was changed; reading goes on. Try again in a few minutes.',
  undefined,
  { 'retry-after': '60' },
);

/** Logs a write the database refused and tells whoever watches (metrics, /ready); true when it was one. */
export function reportWriteRefused(error: unknown, request: FastifyRequest, onWriteRefused?: (error: unknown) => void): boolean {
  if (!isWriteRefused(error)) return false;
  request.log.error({ sqlite: describeSqliteError(error) }, 'the database refused a write: answered 503');
  onWriteRefused?.(error);
  return true;
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/**
 * One error handler for the whole service: client errors say what is wrong and where; server
 * errors are logged in full and answered with a generic message.
 */
export function registerErrorHandling(app: FastifyInstance, onWriteRefused?: (error: unknown) => void): void {
  app.setErrorHandler((thrown: FastifyError | HttpProblem, request, reply) => {
    const error = reportWriteRefused(thrown, request, onWriteRefused) ? WRITES_REFUSED : thrown;
    if (error instanceof HttpProblem) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send({ statusCode: error.statusCode, error: statusText(error.statusCode), message: error.message, ...(error.field ? { field: error.field } : {}) });
    }
    if (error.validation) {
      const issue = describeValidation(error.validation[0] as ErrorObject);
      const part = PART_NAMES[error.validationContext ?? 'body'] ?? 'body';
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: `${part} ${issue.field}: ${issue.problem}`,
        field: issue.field,
      });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; it has been logged.' });
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large) keep their message
    return reply.code(status).send({ statusCode: status, error: statusText(status), message: error.message });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
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
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}
