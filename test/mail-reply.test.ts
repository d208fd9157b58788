/**
 * Replies reach a person, and the mail says what a person does, never an API route: Reply-To as
 * a real SMTP server receives it (smtp-server, read back with mailparser) with a plain MAIL_FROM,
 * the follow-up's link to the figures form, and every kind of mail in every language.
 */
import type { AddressObject, ParsedMail } from 'mailparser';
import t, { type Test } from 'tap';
import type { Office } from '../src/domain/reference.js';
import { occurrencesOf } from '../src/domain/recurrence.js';
import { REMINDER_RULES, RULE_KINDS, type ReminderRule } from '../src/domain/reminders.js';
import { LOCALES, translatorFor } from '../src/i18n/index.js';
import { buildReminderMessage, figuresLink, replyAddress } from '../src/mail/message.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

const FOCAL = 'focal@itu.example';
// as operators write it: a bare address, no name
const FROM = 'calendar@itu.example';

async function withSmtp(t: Test, start = '2027-10-01T08:00:00Z') {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const clock = new TestClock(Date.parse(start));
  const app = await startApp(t, { clock: clock.read, demoData: false, mail: { smtpUrl: smtp.url, tsbFocalPoint: FOCAL, from: FROM } });
  return { smtp, clock, ...app, dispatch: () => app.app.root.reminders.dispatcher.runOnce() };
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));
const recipientOf = (m: ParsedMail) => addresses(m.to)[0]!;

/** One October 2027 event per office (no holiday near it in Addis Ababa, Cairo or Geneva), reminded a day before. */
const eventOf = (office: string, region: string, timeZone: string, title: string) => ({
  ...workshopBody,
  title,
  office,
  region,
  groups: [],
  timeZone,
  start: '2027-10-12T10:00',
  end: '2027-10-12T12:00',
  reminders: ['P1D'],
  notify: ['secretariat@itu.example'],
});

t.test('replyAddress: the contact, else the first address; TSB: its focal point', async (t) => {
  const office = (fields: Partial<Office>) =>
    ({ id: 'ro-x', emails: ['first@itu.example', 'second@itu.example'], contact: null, ...fields }) as Office;
  t.equal(replyAddress(office({}), FOCAL), 'first@itu.example');
  t.equal(replyAddress(office({ contact: 'person@itu.example' }), FOCAL), 'person@itu.example');
  t.equal(replyAddress(office({ id: 'tsb', contact: 'someone@itu.example' }), FOCAL), FOCAL, 'TSB: the focal point, always');
  t.equal(replyAddress(undefined, FOCAL), undefined, 'an unknown office: no Reply-To rather than a wrong one');
  t.equal(replyAddress(office({ emails: [] }), FOCAL), undefined);
});

t.test('every reminder and cancellation carries Reply-To: the office contact, TSB focal point for TSB', async (t) => {
  const { smtp, clock, app, auth, dispatch } = await withSmtp(t);
  // an office with a contact of its own (set in the reference data, as TSB does from its page)
  const arab = app.root.services.reference.officesById.get('ro-arab-states') as Office;
  Object.assign(arab, { contact: 'events.arab@itu.example' });
  const create = (body: object, office: string) =>
    app
      .inject({ method: 'POST', url: '/api/events', headers: auth(office), payload: body })
      .then((r) => r.json() as { id: string; title: string });
  const africa = await create(eventOf('ro-africa', 'africa', 'Africa/Addis_Ababa', 'Africa workshop'), 'ro-africa');
  const cairo = await create(eventOf('ro-arab-states', 'arab-states', 'Africa/Cairo', 'Cairo workshop'), 'ro-arab-states');
  const tsb = await create(eventOf('tsb', 'europe', 'Europe/Zurich', 'TSB workshop'), 'tsb');

  clock.set('2027-10-11T12:00:00Z');
  t.match(await dispatch(), { sent: 9, failed: 0 }, 'three reminders an event: the office, the focal point, the notified address');
  for (const id of [africa.id, cairo.id, tsb.id])
    await app.inject({ method: 'POST', url: `/api/events/${id}/cancel`, headers: auth('tsb') });
  t.match(await dispatch(), { sent: 9, failed: 0 }, 'a cancellation to each address reminded');
  t.equal(smtp.received.length, 18);

  const expected: Record<string, string> = {
    'Africa workshop': 'ro-africa@example.org',
    'Cairo workshop': 'events.arab@itu.example',
    'TSB workshop': FOCAL,
  };
  for (const m of smtp.received) {
    const title = Object.keys(expected).find((k) => m.subject!.includes(k))!;
    const what = `${m.subject} to ${recipientOf(m)}`;
    t.same(addresses(m.replyTo), [expected[title]], `${what}: Reply-To ${expected[title]}`);
    t.same(addresses(m.from), [FROM], `${what}: From stays MAIL_FROM`);
    t.equal(m.headers.get('auto-submitted'), 'auto-generated', `${what}: Auto-Submitted stays`);
  }
  t.ok(
    smtp.received.some((m) => m.subject!.startsWith('Cancelled') && m.subject!.includes('Cairo')),
    'the cancellations are among them',
  );
  // the office's first address is the fallback, whatever its order of addresses to remind
  t.ok(smtp.received.filter((m) => m.subject!.includes('Africa')).every((m) => addresses(m.replyTo)[0] === 'ro-africa@example.org'));
});

