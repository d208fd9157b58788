/** What a person reads of an HTML page, for the tests of its words. */

/** The text a reader sees on a page: the text between tags, and the attributes a browser shows or the script puts on the page. */
export function visibleText(page: string): string {
  const attributes = [...page.matchAll(/\s(?:title|aria-label|placeholder|alt|data-template|data-copied|data-copy-failed)="([^"]*)"/g)].map(
    (m) => m[1],
  );
  const body = page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return decode([body, ...attributes].join('\n'));
}

export function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
