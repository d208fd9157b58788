import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import t, { type Test } from 'tap';
import { runTokenCommand } from '../src/cli/token.js';
import { uidOf } from '../src/calendar/render.js';
import type { CalendarEvent } from '../src/domain/event.js';
import type { ReferenceData } from '../src/domain/reference.js';
import { AUTONYMS, english, LOCALES, translatorFor, type Translator } from '../src/i18n/index.js';
import type { ActivityReport } from '../src/reports/activity.js';
import { countsLine } from '../src/reports/format.js';
import { totalsHeader } from '../src/reports/html.js';
import { md } from '../src/reports/markdown.js';
import { startApp, tempDir, TestClock, workshopBody } from './support/helpers.js';
import { runCli } from './support/service.js';
import { decode, visibleText } from './support/text.js';
import { startSmtp } from './support/smtp.js';

/*
 * The calendar in ITU's six languages outside the pages: feeds (served, private and exported),
 * read by two iCalendar parsers; the subscribe page's links per language; reminders in the
 * recipient office's languages through a real SMTP server; reports in a language.
 */

/** Debian's python3, which has python3-icalendar (pyenv's does not): .ci/run installs it. */
const PYTHON = '/usr/bin/python3';

const calendarOf = (text: string) => new ICAL.Component(ICAL.parse(text));

interface Vevent {
  uid: string;
  summary: string;
  description: string;
  categories: string[];
  location: string | null;
}

function veventsOf(text: string): Vevent[] {
  return calendarOf(text)
    .getAllSubcomponents('vevent')
    .map((v) => ({
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      description: String(v.getFirstPropertyValue('description')),
      categories: v.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
      location: (v.getFirstPropertyValue('location') as string | null) ?? null,
    }));
}

/** The feed's lines with their folds undone (RFC 5545 3.1), to count properties as any reader would. */
const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

/** How many times each VEVENT has a property: [SUMMARY count, DESCRIPTION count] per VEVENT. */
function propertyCounts(text: string, names: string[]): number[][] {
  const counts: number[][] = [];
  let current: number[] | undefined;
  for (const line of unfolded(text)) {
    if (line === 'BEGIN:VEVENT') current = names.map(() => 0);
    else if (line === 'END:VEVENT' && current) {
      counts.push(current);
      current = undefined;
    } else if (current) {
      const name = /^[A-Za-z-]+/.exec(line)?.[0]?.toUpperCase();
      const i = names.indexOf(name ?? '');
      if (i >= 0) current[i]!++;
    }
  }
  return counts;
}

