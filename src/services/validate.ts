import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { at, fieldProblem, problem, type FieldProblem, type Problem } from '../domain/problems.js';
import { englishProblem, HttpProblem } from '../http-problem.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The one Ajv setup, for the API's request parts and for what the pages and the command line
 * give the services. Bodies are taken exactly as sent: no type coercion (a "3" or true is not a
 * number) and no silent dropping of unknown fields. Query strings and path parameters are text
 * by nature (`coerce`), so there numbers are read from their digits.
 */
export function createAjv(coerce: boolean): Ajv {
  const options: Options = {
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    allowUnionTypes: true,
    strict: false,
    coerceTypes: coerce,
  };
  return addFormats(new Ajv(options));
}

/** What an Ajv error's keyword is, as a problem's code and values. */
function issueProblem(keyword: string, params: Record<string, unknown>): Problem {
  switch (keyword) {
    case 'enum':
      return problem('oneOf', { allowed: (params.allowedValues as unknown[]).join(', ') });
    case 'const':
      return problem('oneOf', { allowed: String(params.allowedValue) });
    case 'minProperties':
      return problem('noFields');
    case 'minLength':
      return problem('tooShort', { min: Number(params.limit) });
    case 'maxLength':
      return problem('tooLong', { max: Number(params.limit) });
    case 'minItems':
      return problem('tooFewItems', { min: Number(params.limit) });
    case 'maxItems':
      return problem('tooManyItems', { max: Number(params.limit) });
    case 'uniqueItems':
      return problem('duplicateItems');
    case 'format':
      return problem('format', { format: String(params.format) });
    case 'pattern':
      return problem('pattern', { pattern: String(params.pattern) });
    case 'type':
      return problem('type', { type: String(params.type) });
    case 'minimum':
      return problem('atLeast', { limit: Number(params.limit) });
    case 'maximum':
      return problem('atMost', { limit: Number(params.limit) });
    case 'exclusiveMinimum':
      return problem('above', { limit: Number(params.limit) });
    case 'exclusiveMaximum':
      return problem('below', { limit: Number(params.limit) });
    case 'multipleOf':
      return problem('multipleOf', { of: Number(params.multipleOf) });
    default:
      return problem('invalid');
  }
}

/** Turns an Ajv error into the problem it is, naming the field it concerns ('venue.city', 'partners.1'). */
export function describeValidation(issue: Pick<ErrorObject, 'instancePath' | 'keyword' | 'params'>): FieldProblem {
  const path = issue.instancePath.split('/').filter(Boolean).join('.');
  const join = (name: unknown) => (path ? `${path}.${String(name)}` : String(name));
  const params = issue.params as Record<string, unknown>;
  if (issue.keyword === 'additionalProperties') return fieldProblem(join(params.additionalProperty), 'unknownField');
  if (issue.keyword === 'required') return fieldProblem(join(params.missingProperty), 'required');
  return at(path || '(body)', issueProblem(issue.keyword, params));
}

/** Where in a request an invalid value was, as the API's message says it ("body title: is required"). */
const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** The 400 of a request Fastify's validation refused, naming the part and the field. */
export function validationRefusal(
  issue: Pick<ErrorObject, 'instancePath' | 'keyword' | 'params'>,
  context: string | undefined,
): HttpProblem {
  const found = describeValidation(issue);
  return new HttpProblem(400, found, {}, `${PART_NAMES[context ?? 'body'] ?? 'body'} ${found.field}: ${englishProblem(found)}`);
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
  throw new HttpProblem(400, describeValidation(validate.errors![0]!));
}
