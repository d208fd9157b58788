import ICAL from 'ical.js';
import t from 'tap';
import type { Test } from 'tap';
import { buildReminderMessage } from '../src/mail/message.js';
import { translatorFor } from '../src/i18n/index.js';
import { occurrencesOf } from '../src/domain/recurrence.js';
import { parseRule } from '../src/domain/reminders.js';
import { asciiDigits } from '../src/ui/forms.js';
import { dumpData, signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

/*
 * An event's own texts in other languages: given through the API and the form, shown on pages,
 * in feeds, mails and reports in the reader's language, the original (marked with its language)
 * where there is none, and searched in every language.
 */

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

const french = { title: 'Atelier du SG13 sur les réseaux futurs', description: 'Une journée consacrée aux réseaux futurs.' };
const arabic = { title: 'ورشة عمل لجنة الدراسات 13 بشأن الشبكات المستقبلية' };

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read, demoData: false });
  const { app, auth } = started;
  const created = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, translations: { fr: french, ar: arabic } },
  });
  t.equal(created.statusCode, 201, created.body);
  const event = created.json() as { id: string; sequence: number; language: string; translations: unknown };
  return { ...started, clock, event };
}

const summaries = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => ({
    uid: v.getFirstPropertyValue('uid'),
    summary: v.getFirstPropertyValue('summary'),
    description: v.getFirstPropertyValue('description'),
  }));

t.test(
  'the API keeps the translations, refuses one in the event’s own language, and an edit in another order changes nothing',
  async (t) => {
    const { app, auth: authOf, event } = await setUp(t);
    const headers = authOf('ro-africa');
    const auth = (_office: string) => headers;
    t.equal(event.language, 'en', 'English unless said');
    t.same(event.translations, { ar: { title: arabic.title, description: null }, fr: french }, 'each language with its description said');

    const before = dumpData(app);
    const own = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: auth('ro-africa'),
      payload: { translations: { en: { title: 'Workshop' } } },
    });
    t.equal(own.statusCode, 400);
    t.equal(own.json().field, 'translations.en');
    t.match(own.json(), { code: 'translationInOwnLanguage', params: { language: 'en' } });
    t.match(own.json().message, 'own language');
    const unknown = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: auth('ro-africa'),
      payload: { translations: { de: { title: 'Workshop' } } },
    });
    t.equal(unknown.statusCode, 400, 'only the six languages');
    const bidi = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: auth('ro-africa'),
      payload: { translations: { fr: { title: 'Atelier \u202Eevil' } } },
    });
    t.equal(bidi.statusCode, 400);
    t.equal(bidi.json().field, 'translations.fr.title', 'a translation gets the text rules of the title');
    t.equal(dumpData(app), before, 'nothing written');

    const reordered = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: auth('ro-africa'),
      payload: { translations: { fr: { description: french.description, title: french.title }, ar: arabic } },
    });
    t.equal(reordered.statusCode, 200);
    t.equal(reordered.json().sequence, event.sequence, 'the same texts in another order: no change for the calendars');

    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: auth('ro-africa'),
      payload: { translations: { fr: { ...french, title: 'Atelier sur les réseaux futurs' } } },
    });
    t.equal(changed.statusCode, 200);
    t.ok(changed.json().sequence > event.sequence, 'a changed translation is a change calendars must take');
    const history = (await app.inject({ url: `/api/events/${event.id}/history`, headers: auth('ro-africa') })).json() as {
      action: string;
      changes: { field: string; from: unknown; to: unknown }[];
    }[];
    const last = history.at(-1)!;
    t.same(
      last.changes.map((c) => c.field).sort(),
      ['translations.ar.title', 'translations.fr.title'],
      'the history by language and text; the Arabic taken away (it had no description to take)',
    );
    t.same(
      last.changes.find((c) => c.field === 'translations.ar.title'),
      { field: 'translations.ar.title', from: arabic.title, to: null },
    );
  },
);

