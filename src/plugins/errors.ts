import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorObject } from 'ajv';
import { HttpProblem } from '../http-problem.js';
import { describeValidation } from '../services/validate.js';

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/**
 * One error handler for the whole service: client errors say what is wrong and where; server
 * errors are logged in full and answered with a generic message.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
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
  };
  return texts[status] ?? 'Error';
}
