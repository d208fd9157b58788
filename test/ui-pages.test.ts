// The web pages through app.inject: what a browser without JavaScript gets, the session cookie,
// CSRF and cross-site refusals, and every form mapped onto the API.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { loadConfig, type AppConfig } from '../src/config.js';
import { apiBodyOf, attendanceBodyOf, formFieldOf, text, texts, valuesOfEvent, valuesOfForm } from '../src/ui/forms.js';
import { escapeHtml, html, join, raw } from '../src/html.js';
import { english } from '../src/i18n/index.js';
import { formatMonth, localWhen, monthGrid, shiftMonth, utcWhen, zoneOffset } from '../src/ui/time.js';
import { safeNext } from '../src/routes/ui-session.js';
import { dumpData, startApp, TestClock, type TestApp, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let config: AppConfig;
let token: TestApp['token'];

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const encode = (fields: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) search.append(name, v);
  return search.toString();
};
const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the form, as a browser would. */
async function signIn(office: string, extra: Record<string, string> = {}): Promise<Session> {
  const form = await app.inject('/sign-in');
  const nonce = form.cookies.find((c) => c.name === 'sign_in')!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: FORM,
    cookies: { sign_in: nonce },
    payload: encode({ csrf: csrfOf(form.body), token: token(office), ...extra }),
  });
  const cookie = res.cookies.find((c) => c.name === 'session')!.value;
  const page = await app.inject({ url: '/office', cookies: { session: cookie } });
  return { cookie, csrf: csrfOf(page.body) };
}

const get = (url: string, session?: Session) => app.inject({ url, cookies: session ? { session: session.cookie } : {} });
const post = (url: string, session: Session | undefined, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, ...headers },
    cookies: session ? { session: session.cookie } : {},
    payload: encode({ ...(session ? { csrf: session.csrf } : {}), ...fields }),
  });

let tsbHeaders: { authorization: string };
const apiCreate = async (body: Record<string, unknown>) =>
  (await app.inject({ method: 'POST', url: '/api/events', headers: tsbHeaders, payload: { ...workshopBody, ...body } })).json();
let workshop: { id: string };
let africa: Session;
let americas: Session;

t.before(async () => {
  ({ app, config, token } = await startApp(t, { clock: clock.read, authFailureLimit: 1000 }));
  tsbHeaders = { authorization: `Bearer ${token('tsb')}` };
  workshop = await apiCreate({});
  // enough events on one day to overflow a month cell and the first page of the list
  for (let i = 0; i < 45; i++)
    await apiCreate({ title: `Busy day event ${i}`, start: '2024-02-20', end: '2024-02-20', office: 'ro-europe', region: 'europe' });

  africa = await signIn('ro-africa');
  americas = await signIn('ro-americas');
});

t.test('the html template escapes every value unless it is Html', async (t) => {
  t.equal(
    html`<p title="${'"quoted"'}">${"<script>alert('x')</script> & co"}</p>`.value,
    '<p title="&quot;quoted&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p>',
  );
  t.equal(html`${null}${undefined}${false}${0}${true}`.value, '0true', 'nothing for null, undefined and false');
  t.equal(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value, '<ul>&lt;a&gt;<li>b</li></ul>', 'arrays are joined, each item escaped');
  t.equal(html`${raw('<br>')}`.toString(), '<br>');
  t.equal(join(['a', html`<b>b</b>`], ' & ').value, 'a &amp; <b>b</b>');
  t.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
});

t.test('times read as the organizers wrote them', async (t) => {
  const span = (start: string, end: string) => ({ start, end, startsAt: '2024-03-05T06:00:00.000Z', endsAt: '2024-03-05T14:30:00.000Z' });
  // through Intl in the page's language (English here, as en-GB writes dates)
  const en = english();
  t.equal(localWhen(en, span('2024-03-05', '2024-03-05'), true), 'Tue, 5 Mar 2024');
  t.equal(localWhen(en, span('2024-03-05', '2024-03-07'), true), 'Tue, 5 Mar – Thu, 7 Mar 2024');
  t.equal(localWhen(en, span('2024-03-05', '2024-04-02'), true), 'Tue, 5 Mar – Tue, 2 Apr 2024');
  t.equal(localWhen(en, span('2023-12-30', '2024-01-02'), true), 'Sat, 30 Dec 2023 – Tue, 2 Jan 2024');
  t.equal(localWhen(en, span('2024-03-05T09:00', '2024-03-05T17:30'), false), 'Tue, 5 Mar 2024, 09:00–17:30');
  t.equal(localWhen(en, span('2024-03-05T22:00', '2024-03-06T01:00'), false), 'Tue, 5 Mar 2024, 22:00 – Wed, 6 Mar 2024, 01:00');
  t.equal(utcWhen(en, span('', '')), 'Tue, 5 Mar 2024, 06:00–14:30 UTC');
  t.equal(zoneOffset(span('', ''), 'Africa/Dar_es_Salaam'), 'UTC+03:00');
  t.equal(zoneOffset(span('', ''), 'Africa/Abidjan'), 'UTC');
  t.equal(formatMonth(en, '2024-02'), 'February 2024');
  t.equal(shiftMonth('2024-01', -1), '2023-12');
  const grid = monthGrid('2024-02');
  t.equal(grid.length, 35, 'five whole weeks');
  t.same(grid[0], { date: '2024-01-29', inMonth: false }, 'from the Monday before');
  t.same(grid.at(-1), { date: '2024-03-03', inMonth: false }, 'to the Sunday after');
});