t.test('pages show the reader’s language where there is one, the original marked with its own otherwise', async (t) => {
  const { app, event } = await setUp(t);
  const page = async (url: string) => (await app.inject(url)).body;

  const fr = await page(`/fr/events/${event.id}`);
  t.match(fr, `<h1 dir="auto">${french.title}</h1>`, 'French on the French page, no lang of its own');
  t.match(fr, `<p class="description" dir="auto">${french.description}</p>`);
  t.match(fr, `href="/events/${event.id}.ics?lang=fr"`, 'its .ics in French');

  const ar = await page(`/events/${event.id}?lang=ar`);
  t.match(ar, `<h1 dir="auto">${arabic.title}</h1>`);
  t.match(ar, `<p class="description" dir="auto" lang="en">${workshopBody.description}</p>`, 'no Arabic description: the English, marked');

  const ru = await page(`/events/${event.id}?lang=ru`);
  t.match(ru, `<h1 dir="auto" lang="en">${workshopBody.title}</h1>`, 'no Russian: the original, marked English');

  const list = await page('/?lang=fr');
  t.match(list, `<h3 dir="auto"><a href="/events/${event.id}">${french.title}</a></h3>`, 'the list in French');
  const month = await page('/?view=month&month=2024-03&lang=ru');
  t.match(month, `dir="auto" lang="en">${workshopBody.title}</a>`, 'the month grid marks the original');
  const monthAr = await page('/?view=month&month=2024-03&lang=ar');
  t.match(monthAr, `dir="auto">${arabic.title}</a>`);
  t.notMatch(await page(`/events/${event.id}`), french.title, 'English readers see the original only');

  const ics = (await app.inject(`/events/${event.id}.ics?lang=fr`)).body;
  t.same(
    summaries(ics).map((v) => v.summary),
    [french.title],
    'the event’s .ics in French',
  );
});

t.test('feeds: one SUMMARY and DESCRIPTION in the feed’s language, the same UID in every language', async (t) => {
  const { app, auth, event } = await setUp(t);
  // without a page of its own, its link is the service's event page
  const patched = await app.inject({ method: 'PATCH', url: `/api/events/${event.id}`, headers: auth('ro-africa'), payload: { url: null } });
  t.equal(patched.statusCode, 200);
  const feed = async (lang: string) => (await app.inject(`/feeds/regions/africa.ics${lang ? `?lang=${lang}` : ''}`)).body;
  const [en, fr, ru] = [summaries(await feed('')), summaries(await feed('fr')), summaries(await feed('ru'))];
  t.equal(en.length, 1);
  t.same(
    fr.map((v) => v.uid),
    en.map((v) => v.uid),
    'the same UIDs',
  );
  t.equal(fr[0]!.summary, french.title);
  t.match(fr[0]!.description, french.description);
  t.notMatch(fr[0]!.description, workshopBody.description, 'the French description instead of the English');
  t.equal(en[0]!.summary, workshopBody.title);
  t.equal(ru[0]!.summary, workshopBody.title, 'no Russian text: the original');
  t.match(fr[0]!.description, `/fr/events/${event.id}`, 'the link opens the French page');
  const raw = await feed('fr');
  t.equal(raw.match(/^SUMMARY/gm)?.length, 1, 'one SUMMARY');
  t.notMatch(raw, /LANGUAGE=/, 'no LANGUAGE parameter');
});

t.test('search finds an event by any of its translations', async (t) => {
  const { app, auth, event } = await setUp(t);
  const found = async (q: string) =>
    ((await app.inject({ url: `/api/events?q=${encodeURIComponent(q)}`, headers: auth('tsb') })).json().items as { id: string }[]).map(
      (e) => e.id,
    );
  t.same(await found('RESEAUX FUTURS'), [event.id], 'French, without its accents');
  t.same(await found('الشبكات المستقبلية'), [event.id], 'Arabic');
  t.same(await found('consacrée'), [event.id], 'a translated description');
  t.same(await found('réseaux futurs et satellites'), [], 'not what it does not say');
  const page = (await app.inject(`/?q=${encodeURIComponent('réseaux')}&lang=fr`)).body;
  t.match(page, french.title, 'the page search too, shown in French');
});

t.test('mails: the title in the office’s first language, the original in the English part', async (t) => {
  const { app, event } = await setUp(t);
  const stored = app.root.stores.events.get(event.id)!;
  const ctx = { ...app.root.render, audience: 'staff' as const };
  const occurrence = occurrencesOf(stored)[0]!;
  const facts = {
    rule: parseRule('before:P7D')!,
    recipient: 'office@itu.example',
    recipientZone: 'Africa/Cairo',
    messageId: '<x@itu.example>',
  };
  const mail = buildReminderMessage(facts, stored, occurrence, { ...ctx, mailFrom: 'calendar@itu.example' }, [
    translatorFor('ar'),
    translatorFor('en'),
  ]);
  t.match(mail.subject, arabic.title, 'the Arabic subject has the Arabic title');
  const [first, second] = mail.text.split('――――――――――――――――――――');
  t.match(first, arabic.title);
  t.match(second, workshopBody.title, 'the English part has the original');
  t.match(mail.html, `<h1 style="font-size:1.2em" dir="auto">${arabic.title}</h1>`);
  const invitation = summaries(mail.alternatives[0]!.content);
  t.equal(invitation[0]!.summary, arabic.title, 'the invitation in the first language');
  const russian = buildReminderMessage(facts, stored, occurrence, { ...ctx, mailFrom: 'calendar@itu.example' }, [translatorFor('ru')]);
  t.match(russian.html, `<h1 style="font-size:1.2em" dir="auto" lang="en">${workshopBody.title}</h1>`, 'the original, marked');
});