t.test('the follow-up links straight to the figures form, in the reader language, and names no API route', async (t) => {
  const { smtp, clock, app, auth, dispatch, config } = await withSmtp(t);
  const create = (body: object, office: string) =>
    app.inject({ method: 'POST', url: '/api/events', headers: auth(office), payload: body }).then((r) => r.json() as { id: string });
  const africa = await create(
    { ...eventOf('ro-africa', 'africa', 'Africa/Addis_Ababa', 'Arusha workshop'), reminders: [], notify: [] },
    'ro-africa',
  );
  const cairo = await create(
    { ...eventOf('ro-arab-states', 'arab-states', 'Africa/Cairo', 'Cairo workshop'), reminders: [], notify: [] },
    'ro-arab-states',
  );
  // the days after the events: the first request for counts has gone out
  clock.set('2027-10-15T12:00:00Z');
  await dispatch();
  const followUps = smtp.received.filter((m) => m.headers.get('x-reminder-rule') === 'follow-up:1');
  t.equal(followUps.length, 2, 'one request for counts to each office');
  const africaMail = followUps.find((m) => m.subject!.includes('Arusha'))!;
  const form = `${config.publicBaseUrl}/events/${africa.id}/attendance`;
  t.match(africaMail.text, `Register the figures: ${form}`, 'the text part gives the form link');
  t.match(africaMail.html, `<a href="${form}"><strong>Register the participant figures</strong></a>`, 'the HTML part links it');
  t.notMatch(africaMail.text, '/api/');
  t.notMatch(africaMail.html, '/api/');
  // the Arab States read Arabic first: the Arabic form, then the English one below
  const cairoMail = followUps.find((m) => m.text!.includes('Cairo workshop'))!;
  t.match(cairoMail.text, `${config.publicBaseUrl}/ar/events/${cairo.id}/attendance`, 'the form in Arabic for the Arabic part');
  t.match(cairoMail.text, `${config.publicBaseUrl}/events/${cairo.id}/attendance`, 'and in English for the English part');
  t.notMatch(cairoMail.text, '/api/');
  t.notMatch(cairoMail.html, '/api/');
});

t.test('no mail names an API route: every kind, text, HTML and calendar, in every language', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const created = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, venue: { name: 'AICC', city: 'Arusha', country: 'Tanzania', virtual: true, url: 'https://zoom.us/j/1' } },
  });
  const event = app.root.stores.events.get(created.json().id)!;
  const [occurrence] = occurrencesOf(event);
  const rules: Record<(typeof RULE_KINDS)[number], ReminderRule[]> = {
    before: [REMINDER_RULES.before.example, { kind: 'before', offset: 'PT1H' }],
    'follow-up': [1, 2, 3].map((n) => ({ kind: 'follow-up', n })),
    cancellation: [REMINDER_RULES.cancellation.example],
  };
  t.same(Object.keys(rules).sort(), [...RULE_KINDS].sort(), 'every kind of rule there is');
  const ctx = { ...app.root.render, audience: 'staff' as const, mailFrom: FROM, replyTo: () => 'ro-africa@example.org' };
  let checked = 0;
  for (const kind of RULE_KINDS)
    for (const rule of rules[kind])
      for (const locale of LOCALES) {
        const languages = locale === 'en' ? [translatorFor('en')] : [translatorFor(locale), translatorFor('en')];
        const message = buildReminderMessage(
          { rule, recipient: 'ro-africa@example.org', recipientZone: 'Africa/Addis_Ababa', messageId: '<x@itu.example>' },
          event,
          occurrence!,
          ctx,
          languages,
        );
        const parts = { subject: message.subject, text: message.text, html: message.html, calendar: message.alternatives[0]!.content };
        for (const [part, content] of Object.entries(parts))
          t.notMatch(content, '/api/', `${kind} ${JSON.stringify(rule)} ${locale} ${part}`);
        if (kind === 'follow-up') t.match(message.text, figuresLink(event, { publicBaseUrl: ctx.publicBaseUrl, t: languages[0]! }));
        t.equal(message.replyTo, 'ro-africa@example.org');
        checked++;
      }
  t.equal(checked, 6 * 6, 'six rules in six languages');
});
