/**
 * What the service says must be true of what it does: an online-only event's LOCATION says where
 * online, a private feed's name says whose private calendar it is, "in the feeds now" is said of a
 * public event only, and /reports opens on the period the docs give.
 */
import fs from 'node:fs';
import ICAL from 'ical.js';
import t from 'tap';
import { LOCALES, translatorFor } from '../src/i18n/index.js';
import { parseWithIcalJs, parseWithNodeIcal, unfold } from './support/ics.js';
import { safeNext } from '../src/routes/ui-session.js';
import { signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';
import nodeIcal from 'node-ical';

const ZOOM = 'https://www.zoom.us/j/123456?pwd=secret';
const lineOf = (text: string, name: string) =>
  unfold(text)
    .find((l) => l.startsWith(`${name}:`))
    ?.slice(name.length + 1);

t.test('an online-only event: LOCATION is its link host, in the feed language; the link stays in the description', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const create = (title: string, venue: object) =>
    app
      .inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: { ...workshopBody, title, venue } })
      .then((r) => r.json() as { id: string });
  const online = await create('Online webinar', { url: ZOOM });
  const idn = await create('On a Unicode domain', { url: 'https://xn--bcher-kva.example/room' });
  const hybrid = await create('Hybrid workshop', { city: 'Arusha', country: 'Tanzania', url: ZOOM });
  await create('No link yet', { virtual: true });

  for (const locale of LOCALES) {
    const tr = translatorFor(locale);
    const feed = (await app.inject(`/feeds/all.ics${locale === 'en' ? '' : `?lang=${locale}`}`)).body;
    const byIcalJs = new Map(parseWithIcalJs(feed).events.map((e) => [e.uid.split('@')[0], e]));
    const byNodeIcal = Object.values(nodeIcal.sync.parseICS(feed)).filter((c): c is nodeIcal.VEvent => c?.type === 'VEVENT');
    const nodeLocation = (id: string) => {
      const found = byNodeIcal.find((e) => e.uid.startsWith(id))!.location as unknown;
      return typeof found === 'string' ? found : (found as { val: string }).val;
    };
    const expected = tr.t('calendar.onlineHost', { host: 'zoom.us' });
    t.equal(byIcalJs.get(online.id)!.location, expected, `${locale}: ical.js reads "${expected}"`);
    t.equal(nodeLocation(online.id), expected, `${locale}: node-ical reads it too`);
    t.match(byIcalJs.get(online.id)!.description, ZOOM, `${locale}: the whole link stays in the description`);
    t.equal(byIcalJs.get(idn.id)!.location, tr.t('calendar.onlineHost', { host: 'bücher.example' }), `${locale}: a domain in Unicode`);
    t.equal(
      byIcalJs.get(hybrid.id)!.location,
      tr.t('venue.hybrid', { place: 'Arusha, Tanzania' }),
      `${locale}: a hybrid event keeps its place`,
    );
  }
  const en = parseWithIcalJs((await app.inject('/feeds/all.ics')).body).events;
  t.same(
    en.map((e) => [e.summary, e.location]).sort(),
    [
      ['Hybrid workshop', 'Arusha, Tanzania and online'],
      ['No link yet', 'Online'],
      ['On a Unicode domain', 'Online: bücher.example'],
      ['Online webinar', 'Online: zoom.us'],
    ],
    'in English; an online event without a link says "Online"',
  );
  // the event's own download and the mail's invitation are rendered by the same code
  t.equal(lineOf((await app.inject(`/events/${online.id}.ics`)).body, 'LOCATION'), 'Online: zoom.us');
  t.equal(parseWithNodeIcal((await app.inject(`/events/${online.id}.ics`)).body).length, 1);
});

t.test('a private feed is named as the office private calendar, in the feed language', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, visibility: 'internal' },
  });
  const linkOf = (office: string) =>
    app.root.services.tokens.createFeedLink({ office, tokenId: null }, { office, label: null }).path.replace(/\/all\.ics$/, '');
  const africa = linkOf('ro-africa');
  const europe = linkOf('ro-europe');
  const name = async (url: string) => {
    const body = (await app.inject(url)).body;
    return { calname: lineOf(body, 'X-WR-CALNAME'), caldesc: lineOf(body, 'X-WR-CALDESC'), ical: new ICAL.Component(ICAL.parse(body)) };
  };
  const all = await name(`${africa}/all.ics`);
  t.equal(all.calname, 'ITU Regional Office for Africa – private calendar');
  t.equal(all.ical.getFirstPropertyValue('name'), 'ITU Regional Office for Africa – private calendar', 'NAME (RFC 7986) says the same');
  t.match(all.caldesc, /internal events included \(for ITU staff only\)$/);
  t.equal((await name(`${europe}/all.ics`)).calname, 'ITU Office for Europe – private calendar', 'each office its own name');
  t.equal((await name(`${africa}/regions/africa.ics`)).calname, 'ITU Regional Office for Africa – private calendar: Africa');
  const french = translatorFor('fr');
  t.equal(
    (await name(`${africa}/all.ics?lang=fr`)).calname,
    french.t('feed.private.title', { office: app.root.services.reference.officeName('ro-africa', 'fr') }),
  );
  t.match((await name(`${africa}/all.ics?lang=fr`)).calname, /agenda privé$/);
  for (const locale of LOCALES) {
    const got = (await name(`${africa}/all.ics?lang=${locale}`)).calname!;
    t.ok(got.startsWith(app.root.services.reference.officeName('ro-africa', locale)), `${locale}: the office name first: ${got}`);
  }
  t.equal((await name('/feeds/all.ics')).calname, 'ITU-T regional events', 'the public feed keeps its name');
});