t.test('the office form: a panel per language, saved through the API’s rules, nothing typed lost', async (t) => {
  const { app, token, event } = await setUp(t);
  const { cookie } = await signInWith(app, token('ro-africa'));
  const get = (url: string) => app.inject({ url, cookies: { session: cookie } });
  const form = await get(`/events/${event.id}/edit?lang=fr`);
  t.equal(form.statusCode, 200);
  for (const language of ['ar', 'es', 'fr', 'ru', 'zh'])
    t.match(form.body, `<fieldset class="translation" lang="${language}" data-tab-panel>`, `a panel for ${language}`);
  t.notMatch(form.body, 'lang="en" data-tab-panel', 'none for the event’s own language');
  t.match(form.body, `name="translations.fr.title" value="${french.title}"`, 'the French title to edit');
  t.match(form.body, '<option value="en" lang="en" selected>English</option>', 'the original’s language');

  // what a browser sends of the form's text fields and text areas, as they are filled
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const inputs = form.body.match(/<input type="(?:text|url|hidden|date|time)"[^>]*>/g)!.flatMap((input) => {
    const name = /name="([^"]+)"/.exec(input)?.[1];
    return name ? [[name, unescape(/value="([^"]*)"/.exec(input)?.[1] ?? '')]] : [];
  });
  const areas = [...form.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1]!, unescape(m[2]!)]);
  const fields = new URLSearchParams([...inputs, ...areas]);
  const post = (extra: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    body.set('csrf', csrfOf(form.body));
    body.set('kind', 'workshop');
    body.set('status', 'confirmed');
    body.set('office', 'ro-africa');
    body.set('region', 'africa');
    body.set('language', 'en');
    for (const [k, v] of Object.entries(extra)) body.set(k, v);
    return app.inject({
      method: 'POST',
      url: `/events/${event.id}/edit?lang=fr`,
      headers: FORM,
      cookies: { session: cookie },
      payload: body.toString(),
    });
  };
  const before = dumpData(app);
  const missing = await post({ 'translations.es.title': '', 'translations.es.description': 'Una jornada sobre redes futuras.' });
  t.equal(missing.statusCode, 400);
  t.match(missing.body, 'href="#f-translations"', 'the summary leads to the translations');
  t.equal(translatorFor('fr').fieldLabel('translations.es.title'), 'titre en espagnol', 'a translation’s field named with its language');
  t.equal(translatorFor('en').fieldLabel('translations.zh.description'), 'description in Chinese');
  t.match(missing.body, 'Una jornada sobre redes futuras.', 'what was typed is kept');
  t.match(missing.body, /id="f-translations-es-title"[^>]*aria-invalid="true"/, 'beside the Spanish title');
  t.equal(dumpData(app), before, 'nothing written');

  const saved = await post({
    'translations.es.title': 'Taller de la CE 13 sobre redes futuras',
    'translations.es.description': '',
    // as an Arabic keyboard types it
    'start.date': '٢٠٢٤-٠٣-٠٥',
  });
  t.equal(saved.statusCode, 303);
  const stored = app.root.stores.events.get(event.id)!;
  t.same(stored.translations.es, { title: 'Taller de la CE 13 sobre redes futuras', description: null });
  t.same(stored.translations.fr, french, 'the other languages kept');
  t.equal(stored.start, '2024-03-05T09:00', 'Arabic-Indic digits read as the same date');
  t.match((await app.inject(`/events/${event.id}?lang=es`)).body, '<h1 dir="auto">Taller de la CE 13 sobre redes futuras</h1>');
});

t.test('the figures form reads Arabic-Indic digits', async (t) => {
  t.equal(asciiDigits('١٢٠'), '120');
  t.equal(asciiDigits('۴۵'), '45', 'the Persian forms');
  t.equal(asciiDigits('1\u202F234'), '1234', 'a thin space between thousands');
  const { app, token, clock, event } = await setUp(t);
  clock.set('2024-03-06T08:00:00Z');
  const { cookie, csrf } = await signInWith(app, token('ro-africa'));
  const res = await app.inject({
    method: 'POST',
    url: `/events/${event.id}/attendance?lang=ar`,
    headers: FORM,
    cookies: { session: cookie },
    payload: new URLSearchParams({
      csrf,
      participants: '١٢٠',
      countries: '١٤',
      inPerson: '',
      remote: '',
      women: '٤٨',
      notes: '',
    }).toString(),
  });
  t.equal(res.statusCode, 303, res.body.slice(0, 300));
  const figures = app.root.stores.events.get(event.id)!.attendance!;
  t.same([figures.participants, figures.countries, figures.women], [120, 14, 48]);
});