/** The feed as python-icalendar reads it: its name and each VEVENT's (UID, SUMMARY), in order. */
function readByPython(t: Test, body: string): { calname: string; events: [string, string][] } {
  const script = [
    'import icalendar, json, sys',
    'calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read().decode("utf-8"))',
    'events = [[str(e.get("UID")), str(e.get("SUMMARY"))] for e in calendar.walk("VEVENT")]',
    'print(json.dumps({"calname": str(calendar.get("X-WR-CALNAME")), "events": events}, ensure_ascii=False))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: Buffer.from(body, 'utf8'), encoding: 'utf8' });
  // a missing python3-icalendar says so here (.ci/run installs it), not as a JSON error below
  t.equal(
    run.status,
    0,
    `python-icalendar read the feed${run.error ? `: ${run.error.message}` : ''}${run.stderr ? `: ${run.stderr}` : ''}`,
  );
  return JSON.parse(run.stdout) as { calname: string; events: [string, string][] };
}

/** What the description of an event must start with, in a language: kind, office and groups in its names. */
function describedAs(t: Translator, reference: ReferenceData, event: CalendarEvent): string {
  const organized = t.t('calendar.organizedBy', { kind: t.t(`kind.${event.kind}`), office: reference.officeName(event.office, t.locale) });
  if (!event.groups.length) return organized;
  return `${organized}\n${t.t('calendar.groups', { groups: event.groups.map((g) => reference.groupName(g, t.locale)).join('; ') })}`;
}

t.test('a regional feed in French: its names, the English UIDs, one SUMMARY and DESCRIPTION, no LANGUAGE=, its own ETag', async (t) => {
  const clock = new TestClock(Date.parse('2024-03-20T08:00:00Z'));
  const { app } = await startApp(t, { clock: clock.read, demoData: true });
  const { reference } = app.root.stores;
  const fr = translatorFor('fr');
  const en = translatorFor('en');
  const africa = app.root.stores.events.all({ regions: ['africa'], audience: 'public' });
  t.ok(africa.length >= 5, `${africa.length} public events in Africa in the demo data`);
  const byUid = new Map(africa.map((e) => [uidOf(e.id), e]));

  const english = await app.inject('/feeds/regions/africa.ics');
  const french = await app.inject('/feeds/regions/africa.ics?lang=fr');
  t.equal(french.statusCode, 200);
  t.equal(french.headers['content-type'], 'text/calendar; charset=utf-8');
  const calendar = calendarOf(french.body);
  const frenchName = fr.t('feed.title', { scope: fr.t('region.africa') });
  t.not(frenchName, en.t('feed.title', { scope: en.t('region.africa') }), 'the catalogs name the feed differently');
  t.equal(calendar.getFirstPropertyValue('x-wr-calname'), frenchName, 'X-WR-CALNAME in French');
  t.equal(calendar.getFirstPropertyValue('name'), frenchName, 'NAME (RFC 7986) in French');
  t.equal(calendar.getFirstPropertyValue('x-wr-caldesc'), fr.t('feed.description', { scope: fr.t('region.africa') }));
  t.equal(calendarOf(english.body).getFirstPropertyValue('x-wr-calname'), en.t('feed.title', { scope: en.t('region.africa') }));

  const frenchEvents = veventsOf(french.body);
  const englishEvents = veventsOf(english.body);
  t.same(
    frenchEvents.map((e) => e.uid),
    englishEvents.map((e) => e.uid),
    'the same UIDs, in the same order, as the English feed: a subscriber who switches keeps the events',
  );
  t.same(new Set(frenchEvents.map((e) => e.uid)), new Set(byUid.keys()), 'every public event in Africa');
  let officeTranslated = 0;
  for (const vevent of frenchEvents) {
    const event = byUid.get(vevent.uid)!;
    t.ok(vevent.description.startsWith(describedAs(fr, reference, event)), `${event.id}: kind, office and groups in French`);
    t.ok(vevent.categories.includes(fr.t(`kind.${event.kind}`)), `${event.id}: its kind in French among the categories`);
    if (reference.officeName(event.office, 'fr') !== reference.officeName(event.office, 'en')) officeTranslated++;
    if (event.venue.virtual && !event.venue.city) t.equal(vevent.location, fr.t('venue.online'), `${event.id}: online, in French`);
  }
  t.ok(officeTranslated > 0, 'offices named in French, not English');
  t.notMatch(french.body, en.t('calendar.organizedBy', { kind: '', office: '' }).trim(), 'no English "organized by"');
  t.same(
    propertyCounts(french.body, ['SUMMARY', 'DESCRIPTION']),
    frenchEvents.map(() => [1, 1]),
    'exactly one SUMMARY and one DESCRIPTION per VEVENT: no second language beside the first',
  );
  t.notMatch(french.body, /LANGUAGE=/i, 'no LANGUAGE= parameter anywhere');

  // python-icalendar reads the same bytes alike
  const python = readByPython(t, french.body);
  t.equal(python.calname, frenchName, 'python-icalendar: the French name');
  t.same(
    python.events,
    frenchEvents.map((e) => [e.uid, e.summary]),
    'python-icalendar: the same UIDs and summaries as ical.js',
  );

  // each rendering its own ETag, and each one's If-None-Match is its own
  const frenchTag = String(french.headers.etag);
  const englishTag = String(english.headers.etag);
  t.not(frenchTag, englishTag, 'French and English have their own ETags');
  const conditional = (url: string, etag: string) => app.inject({ url, headers: { 'if-none-match': etag } }).then((r) => r.statusCode);
  t.equal(await conditional('/feeds/regions/africa.ics?lang=fr', frenchTag), 304, 'French, its own ETag: 304');
  t.equal(await conditional('/feeds/regions/africa.ics?lang=fr', englishTag), 200, 'French, the English ETag: 200');
  t.equal(await conditional('/feeds/regions/africa.ics', englishTag), 304, 'English, its own ETag: 304');
  t.equal(await conditional('/feeds/regions/africa.ics', frenchTag), 200, 'English, the French ETag: 200');
  const gzipped = await app.inject({ url: '/feeds/regions/africa.ics?lang=fr', headers: { 'accept-encoding': 'gzip' } });
  t.equal(
    (
      await app.inject({
        url: '/feeds/regions/africa.ics',
        headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gzipped.headers.etag) },
      })
    ).statusCode,
    200,
    'nor does the French gzip ETag match the English feed',
  );

  // every language its own name, the same UIDs
  for (const locale of LOCALES) {
    const res = await app.inject(`/feeds/regions/africa.ics?lang=${locale}`);
    const tr = translatorFor(locale);
    t.equal(calendarOf(res.body).getFirstPropertyValue('x-wr-calname'), tr.t('feed.title', { scope: tr.t('region.africa') }), locale);
    t.same(
      veventsOf(res.body).map((e) => e.uid),
      englishEvents.map((e) => e.uid),
      `${locale}: the same UIDs`,
    );
  }
});