t.test('form values map onto API bodies', async (t) => {
  t.equal(text(undefined, 'x'), '');
  t.equal(text({ x: ['a', 'b'] }, 'x'), 'a');
  t.equal(text({ x: 3 as unknown as string }, 'x'), '', 'only text counts');
  t.same(texts({ x: ['a', '', 'b'] }, 'x'), ['a', 'b']);
  t.same(texts({ x: 'a' }, 'x'), ['a']);
  t.same(texts({}, 'x'), []);
  const values = valuesOfForm({
    title: ' T ',
    kind: 'forum',
    status: 'cancelled',
    partners: ['atu', 'cept'],
    partnersOther: 'Ministry of ICT, Kenya\n \nGSMA\natu',
    'venue.virtual': 'on',
    'venue.city': ' ',
    groups: 'sg13',
  });
  const body = apiBodyOf(values);
  t.notOk('status' in body, 'a cancelled event keeps its status: only the cancel route changes it');
  t.match(body, {
    title: 'T',
    // one a line (a name may hold a comma), blank lines left out, each once
    partners: ['atu', 'cept', 'Ministry of ICT, Kenya', 'GSMA'],
    groups: ['sg13'],
    venue: { city: null, virtual: true },
    description: null,
    recurrence: null,
  });
  t.equal(apiBodyOf({ ...values, status: 'tentative' }).status, 'tentative');
  t.equal(formFieldOf(undefined), undefined);
  t.equal(formFieldOf('partners.2'), 'partners');
  t.equal(formFieldOf('venue.city'), 'venue.city');
  t.equal(formFieldOf('reminders.0'), 'reminders', 'the reminders are in the form now');
  t.equal(formFieldOf('notify.1'), 'notify');
  t.equal(formFieldOf('overrides.0'), undefined, 'not a field of the form');
  t.same(attendanceBodyOf({ participants: ' 12 ', countries: '3', countryCodes: [], inPerson: '', remote: 'x1', women: '4', notes: '' }), {
    participants: 12,
    countries: 3,
    inPerson: null,
    remote: 'x1',
    women: 4,
    notes: null,
  });
  t.same(attendanceBodyOf({ participants: '', countries: '', countryCodes: [], inPerson: '', remote: '', women: '', notes: 'n' }), {
    inPerson: null,
    remote: null,
    women: null,
    notes: 'n',
  });
  const series = valuesOfEvent(app.root.stores.events.get('demo-coordination-europe')!);
  t.match(series, {
    // an UNTIL with a time is more than the controls say: the rule stays as written, in the advanced field
    recurrence: { freq: 'custom', rule: 'FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T230000Z' },
    'venue.virtual': true,
    'venue.city': '',
    description: /Monthly overview/,
    url: '',
  });
  const full = valuesOfEvent({
    ...app.root.stores.events.get(workshop.id)!,
    venue: { name: 'AICC', city: 'Arusha', country: 'Tanzania', virtual: true, url: 'https://meet.example.org/' },
    description: null,
  });
  t.match(full, {
    'venue.url': 'https://meet.example.org/',
    'venue.country': 'Tanzania',
    description: '',
    recurrence: { freq: '', rule: '' },
    partners: { chosen: ['ATU'], other: '' },
    groups: ['sg13rg-afr'],
  });
  const reference = app.root.stores.reference;
  const names = { office: reference.officeName, region: reference.regionName, group: reference.groupName };
  t.same(
    [names.office('ro-africa'), names.region('africa'), names.group('sg13')],
    ['ITU Regional Office for Africa', 'Africa', 'ITU-T Study Group 13: Future networks and emerging network technologies'],
  );
  t.same(
    [names.office('gone'), names.region('atlantis'), names.group('sg99')],
    ['gone', 'atlantis', 'sg99'],
    'an unknown id is shown as it is',
  );
  t.equal(safeNext('/events/x?y=1'), '/events/x?y=1');
  for (const bad of [undefined, '', '//evil.example', '/\\evil.example', 'https://evil.example/', '/a b'])
    t.equal(safeNext(bad), undefined, `${bad} is not ours`);
});

t.test('SESSION_SECRET: given, or random per process', async (t) => {
  t.equal(loadConfig({ SESSION_SECRET: 'x'.repeat(32) }).sessionSecret, 'x'.repeat(32));
  t.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /SESSION_SECRET must be at least 32 characters/);
  t.not(loadConfig({}).sessionSecret, loadConfig({}).sessionSecret);
  t.ok(loadConfig({}).sessionSecret.length >= 32);
});

t.test('the upcoming events read without JavaScript', async (t) => {
  const res = await get('/');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], 'text/html; charset=utf-8');
  t.match(res.headers['content-security-policy'], "script-src 'self'");
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['cache-control'], 'no-store');
  for (const part of [
    '<html lang="en" dir="ltr">',
    'class="skip-link" href="#main"',
    '<header',
    '<nav aria-label="Main">',
    '<main id="main"',
    '<footer',
    '<label for="f-region">Region</label>',
  ])
    t.match(res.body, part);
  const timed = await get('/?region=africa&kind=workshop');
  t.match(timed.body, workshopBody.title);
  t.match(timed.body, 'Tue, 5 Mar 2024, 09:00–17:30</time> Africa/Dar_es_Salaam time (UTC+03:00)', 'in the event zone');
  t.match(timed.body, 'Tue, 5 Mar 2024, 06:00–14:30 UTC', 'and in UTC until the script says the reader’s time');
  t.match(res.body, 'Events from Mon, 15 Jan 2024');
  t.notMatch(res.body, 'Open Networks Seminar', 'a 2023 event is over');
  t.match(res.body, 'Next page', 'more than a page');

  const next = await get('/?offset=50');
  t.match(next.body, 'Previous page');
  t.notMatch(next.body, 'Next page');
  const second = await get('/?offset=60');
  t.match(second.body, 'href="/?offset=10"', 'a page back from the middle');

  const african = await get('/?region=africa');
  const items = african.body.split('<li>\n<h3 dir="auto">').length - 1;
  t.ok(items > 0);
  t.equal(african.body.split('Africa · organized by').length - 1, items, 'Africa only');
  t.match(african.body, '<option value="africa" selected>Africa</option>', 'the filter keeps its value');

  const past = await get('/?from=2023-09-01&to=2023-09-30&kind=meeting&group=sg20&q=arusha');
  t.match(past.body, 'ITU-T SG20: Internet of things');
  t.notMatch(past.body, 'Events from', 'the dates asked for, not today');
  const none = await get('/?q=nothing-matches-this');
  t.match(none.body, 'No events match these filters.');
  const office = await get('/?office=ro-cis');
  t.match(office.body, 'Commonwealth of Independent States · organized by');
});

