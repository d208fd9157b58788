import type { FastifyInstance } from 'fastify';
import { createAjv } from '../services/validate.js';

/** The request parts are checked with the services' own Ajv setup (see createAjv). */
export function registerValidation(app: FastifyInstance): void {
  const body = createAjv(false);
  const text = createAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));
}
