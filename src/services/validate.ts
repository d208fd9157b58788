import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest } from '../http-problem.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The one Ajv setup, for the API's request parts and for what the pages and the command line
 * give the services. Bodies are taken exactly as sent: no type coercion (a "3" or true is not a
 * number) and no silent dropping of unknown fields. Query strings and path parameters are text
 * by nature (`coerce`), so there numbers are read from their digits.
 */
export function createAjv(coerce: boolean): Ajv {
  const options: Options = { removeAdditional: false, useDefaults: true, allErrors: false, allowUnionTypes: true, strict: false, coerceTypes: coerce };
  return addFormats(new Ajv(options));
}

/** Turns an Ajv error into the field it concerns and a sentence a user can act on. */
export function describeValidation(issue: Pick<ErrorObject, 'instancePath' | 'keyword' | 'message' | 'params'>): { field: string; problem: string } {
  const path = issue.instancePath.split('/').filter(Boolean).join('.');
  const join = (name: unknown) => (path ? `${path}.${String(name)}` : String(name));
  const params = issue.params as Record<string, unknown>;
  switch (issue.keyword) {
    case 'additionalProperties':
      return { field: join(params.additionalProperty), problem: 'is not a known field' };
    case 'required':
      return { field: join(params.missingProperty), problem: 'is required' };
    case 'enum':
      return { field: path, problem: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'minProperties':
      return { field: path || '(body)', problem: 'must contain at least one field' };
    default:
      return { field: path || '(body)', problem: issue.message ?? 'is invalid' };
  }
}

const bodies = createAjv(false);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * What a caller gives a service, checked against the schema the API validates its bodies with:
 * a page or a command cannot pass what a request could not. Throws a 400 naming the field.
 */
export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = bodies.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return value;
  const { field, problem } = describeValidation(validate.errors![0]!);
  throw badRequest(field, problem);
}
