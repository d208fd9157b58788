/**
 * What text a person may enter: it reaches feeds, mail, pages and reports, so it carries no
 * control characters, no half of a surrogate pair (not Unicode: encoders differ on it), no
 * bidirectional overrides (they make a title read otherwise than it is stored), and something
 * visible.
 */

// C0 and C1 controls; a multi-line text may keep tab, line feed and carriage return
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const CONTROL_ONE_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
// with the u flag only an unpaired surrogate matches
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// embeddings, overrides and isolates (marks such as U+200F stay: Arabic text needs them)
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** A problem sentence, or undefined when the text may be stored. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | undefined {
  if ((options.multiline ? CONTROL : CONTROL_ONE_LINE).test(value)) return options.multiline ? 'must not contain control characters' : 'must be one line without control characters';
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (half of a surrogate pair)';
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)';
  if (!VISIBLE.test(value)) return 'must contain a visible character';
  return undefined;
}
