import { problem, type Problem } from './problems.js';

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

/** What is wrong with a text (its field is the caller's to say), or undefined when it may be stored. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): Problem | undefined {
  if ((options.multiline ? CONTROL : CONTROL_ONE_LINE).test(value))
    return problem(options.multiline ? 'textControlsMultiline' : 'textControls');
  if (LONE_SURROGATE.test(value)) return problem('textBrokenCharacter');
  if (BIDI_CONTROL.test(value)) return problem('textBidi');
  if (!VISIBLE.test(value)) return problem('textInvisible');
  return undefined;
}

// what a terminal acts on rather than shows: C0 and C1 controls (ESC starts the sequences that
// move the cursor, retitle the window or write the clipboard), and the bidirectional controls
const UNSHOWABLE = /\r\n|[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text as the command line prints it: every control character written out (`\x1b`, `\n`,
 * `\u202e`), so stored text, including a row kept from before the text rules, cannot act on the
 * operator's terminal. `lines` keeps line feeds, CRLF and tabs, for a document printed whole
 * (a report); `json` writes `\u001b`, the form valid inside a JSON string.
 */
export function escapeControls(text: string, options: { lines?: boolean; json?: boolean } = {}): string {
  return text.replace(UNSHOWABLE, (c) => {
    if (options.lines && (c === '\n' || c === '\r\n' || c === '\t')) return c;
    if (c === '\r\n') return options.json ? '\\u000d\\u000a' : '\\r\\n';
    const code = c.codePointAt(0)!;
    if (options.json) return `\\u${code.toString(16).padStart(4, '0')}`;
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