t.test('the month grid', async (t) => {
  const res = await get('/?view=month&month=2024-02&region=europe');
  t.equal(res.statusCode, 200);
  t.match(res.body, '<caption class="visually-hidden">Events in February 2024');
  t.match(res.body, '<th scope="col"><abbr title="Monday">Mon</abbr></th>');
  t.match(res.body, /\d+ more<span class="visually-hidden"> on Tue, 20 Feb 2024/, 'a full day links to its list');
  t.match(res.body, 'href="/?region=europe&amp;from=2024-02-20&amp;to=2024-02-20"');
  t.notMatch(res.body, 'demo-coordination-europe', 'an internal call is not on the public page');
  const staffMonth = await get('/?view=month&month=2024-02&region=europe', africa);
  t.match(
    staffMonth.body,
    '14:00 <a href="/events/demo-coordination-europe" dir="auto">',
    'a timed event with its start time, for ITU staff',
  );
  t.match(res.body, 'href="/?region=europe&amp;view=month&amp;month=2024-01"', 'the previous month');
  t.match(res.body, 'href="/?region=europe&amp;view=month&amp;month=2024-03"', 'the next month');
  t.match(res.body, 'class="outside"', 'days of other months fill the weeks');
  t.match(res.body, 'href="/?region=europe"', 'back to the list with the same filter');

  const today = await get('/?view=month');
  t.match(today.body, 'January 2024', 'this month by default');
  const fromMonth = await get('/?view=month&from=2024-02-21&to=2024-02-22&region=europe');
  t.match(fromMonth.body, 'February 2024', 'the month of "from"');
  t.notMatch(fromMonth.body, 'Busy day event', 'days outside the dates asked for stay empty');
  const empty = await get('/?view=month&month=2024-02&from=2024-03-01');
  t.match(empty.body, 'No events match these filters this month.');
  const one = await get(`/?view=month&month=2024-03&q=${encodeURIComponent('future networks')}`);
  t.match(one.body, '1 event this month.');

  // a skipped occurrence is struck through
  await app.inject({
    method: 'PUT',
    url: '/api/events/demo-coordination-africa/occurrences/2024-02-07',
    headers: tsbHeaders,
    payload: { cancelled: true },
  });
  const skipped = await get('/?view=month&month=2024-02&region=africa', africa);
  t.match(
    skipped.body,
    '<del><a href="/events/demo-coordination-africa" dir="auto">TSB coordination call with the Regional Office for Africa</a></del> (cancelled)',
  );
  await app.inject({ method: 'DELETE', url: '/api/events/demo-coordination-africa/occurrences/2024-02-07', headers: tsbHeaders });
});