t.test('one event’s .ics from its page in French: the words of the event in French too, the same UID', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const { reference } = app.root.stores;
  const fr = translatorFor('fr');
  const created = (await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody })).json() as {
    id: string;
  };
  const event = app.root.stores.events.all({}).find((e) => e.id === created.id)!;
  const french = await app.inject(`/events/${event.id}.ics?lang=fr`);
  t.equal(french.statusCode, 200);
  const calendar = calendarOf(french.body);
  t.equal(calendar.getFirstPropertyValue('x-wr-caldesc'), fr.t('feed.event.description', { title: event.title }));
  const [vevent] = veventsOf(french.body);
  t.equal(vevent?.uid, uidOf(event.id));
  t.ok(vevent?.description.startsWith(describedAs(fr, reference, event)), 'kind, office and group in French');
  t.ok(vevent?.categories.includes(fr.t('kind.workshop')), 'the kind in French among the categories');
  const english = veventsOf((await app.inject(`/events/${event.id}.ics`)).body)[0];
  t.ok(english?.description.startsWith(describedAs(translatorFor('en'), reference, event)), 'and in English without lang');
});

t.test('a private feed link in French: the internal events too, French names, its own ETag, kept by no shared cache', async (t) => {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const { app, config, auth } = await startApp(t, { clock: clock.read, demoData: false });
  const fr = translatorFor('fr');
  const { reference } = app.root.stores;
  const internal = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, title: 'Coordination call', kind: 'coordination-call', visibility: 'internal' },
    })
  ).json() as { id: string };
  const open = (await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody })).json() as {
    id: string;
  };
  const printed: string[] = [];
  t.equal(
    runTokenCommand(['feed', 'create', '--office', 'ro-africa'], { DATABASE_PATH: config.databasePath }, (l) => printed.push(l)),
    0,
  );
  const secret = /\/feeds\/private\/([A-Za-z0-9_-]{43})\//.exec(printed.join('\n'))![1]!;
  const url = `/feeds/private/${secret}/regions/africa.ics`;

  const french = await app.inject(`${url}?lang=fr`);
  const english = await app.inject(url);
  t.equal(french.statusCode, 200);
  t.equal(french.headers['cache-control'], 'private, no-cache');
  const calendar = calendarOf(french.body);
  // the office's private calendar, in French
  t.equal(
    calendar.getFirstPropertyValue('x-wr-calname'),
    fr.t('feed.private.titleScoped', { office: reference.officeName('ro-africa', 'fr'), scope: fr.t('region.africa') }),
  );
  const events = veventsOf(french.body);
  t.same(
    events.map((e) => e.uid),
    veventsOf(english.body).map((e) => e.uid),
  );
  t.same(events.map((e) => e.uid).sort(), [uidOf(internal.id), uidOf(open.id)].sort(), 'the internal event with the public one');
  const call = events.find((e) => e.uid === uidOf(internal.id))!;
  const stored = app.root.stores.events.all({}).find((e) => e.id === internal.id)!;
  t.ok(call.description.startsWith(describedAs(fr, reference, stored)), 'the internal event described in French');
  t.ok(call.categories.includes(fr.t('kind.coordination-call')));
  t.notMatch(french.body, /LANGUAGE=/i);
  t.same(
    propertyCounts(french.body, ['SUMMARY', 'DESCRIPTION']),
    events.map(() => [1, 1]),
  );
  t.notMatch(french.body, secret, 'the secret is in no line of the feed');

  const publicFrench = await app.inject('/feeds/regions/africa.ics?lang=fr');
  const tags = [french.headers.etag, english.headers.etag, publicFrench.headers.etag].map(String);
  t.equal(new Set(tags).size, 3, 'private French, private English and public French: three ETags');
  const status = async (where: string, etag: string) => (await app.inject({ url: where, headers: { 'if-none-match': etag } })).statusCode;
  t.equal(await status(`${url}?lang=fr`, tags[0]!), 304);
  t.equal(await status(`${url}?lang=fr`, tags[1]!), 200);
  t.equal(await status(url, tags[1]!), 304);
  t.equal(await status(url, tags[0]!), 200);

  const python = readByPython(t, french.body);
  t.same(
    python.events,
    events.map((e) => [e.uid, e.summary]),
    'python-icalendar reads the private French feed as ical.js does',
  );
});

