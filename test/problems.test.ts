import fs from 'node:fs';
import path from 'node:path';
import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import t from 'tap';
import { PROBLEM_CODES, PROBLEMS } from '../src/domain/problems.js';
import { english, PSEUDO_LOCALE, translatorFor } from '../src/i18n/index.js';
import { en } from '../src/i18n/messages/en.js';
import { signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

// Every refusal is a code with its values: the catalog has one message per code, saying exactly
// those values; the API's replies carry the code beside the English message; a page says the
// problem through the catalog, so in the pseudo-locale every word of it is the catalog's.

/** The names of the values a message says, in every branch of its plurals and selects. */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (isArgumentElement(element) || isNumberElement(element) || isDateElement(element) || isTimeElement(element)) into.add(element.value);
    if (isPluralElement(element) || isSelectElement(element)) {
      into.add(element.value);
      for (const option of Object.values(element.options)) placeholders(option.value, into);
    }
    if (isTagElement(element)) placeholders(element.children, into);
  }
  return into;
}

/** The values a message picks its words by. */
function selectors(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (isSelectElement(element)) into.add(element.value);
    if (isPluralElement(element) || isSelectElement(element))
      for (const option of Object.values(element.options)) selectors(option.value, into);
  }
  return into;
}

const catalog = en as Record<string, string>;

t.test('every problem code has a message whose placeholders are the values it is made with', async (t) => {
  for (const code of PROBLEM_CODES) {
    const message = catalog[`problem.${code}`];
    t.type(message, 'string', `problem.${code} is in the catalog`);
    if (typeof message !== 'string') continue;
    t.same([...placeholders(parse(message))].sort(), [...PROBLEMS[code]].sort(), `problem.${code} says {${PROBLEMS[code].join('}, {')}}`);
  }
  const stale = Object.keys(catalog).filter((key) => key.startsWith('problem.') && !(key.slice('problem.'.length) in PROBLEMS));
  t.same(stale, [], 'no message for a code that is gone');
});

t.test('every message says its values, in English and in the pseudo-locale, and numbers are counted', async (t) => {
  const pseudo = translatorFor(PSEUDO_LOCALE);
  for (const code of PROBLEM_CODES) {
    const values = Object.fromEntries(PROBLEMS[code].map((name, i) => [name, 1000 + i]));
    const said = english().t(`problem.${code}`, values);
    // a value a message chooses its words by (select) need not be said itself
    const chosenBy = selectors(parse(catalog[`problem.${code}`]!));
    for (const [name, value] of Object.entries(values))
      if (!chosenBy.has(name))
        t.ok(said.includes(String(value)) || said.includes(value.toLocaleString('en-GB')), `problem.${code} says ${value}: ${said}`);
    t.notMatch(said, /[{}]\w+[{}]|undefined/, `problem.${code} leaves no placeholder: ${said}`);
    const accented = pseudo.t(`problem.${code}`, values);
    t.ok(accented.startsWith('⟦') && accented.endsWith('⟧'), `problem.${code} in en-XA: ${accented}`);
  }
  t.equal(english().t('problem.tooShort', { min: 1 }), 'must NOT have fewer than 1 character', 'one character');
  t.equal(english().t('problem.tooManyFailures', { seconds: 1 }), 'Too many failed sign-in attempts; try again in 1 second');
  t.equal(english().t('problem.figuresCountries', { countries: 1, participants: 1 }), '1 country cannot come from 1 participant');
});

