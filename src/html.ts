/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is itself
 * Html (made by `html` or, deliberately, by `raw`). Arrays are joined, null/undefined/false
 * print nothing, so `${cond && html`…`}` and `${items.map(…)}` read naturally.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Markup that is trusted as it is: only for constants of this code, never for data. */
export const raw = (markup: string): Html => new Html(markup);

export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Html items joined with a separator (escaped when it is text). */
export function join(items: readonly Value[], separator: Value): Html {
  return new Html(items.map(render).join(render(separator)));
}