t.test('the static export: a folder per language, byte for byte what ?lang= serves, with the English UIDs', async (t) => {
  const clock = new TestClock(Date.parse('2024-03-20T08:00:00Z'));
  const { app, config } = await startApp(t, { clock: clock.read, demoData: true });
  const out = path.join(tempDir(t), 'feeds');
  const run = await runCli('export-feeds', [out], { DATABASE_PATH: config.databasePath, PUBLIC_BASE_URL: config.publicBaseUrl });
  t.equal(run.code, 0, run.out);
  const englishFile = fs.readFileSync(path.join(out, 'regions/africa.ics'), 'utf8');
  const englishUids = veventsOf(englishFile).map((e) => e.uid);
  t.ok(englishUids.length >= 5);
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const tr = translatorFor(locale);
    const file = path.join(out, locale, 'regions/africa.ics');
    t.ok(fs.existsSync(file), `${locale}/regions/africa.ics written`);
    const text = fs.readFileSync(file, 'utf8');
    t.equal(
      calendarOf(text).getFirstPropertyValue('x-wr-calname'),
      tr.t('feed.title', { scope: tr.t('region.africa') }),
      `${locale}: its name`,
    );
    t.same(
      veventsOf(text).map((e) => e.uid),
      englishUids,
      `${locale}: the English UIDs`,
    );
    t.equal(text, (await app.inject(`/feeds/regions/africa.ics?lang=${locale}`)).body, `${locale}: what the service serves`);
    t.ok(fs.existsSync(path.join(out, locale, 'all.ics')), `${locale}/all.ics`);
    t.ok(fs.existsSync(path.join(out, locale, 'offices/ro-africa.ics')), `${locale}/offices/ro-africa.ics`);
  }
  const french = fs.readFileSync(path.join(out, 'fr/regions/africa.ics'), 'utf8');
  const { reference } = app.root.stores;
  const fr = translatorFor('fr');
  const byUid = new Map(app.root.stores.events.all({ regions: ['africa'], audience: 'public' }).map((e) => [uidOf(e.id), e]));
  for (const vevent of veventsOf(french))
    t.ok(vevent.description.startsWith(describedAs(fr, reference, byUid.get(vevent.uid)!)), vevent.uid);
  const office = calendarOf(fs.readFileSync(path.join(out, 'fr/offices/ro-africa.ics'), 'utf8'));
  t.equal(office.getFirstPropertyValue('x-wr-calname'), fr.t('feed.title', { scope: reference.officeName('ro-africa', 'fr') }));
  t.not(reference.officeName('ro-africa', 'fr'), reference.officeName('ro-africa', 'en'));
  t.equal(englishFile, (await app.inject('/feeds/regions/africa.ics')).body, 'English where it always was');
});

