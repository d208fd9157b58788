import type { HttpProblem } from '../http-problem.js';
import { english } from '../i18n/index.js';

/**
 * A refusal as the command line says it, in English: the field a service names is the option of
 * the same name ("--office must be one of: …"); a refusal of no field is its message.
 */
export function optionProblem(error: HttpProblem): string {
  return error.field ? `--${error.field} ${english().say(error.said)}` : error.message;
}
