import {
  isLiteralElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import t from 'tap';
import type { Test } from 'tap';
import { CATALOGS, TRANSLATED_LOCALES, type TranslatedKey, type TranslatedLocale } from '../src/i18n/catalogs.js';
import { AUTONYMS, chooseLocale, fromAcceptLanguage, LOCALES, splitLocalePrefix, translatorFor } from '../src/i18n/index.js';
import { en } from '../src/i18n/messages/en.js';
import { signInWith, startApp, TestClock } from './support/helpers.js';
import { visibleText } from './support/text.js';

/*
 * The calendar in ITU's six languages: how a page's language is chosen, and that a page in each
 * of the five translated ones has the right lang and dir and no English interface words left.
 */

t.test('the language of a page: ?lang=, the /fr/ prefix, the cookie, Accept-Language, English', async (t) => {
  t.equal(fromAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7'), 'fr');
  t.equal(fromAcceptLanguage('de-DE, ar-EG;q=0.5, en;q=0.4'), 'ar', 'the first of the six by weight');
  t.equal(fromAcceptLanguage('en;q=0.2, ru'), 'ru', 'weights before order');
  t.equal(fromAcceptLanguage('zh-TW'), 'zh', 'any Chinese reads the Simplified catalog rather than none');
  t.equal(fromAcceptLanguage('es;q=0, de'), undefined, 'q=0 is "not this one"');
  t.equal(fromAcceptLanguage('*'), undefined);
  t.equal(chooseLocale({ query: 'es', prefix: 'fr', cookie: 'ru', acceptLanguage: 'zh' }), 'es');
  t.equal(chooseLocale({ query: 'xx', prefix: 'fr', cookie: 'ru', acceptLanguage: 'zh' }), 'fr');
  t.equal(chooseLocale({ cookie: 'ru', acceptLanguage: 'zh' }), 'ru');
  t.equal(chooseLocale({ cookie: 'klingon', acceptLanguage: 'zh-CN,zh;q=0.9' }), 'zh');
  t.equal(chooseLocale({}), 'en');
  t.same(splitLocalePrefix('/fr/events/x?y=1'), { locale: 'fr', rest: '/events/x?y=1' });
  t.same(splitLocalePrefix('/ar'), { locale: 'ar', rest: '/' });
  t.same(splitLocalePrefix('/ar?view=month'), { locale: 'ar', rest: '/?view=month' });
  t.same(splitLocalePrefix('/feeds/all.ics'), { rest: '/feeds/all.ics' }, 'only the six, and whole');
  t.same(splitLocalePrefix('/de/events'), { rest: '/de/events' });

  const { app } = await startApp(t, { demoData: false });
  const langOf = (body: string) => /<html lang="([^"]+)" dir="([^"]+)"/.exec(body)?.slice(1);
  let res = await app.inject({ url: '/', headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
  t.same(langOf(res.body), ['fr', 'ltr'], 'the browser says French');
  t.equal(res.headers['content-language'], 'fr');
  t.match(res.headers.vary, /Accept-Language/);
  t.match(res.headers.vary, /Cookie/);
  t.notOk(res.headers['set-cookie'], 'the browser’s languages are not a choice to remember');

  res = await app.inject({ url: '/?lang=ar', headers: { 'accept-language': 'fr' } });
  t.same(langOf(res.body), ['ar', 'rtl'], '?lang= before the browser; Arabic right to left');
  const cookie = res.cookies.find((c) => c.name === 'lang');
  t.equal(cookie?.value, 'ar', 'the choice is remembered');
  t.equal(cookie?.sameSite, 'Lax');
  t.ok(cookie?.httpOnly);
  res = await app.inject({ url: '/subscribe', cookies: { lang: 'ar' }, headers: { 'accept-language': 'fr' } });
  t.same(langOf(res.body), ['ar', 'rtl'], 'the next page keeps it, whatever the browser says');

  res = await app.inject({ url: '/ru/subscribe' });
  t.equal(res.statusCode, 200, 'a /ru/ address is the page');
  t.same(langOf(res.body), ['ru', 'ltr']);
  t.equal(res.cookies.find((c) => c.name === 'lang')?.value, 'ru');
  res = await app.inject({ url: '/zh' });
  t.equal(res.statusCode, 200);
  t.same(langOf(res.body), ['zh', 'ltr']);
  res = await app.inject({ url: '/?lang=de', headers: { 'accept-language': 'es' } });
  t.same(langOf(res.body), ['es', 'ltr'], 'a language the calendar does not have is passed over');
  t.notOk(res.cookies.find((c) => c.name === 'lang'));

  // the switcher: on every page, each language in itself, the current one marked
  res = await app.inject({ url: '/?lang=fr' });
  for (const locale of LOCALES) {
    t.match(
      res.body,
      new RegExp(`href="\\?lang=${locale}"[^>]*hreflang="${locale}" lang="${locale}"[^>]*>${AUTONYMS[locale]}</a>`),
      `the switcher offers ${AUTONYMS[locale]}`,
    );
  }
  t.match(res.body, /href="\?lang=fr"[^>]*aria-current="true"/);
  t.match(res.body, /<nav class="languages" aria-label="[^"]+">/);
});

t.test('weeks begin on the first day of the reader’s week', async (t) => {
  t.equal(translatorFor('en').weekStart, 1, 'Monday in English (as ITU writes dates)');
  t.equal(translatorFor('fr').weekStart, 1);
  t.equal(translatorFor('ar').weekStart, 6, 'Saturday in Arabic');
  const { app } = await startApp(t, { demoData: false });
  const headings = async (lang: string) => {
    const res = await app.inject(`/?view=month&month=2024-03&lang=${lang}`);
    return [...res.body.matchAll(/<th scope="col"><abbr title="([^"]+)">/g)].map((m) => m[1]);
  };
  t.same((await headings('en')).slice(0, 2), ['Monday', 'Tuesday']);
  const arabic = await headings('ar');
  t.equal(
    arabic[0],
    translatorFor('ar').dateTime(Date.UTC(2024, 0, 6), { weekday: 'long', timeZone: 'UTC' }),
    'the Arabic grid starts on Saturday',
  );
  t.equal(arabic.length, 7);
  const res = await app.inject('/?view=month&month=2024-03&lang=ar');
  // 1 March 2024 was a Friday: the Saturday-first grid has six days of February before it
  const firstRow = res.body.slice(res.body.indexOf('<tbody>'), res.body.indexOf('</tr>', res.body.indexOf('<tbody>')));
  t.equal(firstRow.match(/<td class="outside">/g)?.length, 6, 'the days before the 1st fill the week from Saturday');
  t.match(firstRow, /datetime="2024-03-01"/, 'the 1st, a Friday, ends the first row');
  const english = await app.inject('/?view=month&month=2024-03&lang=en');
  const englishRow = english.body.slice(english.body.indexOf('<tbody>'), english.body.indexOf('</tr>', english.body.indexOf('<tbody>')));
  t.equal(englishRow.match(/<td class="outside">/g)?.length, 4, 'four days of February before it in a Monday-first week');
});

/** The words of an English message outside its placeholders: what must not be left on a translated page. */
function literalPieces(elements: MessageFormatElement[], into: string[] = []): string[] {
  for (const el of elements) {
    if (isLiteralElement(el)) into.push(el.value);
    else if (isTagElement(el)) literalPieces(el.children, into);
    else if (isPluralElement(el) || isSelectElement(el)) for (const option of Object.values(el.options)) literalPieces(option.value, into);
  }
  return into;
}

/**
 * The English phrases a page in `locale` must not show: each English message's own words (two
 * words or more, or one long word), unless that language's message has them too (a product name
 * such as Outlook, an acronym).
 */
function englishPhrases(locale: TranslatedLocale): string[] {
  const catalog = CATALOGS[locale] as Record<TranslatedKey, string>;
  const phrases = new Set<string>();
  // a word the language spells as English does ("Participants" in French) is not a leak wherever it shows
  const theirs = Object.values(catalog).join('\n');
  for (const key of Object.keys(catalog) as TranslatedKey[]) {
    for (const piece of literalPieces(parse(en[key]))) {
      for (const phrase of piece.split(/[.:;!?()·—–,"“”‘’]+/)) {
        const words = phrase.trim();
        const letters = words.match(/[A-Za-z]/g)?.length ?? 0;
        if ((words.includes(' ') && letters >= 6) || letters >= 8) if (!theirs.includes(words)) phrases.add(words);
      }
    }
  }
  return [...phrases];
}

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-03-20T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read, demoData: true });
  const { root } = started.app;
  const events = root.stores.events.all({});
  const reference = root.stores.reference;
  // what the database holds, in English as it was entered: not the interface's words
  const data = [
    ...events.flatMap((e) => [
      e.title,
      e.description ?? '',
      e.venue.name ?? '',
      e.venue.city ?? '',
      e.venue.country ?? '',
      ...e.partners,
      e.attendance?.notes ?? '',
    ]),
    ...reference.offices.flatMap((o) => [o.name, o.city, o.country]),
    ...reference.groups.map((g) => g.name),
  ].filter((v) => v.trim().length > 0);
  return { ...started, events, data };
}

t.test('every page in each language: its lang and dir, and no English interface words left', async (t) => {
  const { app, token, events, data } = await setUp(t);
  const { cookie } = await signInWith(app, token('tsb'));
  const series = events.find((e) => e.recurrence !== null)!;
  const counted = events.find((e) => e.attendance !== null) ?? events[0]!;
  const pages: [string, boolean][] = [
    ['/', false],
    ['/?view=past', false],
    ['/?view=month&month=2024-03', false],
    ['/?q=nothing-matches-this', false],
    [`/events/${series.id}`, false],
    [`/events/${counted.id}`, true],
    ['/subscribe', false],
    ['/subscribe?region=africa&kind=workshop', false],
    ['/reports?from=2023-09-01&to=2024-06-30', false],
    ['/sign-in', false],
    ['/events/no-such-event', false],
    ['/office', true],
    ['/office/feeds', true],
    ['/events/new', true],
    [`/events/${counted.id}/edit`, true],
    [`/events/${counted.id}/attendance`, true],
  ];
  const byLength = [...data].sort((a, b) => b.length - a.length);
  for (const locale of TRANSLATED_LOCALES) {
    const phrases = englishPhrases(locale);
    t.ok(phrases.length > 300, `${locale}: ${phrases.length} English phrases looked for`);
    for (const [path, signedIn] of pages) {
      const res = await app.inject({
        url: `${path}${path.includes('?') ? '&' : '?'}lang=${locale}`,
        cookies: signedIn ? { session: cookie } : {},
      });
      t.match(res.body, `<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`, `${locale} ${path}: lang and dir`);
      let text = visibleText(res.body).replace(/https?:\/\/\S+|webcal:\/\/\S+|\S+@\S+/g, ' ');
      for (const value of byLength) text = text.split(value).join(' ');
      const left = phrases.filter((p) => new RegExp(`(^|[^A-Za-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`).test(text));
      t.same(left, [], `${locale} ${path}${signedIn ? ' (signed in)' : ''}: no English interface words`);
    }
  }
});