t.test('the subscribe page offers every feed in each of the six languages, the page’s own first', async (t) => {
  const { app, config } = await startApp(t, { demoData: true });
  const catalog = app.root.services.feeds.catalog();
  t.ok(catalog.length > 30, `${catalog.length} feeds`);
  // the builder's feed too: the page lists its links as it lists the catalog's
  const keys = [...catalog.map((spec) => spec.key), 'all.ics?region=africa&kind=workshop'];
  /** the feed's address in a language, as a subscriber would type it: English where it always was */
  const address = (key: string, locale: string) =>
    `webcal://${config.publicBaseUrl.replace(/^https?:\/\//, '')}/feeds/${key}${locale === 'en' ? '' : `${key.includes('?') ? '&' : '?'}lang=${locale}`}`;
  for (const page of LOCALES) {
    const tr = translatorFor(page);
    const res = await app.inject(`/subscribe?lang=${page}&region=africa&kind=workshop`);
    t.equal(res.statusCode, 200);
    const order = [page, ...LOCALES.filter((l) => l !== page)];
    const lists = [
      ...res.body.matchAll(
        /<p class="meta">[^<]*<span class="visually-hidden">([^<]*)<\/span>[^<]*((?:<a [^>]*>[^<]*<\/a>(?: · )?){6})<\/p>/g,
      ),
    ].map((m) => ({
      hidden: decode(m[1]!),
      anchors: [...m[2]!.matchAll(/<a href="([^"]+)" hreflang="([^"]+)" lang="([^"]+)" dir="([^"]+)">([^<]+)<\/a>/g)].map((a) => [
        decode(a[1]!),
        a[2],
        a[3],
        a[4],
        a[5],
      ]),
    }));
    /** the list whose English link is the feed's plain address */
    const listOf = (key: string) => lists.find((l) => l.anchors.some((a) => a[0] === address(key, 'en')));
    t.equal(lists.length, keys.length, `${page}: a list of languages for each feed`);
    for (const key of keys) {
      t.same(
        listOf(key)?.anchors,
        order.map((l) => [address(key, l), l, l, l === 'ar' ? 'rtl' : 'ltr', AUTONYMS[l]]),
        `${page} ${key}: six links, the page’s language first, each named in itself`,
      );
    }
    // the list labelled in the page's language, naming its feed for a screen reader
    const title = tr.t('feed.title', { scope: tr.t('region.africa') });
    const squeezed = (text: string) => text.replace(/\s+/g, '');
    t.ok(
      squeezed(visibleText(res.body)).includes(squeezed(tr.t('subscribe.languages', { title }))),
      `${page}: labelled in the page’s language`,
    );
    t.ok(listOf('regions/africa.ics')?.hidden.includes(title), `${page}: the feed named in the hidden part of the label`);
  }
  // each link serves that language
  const res = await app.inject('/subscribe?lang=ru');
  for (const locale of LOCALES) {
    const href = decode(new RegExp(`<a href="(webcal://[^"]*/feeds/regions/africa\\.ics[^"]*)" hreflang="${locale}"`).exec(res.body)![1]!);
    const feed = await app.inject(href.replace(/^webcal:\/\/[^/]+/, ''));
    const tr = translatorFor(locale);
    t.equal(
      calendarOf(feed.body).getFirstPropertyValue('x-wr-calname'),
      tr.t('feed.title', { scope: tr.t('region.africa') }),
      `${locale}: served in it`,
    );
  }
});

/** The mail's one calendar part (mailparser lists a text/calendar alternative with the attachments). */
const invitationOf = (m: ParsedMail) => m.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address))[0];
const LONG_DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;

/** The line of a message's text that holds `words`. */
const lineWith = (text: string, words: string) => text.split('\n').find((l) => l.includes(words));

/** A time's hour and minute as `t`'s language writes its digits: 7:00, or ٧:٠٠ where Arabic digits are the default. */
const clock = (t: Translator, time: DateTime) => {
  const digits = (n: number, min: number) =>
    new Intl.NumberFormat(t.intlLocale, { minimumIntegerDigits: min, useGrouping: false }).format(n);
  return `${digits(time.hour, 1)}:${digits(time.minute, 2)}`;
};

/**
 * An event's times as the mail must write them in `t`'s language: worked out with luxon from the
 * local time and zone the office entered, then written with Intl.
 */
