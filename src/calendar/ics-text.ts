/** RFC 5545 TEXT escaping, for the calendar properties ical-generator writes as they are, and the VTIMEZONEs built by hand. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * URIs are not TEXT, but ical-generator escapes ',' and ';' in URL as if they were. The
 * percent-encoded forms mean the same to every HTTP server and need no escaping.
 */
export function uriValue(url: string): string {
  return url.replace(/[,;\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