t.test('"in the feeds now" is said of a public event only; an internal one says where it is seen', async (t) => {
  const { app, auth, token } = await startApp(t, { demoData: false });
  const { cookie } = await signInWith(app, token('ro-africa'));
  const create = (visibility: string) =>
    app
      .inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: { ...workshopBody, visibility } })
      .then((r) => r.json() as { id: string });
  const open = await create('public');
  const internal = await create('internal');
  const page = (id: string, notice: string, lang = '') =>
    app.inject({ url: `${lang}/events/${id}?notice=${notice}`, cookies: { session: cookie } }).then((r) => r.body);
  t.match(await page(open.id, 'created'), 'The event was created. It is in the feeds now.');
  const created = await page(internal.id, 'created');
  t.notMatch(created, 'in the feeds now');
  t.match(created, 'It is seen by ITU staff only: on these pages once signed in and in the private feeds, not in the public feeds.');
  t.match(await page(open.id, 'saved'), 'Subscribed calendars take them at their next refresh.');
  t.match(await page(internal.id, 'saved'), 'calendars subscribed to a private feed take the changes at their next refresh');
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const tr = translatorFor(locale);
    const body = await page(internal.id, 'created', `/${locale}`);
    t.notMatch(body, tr.t('notice.created'), `${locale}: not "in the feeds now"`);
    t.match(body, tr.t('notice.createdInternal'), `${locale}: where it is seen`);
  }
});

t.test('/reports opens on the current month and the eleven before it, as the README and the docs say', async (t) => {
  const clock = new TestClock(Date.parse('2025-03-10T12:00:00Z'));
  const { app } = await startApp(t, { clock: clock.read });
  const body = (await app.inject('/reports')).body;
  t.match(body, 'id="from" name="from" type="date" value="2024-04-01"');
  t.match(body, 'id="to" name="to" type="date" value="2025-03-31"');
  const said = 'the current month and the eleven before it';
  for (const doc of ['README.md', 'docs/reports.md', 'docs/pages.md'])
    t.ok(
      fs
        .readFileSync(new URL(`../${doc}`, import.meta.url), 'utf8')
        .replace(/\s+/g, ' ')
        .includes(said),
      `${doc} says so`,
    );
});

t.test('the sign-in page returns to a path of this site only, and hops once for a link opened from another site', async (t) => {
  t.equal(safeNext('/events/x/attendance'), '/events/x/attendance');
  t.equal(safeNext('/ar/events/x/attendance?y=1&z=%2F'), '/ar/events/x/attendance?y=1&z=%2F');
  for (const bad of [
    undefined,
    '',
    'events/x',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/a b',
    '/x\u0000',
    '/x\r\nSet-Cookie: a=b',
    '/événement',
  ])
    t.equal(safeNext(bad), undefined, `${JSON.stringify(bad)} is refused`);

  const { app, token } = await startApp(t, { demoData: false });
  const formOf = (next: string, headers: Record<string, string> = {}) =>
    app.inject({ url: `/sign-in?next=${encodeURIComponent(next)}`, headers });
  const kept = await formOf('/events/x/attendance');
  t.match(kept.body, 'name="next" value="/events/x/attendance"', 'the form keeps where the reader was going');
  t.notOk(kept.headers.refresh, 'opened from this site or typed: no hop');
  t.match((await formOf('https://evil.example/')).body, 'name="next" value="/office"', 'another site: the office page instead');
  const elsewhere = await formOf('/events/x/attendance', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' });
  t.equal(elsewhere.headers.refresh, '0; url=/sign-in?next=%2Fevents%2Fx%2Fattendance', 'from another site: loaded again from this one');
  t.match(elsewhere.body, 'name="token"', 'with the form all the same');
  const again = await formOf('/events/x/attendance', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' });
  t.notOk(again.headers.refresh, 'loaded again from this site: no second hop');

  // signing in goes back to the path, never elsewhere
  const signIn = async (next: string) => {
    const form = await app.inject('/sign-in');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
    return app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value },
      payload: new URLSearchParams({ csrf, token: token('ro-africa'), next }).toString(),
    });
  };
  t.equal((await signIn('/events/x/attendance')).headers.location, '/events/x/attendance');
  t.equal((await signIn('//evil.example/x')).headers.location, '/office');
  t.equal((await signIn('https://evil.example/')).headers.location, '/office');
});
