// Participant counts with their countries (issue 23, point 6): the list of ISO codes, a bare number
// from older clients, the report's distinct countries across events ("at least" where only numbers
// are known), "not registered" never said as 0, the history in people's words, and the report page
// and its downloads giving the same events to the same reader.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import type { Actor } from '../src/domain/access.js';
import type { HttpProblem } from '../src/http-problem.js';
import { countriesOf, totalsOf, type ReportEvent } from '../src/reports/activity.js';
import { dumpData, signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2026-03-20T12:00:00Z'));
let app: FastifyInstance;
let tsb: { authorization: string };
let tsbToken: string;
const actor: Actor = { office: 'ro-africa', tokenId: null };
const ids: Record<'arusha' | 'nairobi' | 'kigali' | 'older' | 'none' | 'internal', string> = {
  arusha: '',
  nairobi: '',
  kigali: '',
  older: '',
  none: '',
  internal: '',
};

async function create(title: string, day: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: { ...workshopBody, title, groups: [], start: `${day}T09:00`, end: `${day}T17:00`, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().id;
}
const service = () => app.root.services.attendance;
const refusal = (run: () => unknown): HttpProblem => {
  try {
    run();
  } catch (error) {
    return error as HttpProblem;
  }
  throw new Error('not refused');
};

t.before(async () => {
  const started = await startApp(t, { clock: clock.read });
  app = started.app;
  tsbToken = started.token('tsb');
  tsb = { authorization: `Bearer ${tsbToken}` };
  ids.arusha = await create('Arusha workshop on future networks', '2026-02-10');
  ids.nairobi = await create('Nairobi forum on digital finance', '2026-02-17');
  ids.kigali = await create('Kigali clinic on DFS security', '2026-02-24');
  ids.older = await create('Dakar meeting counted by an older client', '2026-03-03');
  ids.none = await create('Lusaka workshop without figures', '2026-03-10');
  ids.internal = await create('Addis internal planning meeting', '2026-03-12', { visibility: 'internal' });
});

t.test('the service: a list of countries, a bare number, an unknown code refused', async (t) => {
  const listed = service().register(actor, ids.arusha, { participants: 84, countryCodes: ['tz', 'KE', 'UG', 'ke'], inPerson: 55 });
  t.same(listed.attendance?.countryCodes, ['KE', 'TZ', 'UG'], 'read in capitals, sorted, each once');
  t.equal(listed.attendance?.countries, 3, 'their number follows from the list');

  const bare = service().register(actor, ids.older, { participants: 40, countries: 9 });
  t.equal(bare.attendance?.countries, 9, 'a bare number is still accepted (older clients)');
  t.equal(bare.attendance?.countryCodes, null, 'and no list is made up for it');

  const before = dumpData(app);
  const unknown = refusal(() => service().register(actor, ids.nairobi, { participants: 30, countryCodes: ['KE', 'XX'] }));
  t.equal(unknown.statusCode, 400);
  t.match(unknown.problem, { field: 'countryCodes', code: 'unknownCountry', params: { value: 'XX' } });
  t.match(unknown.message, "'XX' is not an ISO 3166-1 country code");
  const mismatch = refusal(() => service().register(actor, ids.nairobi, { participants: 30, countries: 5, countryCodes: ['KE', 'TZ'] }));
  t.match(mismatch.problem, { field: 'countries', code: 'figuresCountriesListed', params: { countries: 5, listed: 2 } });
  const tooMany = refusal(() => service().register(actor, ids.nairobi, { participants: 1, countryCodes: ['KE', 'TZ'] }));
  t.match(tooMany.problem, { field: 'countryCodes', code: 'figuresCountries' });
  const none = refusal(() => service().register(actor, ids.nairobi, { participants: 30 }));
  t.match(none.problem, { field: 'countryCodes', code: 'required' });
  const empty = refusal(() => service().register(actor, ids.nairobi, { participants: 30, countryCodes: [] }));
  t.equal(empty.statusCode, 400, 'an empty list is no list');
  t.equal(dumpData(app), before, 'nothing written by any refusal');

  // the API: 400 naming the field and the code, database unchanged
  const res = await app.inject({
    method: 'PUT',
    url: `/api/events/${ids.nairobi}/attendance`,
    headers: tsb,
    payload: { participants: 30, countryCodes: ['KE', 'QQ'] },
  });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { field: 'countryCodes', code: 'unknownCountry', params: { value: 'QQ' } });
  t.match(res.json().message, /'QQ'/);
  const shape = await app.inject({
    method: 'PUT',
    url: `/api/events/${ids.nairobi}/attendance`,
    headers: tsb,
    payload: { participants: 30, countryCodes: ['Kenya'] },
  });
  t.equal(shape.statusCode, 400, 'a name is not a code');
  t.match(shape.json().field, /^countryCodes/);
  t.equal(dumpData(app), before, 'nothing written by the API either');

  // the reply of GET: the list beside its number
  const ok = await app.inject({
    method: 'PUT',
    url: `/api/events/${ids.nairobi}/attendance`,
    headers: tsb,
    payload: { participants: 60, countryCodes: ['KE', 'RW', 'TZ'], remote: 20 },
  });
  t.equal(ok.statusCode, 200);
  t.match(ok.json().current, { participants: 60, countries: 3, countryCodes: ['KE', 'RW', 'TZ'] });
  service().register(actor, ids.kigali, { participants: 25, countryCodes: ['RW', 'BI'] });
});

t.test('the report counts distinct countries across events; "at least" where only a number is known', async (t) => {
  const json = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa', headers: tsb })).json();
  const totals = json.regions[0].totals;
  // Arusha KE TZ UG, Nairobi KE RW TZ, Kigali BI RW: 5 distinct (summed they would be 8); Dakar: 9 alone
  t.match(totals.countries, { count: 9, exact: false, codes: ['BI', 'KE', 'RW', 'TZ', 'UG'], listed: 3, numberOnly: 1 });
  t.equal(totals.countryParticipations, 3 + 3 + 2 + 9, 'the old sum is still there for programs');
  t.equal(totals.participants, 84 + 60 + 25 + 40);
  t.equal(totals.withCounts, 4);
  const arusha = json.regions[0].events.find((e: { id: string }) => e.id === ids.arusha);
  t.same(arusha.countryCodes, ['KE', 'TZ', 'UG']);
  const lusaka = json.regions[0].events.find((e: { id: string }) => e.id === ids.none);
  t.equal(lusaka.participants, null, 'an event without figures: null, not 0');

  const md = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md' })).body;
  t.match(md, '209 participants from at least 9 countries', 'Markdown: what is known, honestly');
  t.match(md, '| Region | Events | With counts | Participants | Countries |');
  t.match(md, /\| Africa \| \d+ \| 4 \| 209 \| at least 9 \|/);
  t.notMatch(md, /country participations/i);
  const html = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=html' })).body;
  t.match(html, '209 participants from at least 9 countries');
  t.match(html, /<td>at least 9<\/td>/);
  const fr = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md&lang=fr' })).body;
  t.match(fr, 'd’au moins 9 pays', 'in French');
  const ar = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=html&lang=ar' })).body;
  t.match(ar, 'على الأقل', 'in Arabic');
  const csv = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=csv' })).body;
  const [header, ...rows] = csv.trim().split('\r\n');
  t.ok(header!.endsWith(',visibility,country_codes'), 'two columns added at the end');
  t.ok(rows.some((r) => r.includes('Arusha workshop') && r.endsWith(',public,KE; TZ; UG')));
  t.ok(
    rows.some((r) => r.includes('Dakar meeting') && r.endsWith(',public,')),
    'a number alone: no codes',
  );

  // once the older client's event has its list, the count is exact
  service().register(actor, ids.older, { participants: 40, countryCodes: ['SN', 'ML', 'KE'] });
  const exact = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md' })).body;
  t.match(exact, '209 participants from 7 countries', 'BI KE ML RW SN TZ UG');
  const es = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md&lang=es' })).body;
  t.match(es, 'de 7 países');
  const zh = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md&lang=zh' })).body;
  t.match(zh, '来自7个国家');
  const ru = (await app.inject({ url: '/api/reports/activity?from=2026-02-01&to=2026-03-31&region=africa&format=md&lang=ru' })).body;
  t.match(ru, 'из 7 стран');
});

t.test('distinct countries, the rule itself: overlapping lists, numbers alone, events without countries', async (t) => {
  const e = (over: Partial<ReportEvent>): ReportEvent =>
    ({ participants: 10, countries: null, countryCodes: null, inPerson: null, remote: null, women: null, ...over }) as ReportEvent;
  const a = e({ countries: 3, countryCodes: ['KE', 'TZ', 'UG'] });
  const b = e({ countries: 2, countryCodes: ['KE', 'TZ'] });
  t.match(countriesOf([a, b]), { count: 3, exact: true }, 'overlapping lists: distinct');
  t.match(countriesOf([a, b, e({ countries: 2 })]), { count: 3, exact: false }, 'a smaller number alone: at least the lists');
  t.match(countriesOf([a, e({ countries: 12 })]), { count: 12, exact: false }, 'a larger number alone: at least that');
  t.match(countriesOf([a, e({})]), { count: 3, exact: false }, 'an event with participants but no countries: at least');
  t.match(countriesOf([a, e({ participants: null })]), { count: 3, exact: true }, 'an event without figures changes nothing');
  t.match(countriesOf([e({ participants: null })]), { count: null, exact: false }, 'no countries registered: not a number');
  const nothing = totalsOf([e({ participants: null })]);
  t.same([nothing.participants, nothing.inPerson, nothing.remote, nothing.women], [null, null, null, null], 'not registered, not 0');
  const some = totalsOf([e({ participants: 10, inPerson: 4 }), e({ participants: 5 })]);
  t.same([some.participants, some.inPerson, some.remote], [15, 4, null], 'online not registered by anyone: null');
});

t.test('"not registered" is never said as 0: report, event page, office page', async (t) => {
  // a period and region where nothing is registered
  const md = (await app.inject({ url: '/api/reports/activity?from=2026-03-09&to=2026-03-11&region=africa&format=md' })).body;
  t.match(md, '1 event; no participant counts registered.');
  t.match(md, /\| Africa \| 1 \| 0 \| not registered \| not registered \|/);
  t.notMatch(md, /\b0 participants/);
  const json = (await app.inject({ url: '/api/reports/activity?from=2026-03-09&to=2026-03-11&region=africa' })).json();
  t.equal(json.totals.participants, null);
  t.equal(json.totals.countries.count, null);
  const html = (await app.inject({ url: '/api/reports/activity?from=2026-03-09&to=2026-03-11&region=africa&format=html' })).body;
  t.match(html, /<td>not registered<\/td>/);
  t.match(html, /Participants per region: [^<]*Africa not registered/, 'the chart says it too');

  const page = (await app.inject(`/events/${ids.none}`)).body;
  t.match(page, 'No participant figures have been registered yet.');
  const nairobi = (await app.inject(`/events/${ids.nairobi}`)).body;
  t.match(nairobi, '<dt>Women</dt><dd>not registered</dd>', 'a figure left empty is not a zero');
  t.match(nairobi, '<dt>Countries represented</dt><dd>3 countries: Kenya, Rwanda and Tanzania</dd>');

  const { cookie } = await signInWith(app, tsbToken);
  const office = (await app.inject({ url: '/office?view=past', cookies: { session: cookie } })).body;
  t.match(office, 'Participant counts not registered');
  t.match(office, '60 participants from 3 countries');
  t.notMatch(office, /\b0 participants/);
});

t.test('the history reads in words: labels from the catalog, countries by name', async (t) => {
  clock.advance(60_000);
  service().register(actor, ids.arusha, { participants: 90, countryCodes: ['KE', 'TZ', 'UG', 'RW'], inPerson: 62 });
  const { cookie } = await signInWith(app, tsbToken);
  const page = (await app.inject({ url: `/events/${ids.arusha}`, cookies: { session: cookie } })).body;
  t.match(page, '<li>In person: 55 → 62</li>');
  t.match(page, '<li>Participants: 84 → 90</li>');
  t.match(page, '<li>Countries represented: Kenya, Tanzania and Uganda → Kenya, Rwanda, Tanzania and Uganda</li>');
  t.notMatch(page, /inPerson|countryCodes/, 'no field as the code names it');
  t.notMatch(page, /Online: /, 'an unchanged figure is not in the history');
  // the number alone replaced by a list: said as the number, then the names
  const older = (await app.inject({ url: `/events/${ids.older}`, cookies: { session: cookie } })).body;
  t.match(older, '<li>Countries represented: 9 → Kenya, Mali and Senegal</li>');
  const fr = (await app.inject({ url: `/fr/events/${ids.arusha}`, cookies: { session: cookie } })).body;
  t.match(fr, /Rwanda/);
  t.match(fr, /Ouganda/, 'the names in the reader’s language');
  t.notMatch(fr, /inPerson/);
});

t.test('the report page and its downloads give the same events to the same reader', async (t) => {
  const query = 'from=2026-02-01&to=2026-03-31&region=africa';
  const titlesOf = {
    page: (body: string) =>
      [
        ...body
          .slice(body.indexOf('<h2 id="region-africa"'))
          .split('</ul>')[0]!
          .matchAll(/<li>([^<]*)<\/li>/g),
      ].map((m) => m[1]!),
    md: (body: string) => body.split('\n').filter((l) => l.startsWith('- ')),
    html: (body: string) => [...body.slice(body.indexOf('<h2 id="region-africa"')).split('</ul>')[0]!.matchAll(/<li>/g)],
    csv: (body: string) => body.trim().split('\r\n').slice(1),
    json: (body: string) => JSON.parse(body).regions[0].events as { title: string; visibility: string }[],
  };
  const links = (body: string) =>
    Object.fromEntries(
      [...body.matchAll(/href="(\/reports\/download\?[^"]+)"/g)].map((m) => {
        const href = m[1]!.replaceAll('&amp;', '&');
        return [new URLSearchParams(href.split('?')[1]).get('format')!, href];
      }),
    );

  for (const signedIn of [true, false]) {
    const cookies: Record<string, string> = signedIn ? { session: (await signInWith(app, tsbToken)).cookie } : {};
    const page = await app.inject({ url: `/reports?${query}`, cookies });
    t.equal(page.statusCode, 200);
    const onPage = titlesOf.page(page.body);
    const internal = onPage.filter((line) => line.includes('TSB coordination call') || line.includes('Addis internal planning'));
    t.equal(internal.length, signedIn ? 2 : 0, `${signedIn ? 'signed in' : 'signed out'}: the internal events on the page`);
    if (signedIn)
      t.ok(
        internal.every((line) => line.includes('(internal')),
        'marked as internal',
      );
    const hrefs = links(page.body);
    t.same(Object.keys(hrefs).sort(), ['csv', 'html', 'json', 'md']);
    for (const format of ['md', 'html', 'csv', 'json'] as const) {
      const res = await app.inject({ url: hrefs[format]!, cookies });
      t.equal(res.statusCode, 200, `${format}: followed with the same cookie`);
      const entries = titlesOf[format](res.body);
      t.equal(entries.length, onPage.length, `${signedIn ? 'signed in' : 'signed out'}: ${format} has the page's ${onPage.length} events`);
      const text = res.body;
      t.equal(text.includes('TSB coordination call'), signedIn, `${format}: the internal call only when signed in`);
      t.equal(text.includes('Addis internal planning'), signedIn, `${format}: the internal meeting only when signed in`);
      if (signedIn) {
        if (format === 'json')
          t.ok(
            titlesOf.json(text).some((e) => e.visibility === 'internal'),
            'json: marked',
          );
        else if (format === 'csv')
          t.ok(
            titlesOf.csv(text).some((r) => r.includes(',internal,')),
            'csv: marked',
          );
        else t.match(text, /Addis internal planning meeting[^\n]*\(internal/, `${format}: marked`);
      }
      if (signedIn) t.match(res.headers['cache-control'], /no-store/, `${format}: staff's report kept by no cache`);
    }
  }
  // the language of the page goes with its documents for people
  const fr = await app.inject({ url: `/fr/reports?${query}` });
  const md = links(fr.body).md!;
  t.match(md, /lang=fr/);
  t.match((await app.inject(md)).body, /# Rapport/);
});

t.test('the figures form without the script: every country to tick, a refused value kept', async (t) => {
  const { cookie, csrf } = await signInWith(app, tsbToken);
  const form = await app.inject({ url: `/events/${ids.kigali}/attendance`, cookies: { session: cookie } });
  t.equal(form.statusCode, 200);
  t.match(form.body, /<input type="checkbox" id="f-country-BI" name="countryCodes" value="BI" checked>/, 'registered countries ticked');
  t.match(form.body, '<label for="f-country-TZ">Tanzania</label>');
  t.match(form.body, /data-country-filter hidden/, 'the filter waits for the script');
  const ticked = form.body.indexOf('f-country-BI');
  t.ok(ticked < form.body.indexOf('f-country-AD'), 'the ticked countries first');
  const post = (fields: [string, string][]) =>
    app.inject({
      method: 'POST',
      url: `/events/${ids.kigali}/attendance`,
      cookies: { session: cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['csrf', csrf], ...fields]).toString(),
    });
  const before = dumpData(app);
  const refused = await post([
    ['participants', '1'],
    ['countryCodes', 'RW'],
    ['countryCodes', 'BI'],
    ['notes', 'kept'],
  ]);
  t.equal(refused.statusCode, 400);
  t.match(refused.body, '2 countries cannot come from 1 participant');
  t.match(refused.body, /id="f-country-RW" name="countryCodes" value="RW" checked/, 'what was ticked stays ticked');
  t.match(refused.body, 'id="f-countryCodes-problem"');
  t.equal(dumpData(app), before);
  const saved = await post([
    ['participants', '30'],
    ['countryCodes', 'RW'],
    ['countryCodes', 'BI'],
    ['countryCodes', 'CD'],
    ['inPerson', ''],
  ]);
  t.equal(saved.statusCode, 303);
  t.same(app.root.services.attendance.figures(ids.kigali).current?.countryCodes, ['BI', 'CD', 'RW']);
  t.equal(app.root.services.attendance.figures(ids.kigali).current?.inPerson, null, 'an empty field is not a zero');
});