t.test('filters that cannot be used: 400 with a readable page', async (t) => {
  const cases: [string, RegExp][] = [
    ['/?region=mars', /region: &#39;mars&#39; is not a known region/],
    ['/?group=sg99', /group: &#39;sg99&#39; is not a known group/],
    ['/?from=2024-02-30', /from: &#39;2024-02-30&#39; is not a date/],
    // a page names the field as people say it, without the API's part of the request ("query")
    ['/?from=2024-03-01&to=2024-02-01', /<p>to: 2024-02-01 is before the first day, 2024-03-01<\/p>/],
    ['/?colour=red', /<p>colour: is not a known field<\/p>/],
    ['/?view=week', /<p>view: must be one of: list, month/],
    ['/?offset=-1', /<p>offset: must be &gt;= 0/],
    ['/?region=Africa', /<p>region: must match pattern/],
    ['/?month=2024-13&view=month', /<p>month: must match pattern/],
    ['/subscribe?region=mars', /region: &#39;mars&#39; is not a known region/],
    ['/subscribe?colour=red', /<p>colour: is not a known field<\/p>/],
    ['/events/', /<p>id: must NOT have fewer than 1 character<\/p>/],
  ];
  for (const [url, message] of cases) {
    const res = await get(url);
    t.equal(res.statusCode, 400, url);
    t.match(res.headers['content-type'], 'text/html');
    t.match(res.body, message, url);
    t.match(res.body, '<html lang="en" dir="ltr">');
  }
});

t.test('an event page and its .ics', async (t) => {
  const res = await get(`/events/${workshop.id}`);
  t.equal(res.statusCode, 200);
  t.match(res.body, `<h1 dir="auto">${workshopBody.title}</h1>`);
  t.match(res.body, 'ITU-T SG13 Regional Group for Africa (SG13RG-AFR)</dd>', 'a group name that already says its id');
  t.match(res.body, `href="/events/${workshop.id}.ics" download`);
  t.match(res.body, 'No participant figures have been registered yet.');
  t.notMatch(res.body, 'Edit this event', 'not signed in: no edit link');

  const ics = await get(`/events/${workshop.id}.ics`);
  t.equal(ics.statusCode, 200);
  t.equal(ics.headers['content-type'], 'text/calendar; charset=utf-8');
  t.equal(ics.headers['content-disposition'], `attachment; filename="${workshop.id}.ics"`);
  t.equal(ics.body.match(/BEGIN:VEVENT/g)?.length, 1);
  t.match(ics.body, `UID:${workshop.id}@regional-calendar.itu-t`);
  t.equal((await get('/events/nope.ics')).statusCode, 404);

  const missing = await get('/events/nope');
  t.equal(missing.statusCode, 404);
  t.match(missing.body, 'No event with id &#39;nope&#39;');

  // a series: its occurrences, a moved and a skipped one
  await app.inject({
    method: 'PUT',
    url: '/api/events/demo-coordination-cis/occurrences/2024-03-21',
    headers: tsbHeaders,
    payload: { start: '2024-03-22T13:00', end: '2024-03-22T14:00' },
  });
  await app.inject({
    method: 'PUT',
    url: '/api/events/demo-coordination-cis/occurrences/2024-04-18',
    headers: tsbHeaders,
    payload: { cancelled: true },
  });
  t.equal((await get('/events/demo-coordination-cis')).statusCode, 404, 'an internal event: not found for the public');
  t.equal((await get('/events/demo-coordination-cis.ics')).statusCode, 404);
  const series = await get('/events/demo-coordination-cis', africa);
  t.match(series.body, '<span class="tag internal"', 'and badged for staff');
  t.match(series.body, '<h2 id="occurrences">Occurrences</h2>');
  t.notMatch(series.body, 'FREQ=MONTHLY', 'the rule in words, never raw');
  t.match(series.body, /Repeats monthly, third Thursday/);
  t.match(series.body, 'Moved from Thu, 21 Mar 2024');
  t.match(series.body, '<del>Thu, 18 Apr 2024, 13:00–14:00</del></td><td>Skipped');
  t.match(series.body, 'First occurrence');
  const seriesIcs = await get('/events/demo-coordination-cis.ics', africa);
  t.match(seriesIcs.body, 'RRULE:FREQ=MONTHLY;BYDAY=3TH');

  // figures, a notice, an online venue
  const online = await apiCreate({
    title: 'Online and in Arusha',
    start: '2024-01-10T09:00',
    end: '2024-01-10T12:00',
    venue: { city: 'Arusha', virtual: true, url: 'https://meet.example.org/x' },
    partners: [],
    groups: [],
    url: null,
    description: null,
  });
  await app.inject({
    method: 'PUT',
    url: `/api/events/${online.id}/attendance`,
    headers: tsbHeaders,
    payload: { participants: 50, countries: 12, inPerson: 20, remote: 30, women: 21, notes: 'From the registration system' },
  });
  const counted = await get(`/events/${online.id}?notice=counts`);
  t.match(counted.body, 'The participant figures were saved.');
  t.match(counted.body, /<dt>Participants<\/dt><dd>50<\/dd>[\s\S]*<dt>Online<\/dt><dd>30<\/dd>[\s\S]*From the registration system/);
  t.match(counted.body, 'by Telecommunication Standardization Bureau');
  t.match(counted.body, '<a href="https://meet.example.org/x">');
  t.notMatch(counted.body, '<h2>About</h2>');
  t.notMatch((await get(`/events/${online.id}?notice=bogus`)).body, 'class="notice"', 'an unknown notice shows nothing');
  const nowhere = await apiCreate({ title: 'Place to be announced', venue: { virtual: false }, partners: [], groups: [] });
  const tba = await get(`/events/${nowhere.id}`);
  t.notMatch(tba.body, '<dt>Where</dt>', 'no place, no line for it');
  t.notMatch(tba.body, '<dt>Groups</dt>');
  t.notMatch(tba.body, '<dt>Partners</dt>');
});

t.test('subscribe: the links are those of GET /api/feeds', async (t) => {
  const feeds: { path: string; webcal: string; url: string }[] = (await app.inject('/api/feeds')).json();
  const res = await get('/subscribe');
  t.equal(res.statusCode, 200);
  // each feed's subscribe link, then the same feed in each of the six languages (see languages-outputs.test.ts)
  const webcals = [...res.body.matchAll(/href="(webcal:[^"]+)">/g)].map((m) => m[1]);
  t.same(webcals.sort(), feeds.map((f) => f.webcal).sort());
  t.equal([...res.body.matchAll(/href="webcal:[^"]+" hreflang=/g)].length, 6 * feeds.length);
  for (const app of ['Outlook', 'Google Calendar', 'Apple Calendar']) t.match(res.body, `<h3>${app}</h3>`);
  t.match(res.body, 'data-copy="http://127.0.0.1:3000/feeds/regions/africa.ics"');
  t.match(res.body, 'hidden>Copy link', 'the copy button waits for the script');
  t.notMatch(res.body, 'id="built"');

  const built = await get('/subscribe?region=europe&region=africa&kind=workshop');
  t.match(built.body, '<span class="feed-url">http://127.0.0.1:3000/feeds/all.ics?region=africa,europe&amp;kind=workshop</span>');
  t.match(built.body, 'href="webcal://127.0.0.1:3000/feeds/all.ics?region=africa,europe&amp;kind=workshop"');
  t.match(built.body, '<option value="africa" selected>');
  const commas = await get('/subscribe?region=africa,europe&kind=workshop&group=&office=');
  t.match(commas.body, 'all.ics?region=africa,europe&amp;kind=workshop', 'commas work too');
  const feed = await app.inject('/feeds/all.ics?region=africa,europe&kind=workshop');
  t.equal(feed.statusCode, 200, 'and the feed is served');
});

t.test('the style sheet and the script come from the service', async (t) => {
  const css = await get('/assets/site.css');
  t.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  t.match(css.body, ':focus-visible { outline: 3px solid');
  const js = await get('/assets/site.js');
  t.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  t.match(js.body, 'Intl.DateTimeFormat');
  const openapi = (await app.inject('/openapi.json')).json();
  const operations = ['/health', '/ready', '/metrics'];
  t.notOk(
    Object.keys(openapi.paths).some((p) => !p.startsWith('/api/') && !operations.includes(p)),
    'the pages stay out of the API document',
  );
});

t.test('sign-in: the cookie, the CSRF token, cross-site refusals', async (t) => {
  const form = await get('/sign-in?next=/events/x');
  t.equal(form.statusCode, 200);
  t.match(form.body, '<label for="f-token">Office token</label>');
  t.match(form.body, 'name="next" value="/events/x"');
  const nonce = form.cookies.find((c) => c.name === 'sign_in')!;
  t.match(nonce, { httpOnly: true, sameSite: 'Strict', path: '/sign-in' });
  const csrf = csrfOf(form.body);
  const attempt = (
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    cookies: Record<string, string> = { sign_in: nonce.value },
  ) =>
    app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...FORM, ...headers },
      cookies,
      payload: encode({ csrf, next: '/events/x', ...fields }),
    });

  const noCookie = await attempt({ token: token('ro-africa') }, {}, {});
  t.equal(noCookie.statusCode, 403, 'no sign-in cookie: the form is refused');
  t.match(noCookie.body, 'did not come from this site or has expired');
  t.notOk(noCookie.cookies.some((c) => c.name === 'session'));
  t.equal((await attempt({ token: token('ro-africa'), csrf: 'forged' })).statusCode, 403, 'a wrong CSRF token');
  const crossOrigin = await attempt({ token: token('ro-africa') }, { origin: 'https://evil.example' });
  t.equal(crossOrigin.statusCode, 403);
  t.match(crossOrigin.body, 'it came from https://evil.example');
  const crossSite = await attempt({ token: token('ro-africa') }, { 'sec-fetch-site': 'cross-site' });
  t.equal(crossSite.statusCode, 403);
  t.match(crossSite.body, 'Sec-Fetch-Site: cross-site');
  // what a browser sends under the pages' no-referrer policy: Origin null, and where the post came from
  t.equal(
    (await attempt({ token: token('ro-africa') }, { origin: 'null', 'sec-fetch-site': 'same-origin' })).statusCode,
    303,
    'Origin: null from our own page',
  );
  t.equal(
    (await attempt({ token: token('ro-africa') }, { origin: 'null' })).statusCode,
    403,
    'Origin: null from who knows where (a sandboxed frame)',
  );
  t.equal((await attempt({ token: token('ro-africa') }, { origin: 'null', 'sec-fetch-site': 'cross-site' })).statusCode, 403);

  const wrong = await attempt({ token: 'abc.wrong' });
  t.equal(wrong.statusCode, 401);
  t.match(wrong.body, 'That token is not valid');
  t.match(wrong.body, 'aria-invalid="true"');
  t.equal((await attempt({ token: 'not a token shape!' })).statusCode, 401);

  const ok = await attempt({ token: token('ro-africa') }, { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, '/events/x', 'back where the office was going');
  const session = ok.cookies.find((c) => c.name === 'session')!;
  t.match(session, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
  t.notOk(session.secure, 'http here; https deployments get Secure');
  t.ok(app.unsignCookie(session.value).valid, 'signed with the secret');
  t.match(String(ok.headers['set-cookie']), /session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict/);
  const sameHost = await attempt(
    { token: token('ro-africa'), next: '//evil.example' },
    { origin: 'http://localhost:80', host: 'localhost:80' },
  );
  t.equal(sameHost.statusCode, 303, 'the Origin of the address the browser used is ours too');
  t.equal(sameHost.headers.location, '/office', 'and a foreign next goes to the office page');

  const again = await get('/sign-in', { cookie: session.value, csrf: '' });
  t.equal(again.statusCode, 303, 'signed in already');
  t.equal(again.headers.location, '/office');
});

t.test('a tampered or revoked session ends', async (t) => {
  const tampered = await get('/office', { cookie: `${africa.cookie.slice(0, -2)}xx`, csrf: '' });
  t.equal(tampered.statusCode, 303);
  t.match(String(tampered.headers['set-cookie']), /session=;/, 'the cookie is cleared');
  const plain = await get('/', { cookie: token('ro-africa'), csrf: '' });
  t.match(plain.body, 'Office sign-in', 'an unsigned token is no session');

  const made = app.root.stores.tokens.create('ro-cis', 'to revoke', clock.read().toISOString());
  const form = await app.inject('/sign-in');
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: FORM,
    cookies: { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value },
    payload: encode({ csrf: csrfOf(form.body), token: made.token }),
  });
  const cookie = res.cookies.find((c) => c.name === 'session')!.value;
  t.equal((await get('/office', { cookie, csrf: '' })).statusCode, 200);
  app.root.stores.tokens.revoke(made.info.id, clock.read().toISOString());
  const after = await get('/office', { cookie, csrf: '' });
  t.equal(after.statusCode, 303, 'revoking the token ends the session');
  t.equal(after.headers.location, '/sign-in?next=%2Foffice');
  t.match(String(after.headers['set-cookie']), /session=;/);
});

t.test('sign-out needs the session’s CSRF token', async (t) => {
  const session = await signIn('ro-europe');
  const forged = await post('/sign-out', { ...session, csrf: 'nope' }, {});
  t.equal(forged.statusCode, 403);
  t.equal((await get('/office', session)).statusCode, 200, 'still signed in');
  const out = await post('/sign-out', session, {});
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/');
  t.match(String(out.headers['set-cookie']), /session=;/);
  const anonymous = await post('/sign-out', undefined, {});
  t.equal(anonymous.statusCode, 303, 'signing out twice is harmless');
});

t.test('failed sign-ins count against the API’s limiter', async (t) => {
  const limited = await startApp(t, { authFailureLimit: 2 });
  const form = await limited.app.inject('/sign-in');
  const cookies = { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value };
  const attempt = () =>
    limited.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: FORM,
      cookies,
      payload: encode({ csrf: csrfOf(form.body), token: 'abc.wrong' }),
    });
  t.equal((await attempt()).statusCode, 401);
  t.equal((await attempt()).statusCode, 401);
  const blocked = await attempt();
  t.equal(blocked.statusCode, 429);
  t.ok(Number(blocked.headers['retry-after']) > 0);
  t.match(blocked.body, 'Too many failed sign-in attempts');
  const api = await limited.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: 'Bearer abc.wrong' },
    payload: workshopBody,
  });
  t.equal(api.statusCode, 429, 'the same budget as bearer tokens');
  const good = await limited.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${limited.token('ro-africa')}` },
    payload: workshopBody,
  });
  t.equal(good.statusCode, 201, 'a valid token is not refused for the failures of others at the same address');
  const signIn = await limited.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: FORM,
    cookies,
    payload: encode({ csrf: csrfOf(form.body), token: limited.token('ro-africa') }),
  });
  t.equal(signIn.statusCode, 303, 'nor is a valid sign-in');
});

t.test('the office page: events missing counts, oldest first', async (t) => {
  const signedOut = await get('/office');
  t.equal(signedOut.statusCode, 303);
  t.equal(signedOut.headers.location, '/sign-in?next=%2Foffice');

  const res = await get('/office', africa);
  t.equal(res.statusCode, 200);
  t.match(res.body, '<h1>ITU Regional Office for Africa</h1>');
  t.match(res.body, 'My office (ITU Regional Office for Africa)');
  const missing: { id: string }[] = (await app.inject('/api/attendance/missing?office=ro-africa')).json();
  t.ok(missing.length > 1);
  const listed = [...res.body.split('id="upcoming"')[0]!.matchAll(/href="\/events\/([^"]+)\/attendance"/g)].map((m) =>
    decodeURIComponent(m[1]!),
  );
  t.same(
    listed,
    missing.map((m) => m.id),
    'the API’s list, in its order',
  );
  t.match(res.body, `href="/events/${workshop.id}/edit"`, 'its upcoming events, to edit');

  const tsb = await get('/office', await signIn('tsb'));
  t.match(tsb.body, 'TSB may change every event');
  t.match(tsb.body, '<h2 id="upcoming">Upcoming events</h2>');

  const cis = await signIn('ao-jakarta');
  const none = await get('/office', cis);
  t.match(none.body, 'Every event that is over has its figures.');
  t.match(none.body, 'No upcoming events.');
});

t.test('creating an event through the form: the API’s rules and messages', async (t) => {
  t.equal((await get('/events/new')).statusCode, 303, 'signed out: to the sign-in page');
  const form = await get('/events/new', africa);
  t.equal(form.statusCode, 200);
  t.match(form.body, '<option value="ro-africa" selected>ITU Regional Office for Africa</option>');
  t.notMatch(form.body, 'value="ro-americas"', 'an office organizes only its own events');
  t.match(form.body, 'name="timeZone" value="Africa/Addis_Ababa"', 'the office’s zone to start with');

  const fields = {
    title: 'Regional standardization forum',
    kind: 'forum',
    status: 'tentative',
    office: 'ro-africa',
    region: 'africa',
    groups: ['sg13', 'sg17'],
    partners: 'atu',
    partnersOther: 'Smart Africa',
    'venue.name': '',
    'venue.city': 'Kigali',
    'venue.country': 'Rwanda',
    'venue.virtual': 'on',
    'venue.url': '',
    timeZone: 'Africa/Kigali',
    start: '2024-05-06',
    end: '2024-05-07',
    description: 'Two days.',
    url: '',
    recurrence: '',
  };
  t.equal((await post('/events/new', undefined, fields)).statusCode, 401, 'no session');
  t.equal((await post('/events/new', { ...africa, csrf: 'x' }, fields)).statusCode, 403, 'no CSRF token');
  t.equal((await post('/events/new', africa, fields, { 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'cross-site');

  const bad = await post('/events/new', africa, { ...fields, timeZone: 'Mars/Olympus' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'The event was not created');
  // beside its field, said alone (the field's label names it)
  t.match(bad.body, '<span class="field-problem" id="f-timeZone-problem">&#39;Mars/Olympus&#39; is not an IANA time zone');
  t.match(bad.body, /id="f-timeZone"[^>]*aria-invalid="true"/, 'the field is marked');
  t.match(bad.body, 'value="Regional standardization forum"', 'the values are kept');
  t.match(bad.body, '<option value="sg17" selected>');
  t.match(bad.body, '<option value="atu" selected>ATU</option>');
  t.match(bad.body, '>Smart Africa</textarea>');

  const untitled = await post('/events/new', africa, { ...fields, title: '' });
  t.match(
    untitled.body,
    'id="f-title-problem">must NOT have fewer than 1 character<',
    'the API’s own words (its schema, checked by the service)',
  );

  const forged = await post('/events/new', africa, { ...fields, office: 'ro-americas' });
  t.equal(forged.statusCode, 403);
  t.match(forged.body, 'may create only events organized by ro-africa');

  const created = await post('/events/new', africa, fields);
  t.equal(created.statusCode, 303);
  const id = /^\/events\/([^?]+)\?notice=created$/.exec(created.headers.location as string)![1]!;
  const event = (await app.inject(`/api/events/${id}`)).json();
  t.match(event, {
    title: fields.title,
    status: 'tentative',
    groups: ['sg13', 'sg17'],
    // ATU of the list by its id, the other as typed
    partners: ['atu', 'Smart Africa'],
    venue: { name: null, city: 'Kigali', virtual: true, url: null },
    start: '2024-05-06',
    allDay: true,
    description: 'Two days.',
    url: null,
    recurrence: null,
  });
  t.match((await get(`/events/${id}?notice=created`, africa)).body, 'The event was created.');
});

t.test('editing: only the organizer (or TSB), with the API’s refusals', async (t) => {
  t.equal((await get(`/events/${workshop.id}/edit`)).statusCode, 303);
  t.equal((await get('/events/nope/edit', africa)).statusCode, 404);
  const notTheirs = await get(`/events/${workshop.id}/edit`, americas);
  t.equal(notTheirs.statusCode, 403);
  t.match(notTheirs.body, 'organized by ro-africa');
  t.notMatch((await get(`/events/${workshop.id}`, americas)).body, 'Edit this event');
  t.match((await get(`/events/${workshop.id}`, africa)).body, `href="/events/${workshop.id}/edit"`);

  const form = await get(`/events/${workshop.id}/edit`, africa);
  t.equal(form.statusCode, 200);
  t.match(form.body, 'name="start.date" value="2024-03-05"');
  t.match(form.body, 'name="start.time" value="09:00"');
  t.match(form.body, '<option value="sg13rg-afr" selected>');

  const fields = {
    title: 'Future networks workshop',
    kind: 'workshop',
    status: 'confirmed',
    office: 'ro-africa',
    region: 'africa',
    groups: 'sg13rg-afr',
    partners: 'ATU',
    'venue.name': 'AICC',
    'venue.city': 'Arusha',
    'venue.country': 'Tanzania',
    timeZone: 'Africa/Dar_es_Salaam',
    start: '2024-03-05T09:00',
    end: '2024-03-05T17:30',
    description: 'A day on future networks.',
    url: 'https://www.itu.int/en/ITU-T/Workshops-and-Seminars/',
  };
  const before = dumpData(app);
  const forged = await post(`/events/${workshop.id}/edit`, americas, fields);
  t.equal(forged.statusCode, 403, 'a forged post is refused as the API refuses it');
  t.match(forged.body, 'This event is organized by ro-africa; a ro-americas token cannot change it');
  t.equal(dumpData(app), before, 'nothing changed');
  t.equal((await post('/events/nope/edit', africa, fields)).statusCode, 404);

  const bad = await post(`/events/${workshop.id}/edit`, africa, { ...fields, end: '2024-03-05T08:00' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'The changes were not saved');
  t.match(bad.body, 'name="end.time" value="08:00"');
  t.equal(dumpData(app), before);

  const saved = await post(`/events/${workshop.id}/edit`, africa, fields);
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `/events/${workshop.id}?notice=saved`);
  const event = (await app.inject(`/api/events/${workshop.id}`)).json();
  t.match(event, { title: 'Future networks workshop', venue: { virtual: false }, sequence: 1 });

  // a cancelled event: its status is kept unless set back, which undoes the cancellation
  const toCancel = await apiCreate({ title: 'To be cancelled' });
  await app.inject({ method: 'POST', url: `/api/events/${toCancel.id}/cancel`, headers: tsbHeaders });
  const cancelledForm = await get(`/events/${toCancel.id}/edit`, africa);
  t.match(cancelledForm.body, '<option value="cancelled" selected>Cancelled (stays cancelled)</option>');
  t.match(cancelledForm.body, 'To undo the cancellation, choose Confirmed or Tentative and save.');
  const renamed = await post(`/events/${toCancel.id}/edit`, africa, { ...fields, title: 'Cancelled, renamed', status: 'cancelled' });
  t.equal(renamed.statusCode, 303);
  t.match((await app.inject(`/api/events/${toCancel.id}`)).json(), { title: 'Cancelled, renamed', status: 'cancelled' });
  const undone = await post(`/events/${toCancel.id}/edit`, africa, { ...fields, title: 'Cancelled, renamed', status: 'confirmed' });
  t.equal(undone.statusCode, 303);
  t.match((await app.inject(`/api/events/${toCancel.id}`)).json(), { status: 'confirmed' }, 'confirmed again');
});

t.test('participant counts through the form', async (t) => {
  const over = (await app.inject('/api/attendance/missing?office=ro-africa')).json()[0];
  const path = `/events/${over.id}/attendance`;
  t.equal((await get(path)).statusCode, 303, 'signed out');
  t.equal((await get('/events/nope/attendance', africa)).statusCode, 404);
  t.equal((await get(path, americas)).statusCode, 403);
  const ahead = await get(`/events/${workshop.id}/attendance`, africa);
  t.equal(ahead.statusCode, 409, 'not started yet');
  t.match(ahead.body, 'once the event has started');
  const cancelled = await apiCreate({ title: 'Cancelled before', start: '2024-01-10T09:00', end: '2024-01-10T10:00' });
  await app.inject({ method: 'POST', url: `/api/events/${cancelled.id}/cancel`, headers: tsbHeaders });
  t.equal((await get(`/events/${cancelled.id}/attendance`, africa)).statusCode, 409, 'cancelled');

  const form = await get(path, africa);
  t.equal(form.statusCode, 200);
  t.match(form.body, '<label for="f-participants">Participants</label>');
  t.match(form.body, 'inputmode="numeric"', 'a numeric keyboard, without a number field that drops Arabic-Indic digits');
  t.match((await get(`/events/${over.id}`, africa)).body, 'Register participant counts');

  const before = dumpData(app);
  const forged = await post(path, americas, { participants: '10', countries: '2' });
  t.equal(forged.statusCode, 403, 'another office: the API’s 403');
  t.match(forged.body, 'a ro-americas token cannot register its figures');
  const tooMany = await post(path, africa, { participants: '12', countries: '40', women: '' });
  t.equal(tooMany.statusCode, 400);
  t.match(tooMany.body, '40 countries cannot come from 12 participants');
  t.match(tooMany.body, /id="f-countries"[^>]*aria-invalid="true"/);
  t.match(tooMany.body, 'name="participants" value="12"');
  const notNumber = await post(path, africa, { participants: 'many', countries: '3' });
  t.equal(notNumber.statusCode, 400);
  t.match(notNumber.body, 'id="f-participants-problem">must be integer<');
  const missing = await post(path, africa, { participants: '', countries: '3' });
  t.match(missing.body, 'id="f-participants-problem">is required<');
  const early = await post(`/events/${workshop.id}/attendance`, africa, { participants: '10', countries: '2' });
  t.equal(early.statusCode, 409, 'a post before the start: the form with the API’s reason');
  t.match(early.body, 'The figures were not saved');
  t.equal((await post('/events/nope/attendance', africa, { participants: '1', countries: '1' })).statusCode, 404);
  t.equal(dumpData(app), before, 'nothing written');

  const saved = await post(path, africa, {
    participants: '120',
    countries: '31',
    inPerson: '100',
    remote: '20',
    women: '48',
    notes: 'Registration desk',
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `/events/${over.id}?notice=counts`);
  const page = await get(`/events/${over.id}?notice=counts`, africa);
  t.match(page.body, /<dt>Participants<\/dt><dd>120<\/dd>/);
  t.match(page.body, 'by ITU Regional Office for Africa');
  const again = await get(path, africa);
  t.match(again.body, 'name="participants" value="120"', 'a correction starts from the current figures');
  t.match(again.body, 'Figures were registered before');
  const office = await get('/office', africa);
  t.notMatch(office.body, `href="/events/${over.id}/attendance"`, 'no longer missing');
});

t.test('other failures are pages too', async (t) => {
  const xml = await app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/xml' }, payload: '<token/>' });
  t.equal(xml.statusCode, 415);
  t.match(xml.headers['content-type'], 'text/html');
  const huge = await post('/events/new', africa, { title: 'x'.repeat(300_000) });
  t.equal(huge.statusCode, 413);
  t.match(huge.body, 'Too much data');
  const apiForm = await app.inject({ method: 'POST', url: '/api/events', headers: { ...FORM, ...tsbHeaders }, payload: 'title=x' });
  t.equal(apiForm.statusCode, 415, 'the API still takes JSON only');

  const original = app.root.stores.events.get;
  app.root.stores.events.get = () => {
    throw new Error('disk on fire');
  };
  t.teardown(() => {
    app.root.stores.events.get = original;
  });
  const broken = await get(`/events/${workshop.id}`, africa);
  t.equal(broken.statusCode, 500);
  t.match(broken.body, 'Something went wrong on our side; it has been logged.');
  t.notMatch(broken.body, 'disk on fire');
  t.match(broken.body, 'Sign out', 'still signed in');
  t.equal(config.sessionSecret.length >= 32, true);
});

t.test('/reports: the activity report for a chosen period, with its chart and downloads', async (t) => {
  const { app } = await startApp(t, { clock: new TestClock(Date.parse('2024-07-15T08:00:00Z')).read });
  const page = await app.inject('/reports');
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /value="2023-08-01"/, 'by default the last twelve months');
  t.match(page.body, /value="2024-07-31"/);
  t.match(page.body, /aria-current="page">Reports</);
  const africa = await app.inject('/reports?from=2023-09-01&to=2024-06-30&region=africa');
  t.match(africa.body, /<h2 id="region-africa">Africa – ITU Regional Office for Africa<\/h2>/);
  t.notMatch(africa.body, /id="region-europe"/);
  t.match(africa.body, /<option value="africa" selected>Africa<\/option>/);
  t.match(africa.body, /<svg[^>]+role="img"/);
  t.match(africa.body, /href="\/reports\/download\?from=2023-09-01&amp;to=2024-06-30&amp;region=africa&amp;format=md&amp;lang=en"/);
  t.match(
    africa.body,
    /ITU-T SG20: Internet of things \(IoT\) and smart cities and communities \(SC&amp;C\) 13 - 22 September 2023, Arusha, Tanzania/,
  );
  const all = await app.inject('/reports?from=2023-09-01&to=2024-06-30&region=');
  t.match(all.body, /id="region-europe"/, 'an empty region is all regions');
  for (const query of ['from=2024-02-01&to=2024-01-01', 'from=2020-01-01&to=2024-12-31', 'from=yesterday', 'region=mars']) {
    const bad = await app.inject(`/reports?${query}`);
    t.equal(bad.statusCode, 400, query);
    t.match(bad.body, /<h1>That request cannot be answered<\/h1>/);
  }
});
