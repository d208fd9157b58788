import t from 'tap';
import type { Test } from 'tap';
import { AUTONYMS, PSEUDO_LOCALE, translatorFor, type Translator } from '../src/i18n/index.js';
import { PSEUDO_CLOSE, PSEUDO_OPEN } from '../src/i18n/pseudo.js';
import { buildReminderMessage } from '../src/mail/message.js';
import { occurrencesOf } from '../src/domain/recurrence.js';
import { OPERATOR } from '../src/domain/access.js';
import { COUNTRY_CODES } from '../src/domain/countries.js';
import { parseRule } from '../src/domain/reminders.js';
import { signInWith, startApp, TestClock } from './support/helpers.js';
import { visibleText } from './support/text.js';

/*
 * The proof that every word a person reads comes from the catalog: everything is rendered in the
 * en-XA pseudo-locale, where each catalog message is accented and wrapped in ⟦ ⟧, and no letter may
 * be left outside the brackets but data (titles, names, places, links, ids) and what Intl writes
 * (dates, weekday and month names, numbers, zone offsets).
 */

const pseudo = translatorFor(PSEUDO_LOCALE);

/** Takes out every message of the catalog, innermost first (a message's value may be another message). */
function withoutMessages(text: string): string {
  const inner = new RegExp(`${PSEUDO_OPEN}[^${PSEUDO_OPEN}${PSEUDO_CLOSE}]*${PSEUDO_CLOSE}`, 'g');
  let before;
  do {
    before = text;
    text = text.replace(inner, ' ');
  } while (text !== before);
  return text;
}

/** What Intl writes in the pseudo-locale (English): month and weekday names, eras and day periods, country names. */
function intlWords(t: Translator): string[] {
  const words = new Set<string>(['UTC', 'GMT']);
  for (const code of COUNTRY_CODES) words.add(t.countryName(code));
  for (let m = 0; m < 12; m++) {
    for (const month of ['long', 'short'] as const) words.add(t.dateTime(Date.UTC(2024, m, 1), { month, timeZone: 'UTC' }));
  }
  for (let d = 0; d < 7; d++) {
    for (const weekday of ['long', 'short'] as const) words.add(t.dateTime(Date.UTC(2024, 0, 1 + d), { weekday, timeZone: 'UTC' }));
  }
  return [...words];
}

/**
 * What is left of a text once the catalog's messages and the data are taken out: should be no
 * word at all. `data` are the strings the database and the configuration hold.
 */
function leftover(text: string, data: string[]): string[] {
  let rest = withoutMessages(text).replace(/https?:\/\/\S+|webcal:\/\/\S+|\S+@\S+/g, ' ');
  // the longest first, so that a title containing a name goes whole
  for (const value of [...data, ...intlWords(pseudo)].filter((v) => v.trim().length > 0).sort((a, b) => b.length - a.length)) {
    rest = rest.split(value).join(' ');
  }
  return (
    rest
      .split(/\s+/)
      .filter((word) => /\p{L}/u.test(word))
      // ids, zone names, rules and codes: data written as they are stored
      .filter((word) => !/^[a-z0-9-]+$/.test(word) && !/^[A-Za-z_]+\/[A-Za-z_/-]+$/.test(word) && !/^[A-Z0-9=;,:-]+$/.test(word))
  );
}

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-03-20T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read, pseudoLocale: true, demoData: true });
  const { root } = started.app;
  const events = root.stores.events.all({});
  const reference = root.stores.reference;
  const data = [
    ...events.flatMap((e) => [
      e.title,
      e.description ?? '',
      e.venue.name ?? '',
      e.venue.city ?? '',
      e.venue.country ?? '',
      e.url ?? '',
      ...e.partners,
      e.timeZone,
      e.id,
      e.recurrence ?? '',
      e.attendance?.notes ?? '',
    ]),
    ...reference.offices.flatMap((o) => [o.name, o.city, o.country, o.timeZone, ...o.emails]),
    ...reference.groups.flatMap((g) => [g.name, reference.groupLabel(g.id)]),
    // the product's own name in the pseudo-locale's brackets is a message; these are the configuration's
    root.config.publicBaseUrl,
    // the language switcher names each language in itself, whatever the page's
    ...Object.values(AUTONYMS),
    // the month's "times in" lists every IANA zone by its id (whole, before a city in it is taken out)
    ...Intl.supportedValuesOf('timeZone'),
  ];
  return { ...started, clock, events, data };
}