function expectedTimes(t: Translator, local: { start: string; end: string }, zone: string) {
  const start = DateTime.fromISO(local.start, { zone });
  const end = DateTime.fromISO(local.end, { zone });
  const range = (in_: string) =>
    new Intl.DateTimeFormat(t.intlLocale, { ...LONG_DAY, hour: '2-digit', minute: '2-digit', timeZone: in_ })
      .formatRange(start.toJSDate(), end.toJSDate())
      .replace(/\u2009/g, ' ');
  const offset = new Intl.DateTimeFormat(t.intlLocale, { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(start.toJSDate())
    .find((p) => p.type === 'timeZoneName')!.value;
  return {
    startsAt: start.toUTC().toISO(),
    day: start.setLocale(t.intlLocale).toLocaleString(LONG_DAY),
    // the hour and minute in the language's digits ("10:00"; a range may drop the hour's leading zero)
    startTime: clock(t, start),
    utcStartTime: clock(t, start.toUTC()),
    eventLine: t.t('mail.eventTime', { when: t.t('mail.whenInZone', { when: range(zone), zone, offset }) }),
    utcLine: t.t('when.utc', { when: range('UTC') }),
    offsetHours: start.offset / 60,
  };
}

t.test('reminders in the recipient office’s languages: Arabic then English, Russian then English, English alone', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const clock = new TestClock(Date.parse('2027-07-01T08:00:00Z'));
  const { app, auth } = await startApp(t, {
    clock: clock.read,
    demoData: false,
    mail: { smtpUrl: smtp.url, tsbFocalPoint: 'focal@itu.example' },
  });
  const { reference } = app.root.stores;
  const [ar, en, ru] = (['ar', 'en', 'ru'] as const).map((l) => translatorFor(l)) as [Translator, Translator, Translator];
  const cairo = { start: '2027-07-15T10:00', end: '2027-07-15T13:00' };
  const moscow = { start: '2027-07-15T11:00', end: '2027-07-15T12:30' };
  const create = async (office: string, payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: auth(office), payload: { ...workshopBody, ...payload } });
    t.equal(res.statusCode, 201, res.body);
    return res.json() as CalendarEvent;
  };
  const arab = await create('ro-arab-states', {
    title: 'ITU-T SG5 Regional Group for the Arab States',
    office: 'ro-arab-states',
    region: 'arab-states',
    groups: ['sg5rg-arb'],
    partners: [],
    venue: { name: null, city: 'Cairo', country: 'Egypt', virtual: false, url: null },
    timeZone: 'Africa/Cairo',
    ...cairo,
    reminders: ['P1D'],
  });
  const cis = await create('ro-cis', {
    title: 'ITU-T SG17 regional workshop for the CIS',
    office: 'ro-cis',
    region: 'cis',
    groups: ['sg17'],
    partners: [],
    venue: { name: null, city: 'Moscow', country: 'Russian Federation', virtual: false, url: null },
    timeZone: 'Europe/Moscow',
    ...moscow,
    reminders: ['P1D'],
  });
  const inCairo = expectedTimes(ar, cairo, 'Africa/Cairo');
  t.equal(arab.startsAt, inCairo.startsAt, '10:00 in Cairo, as luxon places it');
  t.equal(inCairo.offsetHours, 3, 'Cairo keeps summer time in July 2027 (UTC+3)');

  clock.set('2027-07-14T12:00:00Z');
  const sent = await app.root.reminders.dispatcher.runOnce();
  t.equal(sent.sent, 4, 'a day before: each office and the focal point');
  const mailTo = (address: string, title: string) => smtp.received.find((m) => recipientOf(m) === address && m.text?.includes(title))!;

  // the Arab States office: Arabic first, then English
  const arabic = mailTo('ro-arab-states@example.org', arab.title);
  t.equal(arabic.subject, ar.t('mail.subject.before', { title: arab.title, day: inCairo.day }), 'the subject in Arabic, its day by luxon');
  t.equal(arabic.headers.get('content-language'), 'ar, en');
  t.match(arabic.html, /^<!doctype html><html lang="ar" dir="rtl">/);
  t.match(arabic.html, /<div lang="en" dir="ltr">/, 'the English below, marked as English');
  const text = arabic.text ?? '';
  const office = reference.officeName('ro-arab-states', 'ar');
  t.not(office, reference.officeName('ro-arab-states', 'en'), 'the office has an Arabic name');
  const arabicIntro = ar.t('mail.intro.before', { kind: ar.t('kind.workshop'), office, eventId: arab.id });
  const englishIntro = en.t('mail.intro.before', {
    kind: en.t('kind.workshop'),
    office: reference.officeName('ro-arab-states', 'en'),
    eventId: arab.id,
  });
  t.ok(text.includes(arabicIntro), 'the Arabic introduction, kind and office in Arabic');
  t.ok(text.includes(englishIntro), 'the English one');
  t.ok(text.indexOf(arabicIntro) < text.indexOf(englishIntro), 'Arabic first, English below');
  t.ok(text.indexOf(ar.t('mail.label.when')) < text.indexOf(en.t('mail.label.when')));
  t.ok(text.includes(inCairo.eventLine), `the local time in Cairo, in Arabic: ${inCairo.eventLine}`);
  t.ok((lineWith(text, inCairo.eventLine) ?? '').includes(inCairo.startTime), `10:00 as luxon writes it in Arabic (${inCairo.startTime})`);
  t.ok(text.includes(inCairo.utcLine), 'and in UTC');
  t.ok((lineWith(text, inCairo.utcLine) ?? '').includes(inCairo.utcStartTime), `07:00 UTC (${inCairo.utcStartTime})`);
  t.notOk(text.includes(ar.t('mail.yourTime', { when: '' }).trim()), 'the office is in Cairo: no second local time');
  t.ok(text.includes(reference.groupName('sg5rg-arb', 'ar')), 'the group in Arabic');
  const englishTimes = expectedTimes(en, cairo, 'Africa/Cairo');
  t.ok(text.includes(englishTimes.eventLine), 'the same time below, in English');
  const ics = invitationOf(arabic);
  const vevent = calendarOf(ics).getFirstSubcomponent('vevent')!;
  t.equal(vevent.getFirstPropertyValue('uid'), uidOf(arab.id));
  t.equal(vevent.getFirstPropertyValue('summary'), arab.title);
  t.ok(String(vevent.getFirstPropertyValue('description')).startsWith(describedAs(ar, reference, arab)), 'the invitation in Arabic');
  t.ok(
    vevent
      .getAllProperties('categories')
      .flatMap((p) => p.getValues())
      .includes(ar.t('kind.workshop')),
    'its kind in Arabic among the categories',
  );
  t.same(propertyCounts(ics, ['SUMMARY', 'DESCRIPTION']), [[1, 1]], 'one SUMMARY and one DESCRIPTION');
  t.notMatch(ics, /LANGUAGE=/i);
  t.ok(unfolded(ics).includes('DTSTART;TZID=Africa/Cairo:20270715T100000'), 'the invitation at 10:00 Cairo time');

  // the CIS office: Russian first, then English
  const russian = mailTo('ro-cis@example.org', cis.title);
  const inMoscow = expectedTimes(ru, moscow, 'Europe/Moscow');
  t.equal(russian.subject, ru.t('mail.subject.before', { title: cis.title, day: inMoscow.day }));
  t.equal(russian.headers.get('content-language'), 'ru, en');
  const russianText = russian.text ?? '';
  const russianIntro = ru.t('mail.intro.before', {
    kind: ru.t('kind.workshop'),
    office: reference.officeName('ro-cis', 'ru'),
    eventId: cis.id,
  });
  t.ok(russianText.includes(russianIntro), 'the Russian introduction');
  t.ok(russianText.indexOf(russianIntro) < russianText.indexOf(en.t('mail.label.when')), 'Russian first, English below');
  t.ok(russianText.includes(inMoscow.eventLine), `the local time in Moscow, in Russian: ${inMoscow.eventLine}`);
  const russianInvitation = calendarOf(invitationOf(russian)).getFirstSubcomponent('vevent')!;
  t.ok(String(russianInvitation.getFirstPropertyValue('description')).startsWith(describedAs(ru, reference, cis)));

  // TSB's focal point: English only, nothing below
  const focal = smtp.received.filter((m) => recipientOf(m) === 'focal@itu.example');
  t.equal(focal.length, 2, 'the focal point has both');
  for (const mail of focal) {
    const event = mail.text?.includes(arab.title) ? arab : cis;
    t.equal(
      mail.subject,
      en.t('mail.subject.before', {
        title: event.title,
        day: expectedTimes(en, event.id === arab.id ? cairo : moscow, event.timeZone).day,
      }),
    );
    t.equal(mail.headers.get('content-language'), 'en');
    t.match(mail.html, /^<!doctype html><html lang="en" dir="ltr">/);
    t.notMatch(mail.text ?? '', /[\u0600-\u06ff\u0400-\u04ff]|――――/, `${event.office}: no Arabic, no Russian, no second section`);
    t.equal(String(mail.html).match(/<div lang=/g)?.length, 1, 'one section');
    t.ok(
      String(calendarOf(invitationOf(mail)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('description')).startsWith(
        describedAs(en, reference, event),
      ),
    );
  }
});