t.test('no code is left unused, and no refusal is written in English outside the catalog', async (t) => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const sources = files('src').filter((f) => f.endsWith('.ts') && !f.endsWith('domain/problems.ts') && !f.includes('/i18n/messages/'));
  const text = sources.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  for (const code of PROBLEM_CODES) t.match(text, new RegExp(`'${code}'`), `${code} is made somewhere`);
  // the old ways of throwing a sentence
  t.notMatch(text, /new HttpProblem\(\d+, ['`]/, 'no HttpProblem made from a sentence');
  t.notMatch(text, /(badRequest|notFound|forbidden|conflict)\([^)]*['`][A-Z][a-z]+ [a-z]+ /, 'no helper given a sentence');
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

t.test("the API's error replies carry the code and its values beside the English message", async (t) => {
  const clock = new TestClock(Date.parse('2024-04-01T08:00:00Z'));
  const { app, auth } = await startApp(t, { demoData: false, clock: clock.read, authFailureLimit: 3 });
  const post = (payload: unknown, headers = auth('ro-africa')) =>
    app.inject({ method: 'POST', url: '/api/events', headers, payload: payload as object });

  const { title: _title, ...untitled } = workshopBody;
  const validation = await post(untitled);
  t.match(
    validation.json(),
    { statusCode: 400, field: 'title', code: 'required', message: 'body title: is required' },
    'validation (JSON Schema)',
  );
  t.notOk('params' in validation.json(), 'no values, no params');

  const short = await post({ ...workshopBody, title: '' });
  t.match(short.json(), {
    field: 'title',
    code: 'tooShort',
    params: { min: 1 },
    message: 'body title: must NOT have fewer than 1 character',
  });

  const rule = await post({
    ...workshopBody,
    start: '2027-01-06T09:00',
    end: '2027-01-06T10:00',
    recurrence: 'FREQ=DAILY;BYHOUR=9;COUNT=4',
  });
  t.match(
    rule.json(),
    {
      statusCode: 400,
      field: 'recurrence',
      code: 'rulePartUnsupported',
      params: { part: 'BYHOUR' },
      message: /^recurrence: BYHOUR is not supported/,
    },
    'a rule of the domain',
  );

  const unauthenticated = await post(workshopBody, {} as { authorization: string });
  t.equal(unauthenticated.statusCode, 401);
  t.match(
    unauthenticated.json(),
    { code: 'tokenRequired', message: /A valid token is required: send Authorization: Bearer <token>/ },
    '401',
  );

  const created = (await post(workshopBody)).json() as { id: string };
  const foreign = await app.inject({
    method: 'PATCH',
    url: `/api/events/${created.id}`,
    headers: auth('ro-europe'),
    payload: { title: 'Taken over' },
  });
  t.equal(foreign.statusCode, 403);
  t.match(
    foreign.json(),
    {
      code: 'eventNotYours',
      params: { organizer: 'ro-africa', office: 'ro-europe', action: 'change' },
      message: 'This event is organized by ro-africa; a ro-europe token cannot change it',
    },
    '403',
  );

  const missing = await app.inject({ url: '/api/events/no-such-event' });
  t.equal(missing.statusCode, 404);
  t.same(
    missing.json(),
    { statusCode: 404, error: 'Not Found', message: "No event with id 'no-such-event'", code: 'noEvent', params: { id: 'no-such-event' } },
    '404',
  );
  t.match(
    (await app.inject({ url: '/api/nowhere' })).json(),
    { statusCode: 404, code: 'noRoute', params: { method: 'GET', path: '/api/nowhere' } },
    '404 of no route',
  );

  const future = (await post({ ...workshopBody, start: '2024-05-06T09:00', end: '2024-05-06T17:00' })).json() as { id: string };
  const early = await app.inject({
    method: 'PUT',
    url: `/api/events/${future.id}/attendance`,
    headers: auth('ro-africa'),
    payload: { participants: 10, countries: 3 },
  });
  t.equal(early.statusCode, 409);
  t.match(early.json(), { code: 'figuresTooEarly', params: { start: '2024-05-06T06:00:00.000Z' } }, '409');

  const past = (await post({ ...workshopBody, start: '2024-03-05T09:00', end: '2024-03-05T17:00' })).json() as { id: string };
  const split = await app.inject({
    method: 'PUT',
    url: `/api/events/${past.id}/attendance`,
    headers: auth('ro-africa'),
    payload: { participants: 85, countries: 3, inPerson: 60, remote: 30 },
  });
  t.match(
    split.json(),
    {
      statusCode: 400,
      field: 'remote',
      code: 'figuresSplit',
      params: { parts: 90, participants: 85 },
      message: 'remote: participants in person plus online (90) is more than the total (85)',
    },
    'no field name in the sentence',
  );

  for (let i = 0; i < 3; i++) await post(workshopBody, { authorization: 'Bearer wrong.token' });
  const limited = await post(workshopBody, { authorization: 'Bearer wrong.token' });
  t.equal(limited.statusCode, 429);
  t.match(
    limited.json(),
    { code: 'tooManyFailures', params: { seconds: Number(limited.headers['retry-after']) } },
    '429, its wait the Retry-After',
  );

  const headers = auth('ro-africa');
  app.root.stores.db.$client.pragma('query_only = ON');
  const refused = await post(workshopBody, headers);
  app.root.stores.db.$client.pragma('query_only = OFF');
  t.equal(refused.statusCode, 503);
  t.match(refused.json(), { code: 'writesRefused', message: /its database refuses writes/ }, '503');
  t.equal(refused.headers['retry-after'], '60');

  const json = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...auth('ro-africa'), 'content-type': 'application/json' },
    payload: '{"title": ',
  });
  t.match(json.json(), { statusCode: 400, code: 'badJson' }, "Fastify's own refusal, with a code");
  t.match(
    (await app.inject({ method: 'POST', url: '/api/events', headers: { ...auth('ro-africa'), ...FORM }, payload: 'title=x' })).json(),
    { statusCode: 415, code: 'unsupportedMediaType' },
  );
});

t.test('a page says its problem through the catalog: in en-XA every word of it is wrapped in ⟦ ⟧', async (t) => {
  const clock = new TestClock(Date.parse('2024-04-01T08:00:00Z'));
  const { app, token } = await startApp(t, { demoData: false, pseudoLocale: true, clock: clock.read });
  /** The problem a page shows, in the role="alert" box. */
  const alertOf = (body: string) => /role="alert"[^>]*>[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '';

  const filter = await app.inject('/?region=mars&lang=en-XA');
  t.equal(filter.statusCode, 400);
  const said = alertOf(filter.body);
  // the field's name and the problem are each the catalog's, joined by the catalog's words
  t.match(said, /^⟦⟦ŕéĝîöñ⟧: ⟦&#39;mars&#39; îš ñöţ å ķñöŵñ ŕéĝîöñ⟧⟧$/, `a rule's problem: ${said}`);
  t.match(filter.body, '<html lang="en-XA"');
  t.equal((await app.inject('/?region=mars')).statusCode, 400);
  t.match(alertOf((await app.inject('/?region=mars')).body), 'region: &#39;mars&#39; is not a known region', 'in English without lang');

  const query = await app.inject('/?view=week&lang=en-XA');
  t.equal(query.statusCode, 400);
  t.match(
    alertOf(query.body),
    /^⟦⟦ṽîéŵ⟧: ⟦ɱûšţ ƀé öñé öƒ: list, month, upcoming, past⟧⟧$/,
    'a validation problem: the allowed values are data',
  );

  const form = await app.inject('/sign-in?lang=en-XA');
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const nonce = form.cookies.find((c) => c.name === 'sign_in')!.value;
  const wrong = await app.inject({
    method: 'POST',
    url: '/sign-in?lang=en-XA',
    headers: FORM,
    cookies: { sign_in: nonce },
    payload: `csrf=${encodeURIComponent(csrf)}&token=wrong.secret&next=%2Foffice`,
  });
  t.equal(wrong.statusCode, 401);
  t.match(alertOf(wrong.body), /^⟦Ţĥåţ ţöķéñ îš ñöţ ṽåľîđ: îţ îš ûñķñöŵñ, ɱîšţýþéđ öŕ ŕéṽöķéđ\.⟧/, 'the sign-in form');

  const stale = await app.inject({ method: 'POST', url: '/events/new?lang=en-XA', headers: FORM, payload: 'title=x' });
  t.equal(stale.statusCode, 401);
  t.match(alertOf(stale.body), /^⟦Ýöûŕ šéššîöñ ĥåš éñđéđ/, 'a refusal page of its own');

  // a form's problem beside its field, and the field named as people say it
  const past = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${token('ro-africa')}` },
    payload: { ...workshopBody, start: '2024-03-05T09:00', end: '2024-03-05T17:00' },
  });
  const { cookie, csrf: sessionCsrf } = await signInWith(app, token('ro-africa'));
  const figures = (fields: Record<string, string>, lang = '') =>
    app.inject({
      method: 'POST',
      url: `/events/${past.json().id}/attendance${lang}`,
      headers: FORM,
      cookies: { session: cookie },
      payload: new URLSearchParams({
        csrf: sessionCsrf,
        participants: '85',
        countries: '3',
        inPerson: '60',
        remote: '30',
        women: '',
        notes: '',
        ...fields,
      }).toString(),
    });
  const pseudo = await figures({}, '?lang=en-XA');
  t.equal(pseudo.statusCode, 400);
  t.match(
    pseudo.body,
    /<span class="field-problem" id="f-remote-problem">⟦þåŕţîçîþåñţš îñ þéŕšöñ þľûš öñľîñé \(90\) îš ɱöŕé ţĥåñ ţĥé ţöţåľ \(85\)⟧<\/span>/,
    'beside its field',
  );
  const plain = await figures({});
  t.match(
    plain.body,
    '>participants in person plus online (90) is more than the total (85)</span>',
    "in English: people's words, no inPerson",
  );
  t.notMatch(plain.body, /inPerson \+|\(body\)/, 'no name from the code in the sentence');
});