t.test('every page in the pseudo-locale: no word outside the catalog but data', async (t) => {
  const { app, token, events, data } = await setUp(t);
  const { cookie } = await signInWith(app, token('tsb'));
  const series = events.find((e) => e.recurrence !== null)!;
  const counted = events.find((e) => e.attendance !== null) ?? events[0]!;
  const pages: [string, boolean][] = [
    ['/', false],
    ['/?view=past', false],
    ['/?view=month&month=2024-03', false],
    ['/?view=month&month=2023-09&region=africa', false],
    ['/?q=nothing-matches-this', false],
    [`/events/${series.id}`, false],
    [`/events/${counted.id}`, true],
    ['/subscribe', false],
    ['/subscribe?region=africa&kind=workshop', false],
    ['/reports?from=2023-09-01&to=2024-06-30', false],
    ['/sign-in', false],
    ['/events/no-such-event', false],
    ['/office', true],
    ['/office?view=past', true],
    ['/office/feeds', true],
    ['/events/new', true],
    [`/events/${counted.id}/edit`, true],
    [`/events/${counted.id}/attendance`, true],
    ['/reports?from=2023-09-01&to=2024-06-30', true],
    ['/', true],
  ];
  for (const [path, signedIn] of pages) {
    const res = await app.inject({
      url: `${path}${path.includes('?') ? '&' : '?'}lang=${PSEUDO_LOCALE}`,
      cookies: signedIn ? { session: cookie } : {},
    });
    t.match(res.headers['content-type'], /text\/html/, `${path} is a page`);
    t.match(res.body, new RegExp(`<html lang="${PSEUDO_LOCALE}"`), `${path} says its language`);
    t.same(leftover(visibleText(res.body), data), [], `${path}${signedIn ? ' (signed in)' : ''}: every word from the catalog`);
  }
});

t.test('the pseudo-locale is only served where the configuration allows it', async (t) => {
  const { app } = await startApp(t, { demoData: false });
  const res = await app.inject('/?lang=en-XA');
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, PSEUDO_OPEN, 'English, as without the parameter');
  t.match(res.body, '<html lang="en"');
});

t.test('every mail kind, feed name and report in the pseudo-locale', async (t) => {
  const { app, events, data } = await setUp(t);
  const { root } = app;
  const ctx = { ...root.render, t: pseudo, audience: 'staff' as const, mailFrom: root.config.mail.from };
  const timed = events.find((e) => !e.allDay && e.recurrence === null) ?? events[0]!;
  for (const rule of ['before:P7D', 'follow-up:1', 'cancellation']) {
    for (const event of [timed, events.find((e) => e.allDay)!, events.find((e) => e.recurrence !== null)!]) {
      const message = buildReminderMessage(
        { rule: parseRule(rule)!, recipient: 'a@itu.example', recipientZone: 'Asia/Bangkok', messageId: '<m@x>' },
        event,
        occurrencesOf(event)[0]!,
        ctx,
      );
      for (const [part, text] of [
        ['subject', message.subject],
        ['text', message.text],
        ['html', visibleText(message.html)],
      ] as const) {
        t.same(leftover(text, data), [], `${rule} mail, ${part}: every word from the catalog`);
      }
    }
  }
  for (const spec of root.services.feeds.catalog(pseudo)) {
    t.same(leftover(`${spec.title}\n${spec.description}`, data), [], `feed ${spec.key}: its name from the catalog`);
  }
  const combined = root.services.feeds.combined({ regions: ['africa', 'europe'], kinds: ['workshop'] }, pseudo);
  t.same(leftover(`${combined.title}\n${combined.description}`, data), [], 'a combined feed: its name from the catalog');
  const period = { from: '2023-09-01', to: '2024-06-30' };
  for (const format of ['md', 'html'] as const) {
    for (const audience of ['public', 'staff'] as const) {
      const { body } = root.services.reports.render({ ...period, format }, audience, pseudo);
      const text = format === 'html' ? visibleText(body) : body.replace(/[#|*\\-]/g, ' ');
      t.same(leftover(text, data), [], `the ${format} report (${audience}): every word from the catalog`);
    }
  }
  // the command line's own output is English, but its messages are the catalog's too
  t.ok(root.services.tokens.list(OPERATOR), 'the operator acts through the same services');
});