t.test(
  'reports in a language: Spanish Markdown from the API, CSV and JSON in English whatever lang says; French from the CLI',
  async (t) => {
    const clock = new TestClock(Date.parse('2024-09-01T08:00:00Z'));
    const { app, config } = await startApp(t, { clock: clock.read, demoData: true });
    const { reference } = app.root.stores;
    const es = translatorFor('es');
    const en = english();
    const period = 'from=2023-09-01&to=2024-06-30';
    const get = (query: string) => app.inject(`/api/reports/activity?${period}&${query}`);

    const res = await get('format=md&lang=es');
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'text/markdown; charset=utf-8');
    const spanish = res.body;
    const report = (await get('format=json')).json() as ActivityReport;
    t.ok(report.totals.events > 10, `${report.totals.events} events in the period`);
    const lines = spanish.split('\n');
    t.equal(lines[0], `# ${md(es.t('report.heading'))}`, 'the heading in Spanish');
    t.not(es.t('report.heading'), en.t('report.heading'));
    const month = (m: number) => new Intl.DateTimeFormat('es', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2023, m, 1));
    t.match(lines[2], month(8), `the period's months in Spanish (${month(8)})`);
    t.match(lines[2], month(5), `and ${month(5)}`);
    t.notMatch(spanish, /September|June/, 'no English month');
    for (const section of report.regions) {
      const region = es.t(`region.${section.region.id}`);
      const office = reference.offices.find((o) => o.kind === 'regional' && o.region === section.region.id);
      const heading = office ? es.t('report.sectionWithOffice', { region, office: reference.officeName(office.id, 'es') }) : region;
      t.ok(lines.includes(`## ${md(heading)}`), `the section of ${section.region.id}, its region and office in Spanish`);
      if (section.events.length === 0) continue;
      t.ok(lines.includes(md(countsLine(es, section.totals))), `${section.region.id}: its figures in Spanish`);
      t.not(countsLine(es, section.totals), countsLine(en, section.totals));
      const kinds = es.t('report.byKind', {
        kinds: section.byKind.map((k) => es.t('report.kindCount', { kind: es.t(`kinds.${k.kind}`), count: k.events.length })).join(' · '),
      });
      t.ok(lines.includes(md(kinds)), `${section.region.id}: its kinds in Spanish`);
    }
    t.ok(lines.includes(`## ${md(es.t('report.totalsHeading'))}`), 'the totals heading in Spanish');
    t.ok(lines.includes(`| ${totalsHeader(es).map(md).join(' | ')} |`), 'the table’s header in Spanish');
    t.notOk(spanish.includes(en.t('report.totalsHeading')), 'not the English one');
    t.ok(spanish.includes(es.t('kinds.workshop')), `a kind's name in Spanish (${es.t('kinds.workshop')})`);

    // the machine formats are read by programs: English keys and values, whatever lang says
    const csv = await get('format=csv&lang=es');
    t.equal(csv.statusCode, 200);
    t.equal(csv.body, (await get('format=csv')).body, 'the CSV is the English one');
    const json = await get('format=json&lang=es');
    t.same(json.json(), report, 'the JSON is the English one');
    t.equal(
      (json.json() as ActivityReport).regions[0]!.region.name,
      en.t(`region.${report.regions[0]!.region.id}`),
      'region names in English',
    );
    t.equal((await get('format=md&lang=xx')).statusCode, 400, 'an unknown language is refused, not English');

    // `npm run report -- --lang fr`, as its own process
    const fr = translatorFor('fr');
    const env = { DATABASE_PATH: config.databasePath };
    const cli = await runCli('report', ['--from', '2023-09-01', '--to', '2024-06-30', '--lang', 'fr'], env);
    t.equal(cli.code, 0, cli.out);
    t.equal(cli.out.split('\n')[0], `# ${md(fr.t('report.heading'))}`, 'the command line prints French');
    t.equal(cli.out, (await get('format=md&lang=fr')).body, 'what the API gives in French');
    const bad = await runCli('report', ['--from', '2023-09-01', '--to', '2024-06-30', '--lang', 'xx'], env);
    t.equal(bad.code, 2, 'a language it does not have: exit 2');
    t.ok(bad.out.includes(en.t('cli.report.oneOf', { option: 'lang', values: LOCALES.join(', ') })), bad.out);
    t.match(bad.out, /--lang/, 'naming --lang');
    t.notMatch(bad.out, /^#/m, 'and no report');
  },
);
