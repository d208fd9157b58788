/**
 * The reminder rules as values and their stored text. The text is part of every outbox key and
 * Message-ID, so the strings below are pinned: rows written by earlier versions must read back.
 */
import t from 'tap';
import { english } from '../src/i18n/index.js';
import { Dispatcher } from '../src/mail/dispatcher.js';
import {
  cancellationNotice,
  definitionOfText,
  formatRule,
  parseRule,
  REMINDER_RULES,
  RULE_KINDS,
  type ReminderRule,
} from '../src/domain/reminders.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

const stored: [string, ReminderRule][] = [
  ['before:P30D', { kind: 'before', offset: 'P30D' }],
  ['before:P7D', { kind: 'before', offset: 'P7D' }],
  ['before:PT1H', { kind: 'before', offset: 'PT1H' }],
  ['before:PT1M', { kind: 'before', offset: 'PT1M' }],
  ['before:P1DT12H', { kind: 'before', offset: 'P1DT12H' }],
  ['follow-up:1', { kind: 'follow-up', n: 1 }],
  ['follow-up:3', { kind: 'follow-up', n: 3 }],
  ['follow-up:12', { kind: 'follow-up', n: 12 }],
  ['cancellation', { kind: 'cancellation' }],
];

t.test('every kind formats to the text stored today, and parses back to the same rule', async (t) => {
  for (const [text, rule] of stored) {
    t.equal(formatRule(rule), text, `${rule.kind} formats to ${text}`);
    t.same(parseRule(text), rule, `${text} parses`);
    t.same(parseRule(formatRule(rule)), rule, `${text} round-trips`);
  }
  t.same(new Set(stored.map(([, rule]) => rule.kind)), new Set(RULE_KINDS), 'the cases cover every kind');
  for (const kind of RULE_KINDS) {
    const { example } = REMINDER_RULES[kind];
    t.same(parseRule(formatRule(example)), example, `the ${kind} example round-trips`);
  }
  t.same(
    cancellationNotice('Office@itu.example'),
    { occurrence: '', rule: 'cancellation', recipient: 'Office@itu.example' },
    'the key of a cancellation notice',
  );
});

t.test('a text no rule formats to is refused', async (t) => {
  const unknown = [
    '',
    'before',
    'before:',
    'before: P1D',
    'before:P1D ',
    'BEFORE:P1D',
    'after:P1D',
    'follow-up',
    'follow-up:',
    'follow-up:0',
    'follow-up:01',
    'follow-up:-1',
    'follow-up:1.5',
    'follow-up:x',
    'Cancellation',
    'cancellation:1',
    ' cancellation',
  ];
  for (const text of unknown) {
    t.equal(parseRule(text), undefined, JSON.stringify(text));
    t.equal(definitionOfText(text), undefined, `no definition for ${JSON.stringify(text)}`);
  }
});

t.test('the table has one entry for every kind, and only those', async (t) => {
  t.same(Object.keys(REMINDER_RULES).sort(), [...RULE_KINDS].sort());
  for (const kind of RULE_KINDS) {
    const definition = REMINDER_RULES[kind];
    t.ok(definition, kind);
    t.equal(definition.example.kind, kind, `the ${kind} example is a ${kind} rule`);
    t.ok(
      definition.supersededBy.every((k) => RULE_KINDS.includes(k)),
      `${kind} is superseded by known kinds only`,
    );
    t.match(english().t(`mail.subject.${kind}`, { title: 'T', day: 'D' }), /T.*D/, `the ${kind} mail has a subject`);
    t.ok(['REQUEST', 'CANCEL'].includes(definition.method));
  }
  t.equal(REMINDER_RULES.cancellation.planning, null, 'a cancellation notice is queued, never planned');
  t.equal(REMINDER_RULES.cancellation.method, 'CANCEL');
  t.same(REMINDER_RULES.cancellation.supersededBy, [], 'a cancellation notice is never superseded');
  const counted = {
    attendance: {
      participants: 40,
      countries: 12,
      countryCodes: null,
      inPerson: null,
      remote: null,
      women: null,
      notes: null,
      recordedBy: 'ro-africa',
      recordedAt: '2027-01-07T09:00:00.000Z',
    },
  };
  t.equal(REMINDER_RULES['follow-up'].obsolete(counted), 'participant counts were registered');
  t.equal(REMINDER_RULES['follow-up'].obsolete({ attendance: null }), undefined);
  t.equal(REMINDER_RULES.before.obsolete(counted), undefined, 'counts do not stop a reminder before');
});

t.test('a row whose rule is unknown is skipped, by the dispatcher and by planning, with the reason', async (t) => {
  const clock = new TestClock(Date.parse('2027-01-04T08:00:00Z'));
  const { app, auth, config } = await startApp(t, { clock: clock.read, demoData: false });
  const sqlite = app.root.stores.db.$client;
  const create = async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
    });
    t.equal(res.statusCode, 201);
    return res.json() as { id: string };
  };
  const rows = (id: string) =>
    sqlite
      .prepare("select rule, status, last_error as lastError from reminders where event_id = ? and rule not like 'follow-up%' order by id")
      .all(id);

  const sent = await create();
  sqlite.prepare("update reminders set rule = 'after:P1D' where event_id = ? and rule = 'before:P1D'").run(sent.id);
  // the outbox reads a stored rule once, as it claims the row: a text no rule formats to is no rule, so no message can be built for it
  t.equal(parseRule('after:P1D'), undefined, "'after:P1D' is not a reminder rule");
  clock.set('2027-01-05T06:00:00Z');
  // the planning before a batch would skip them first; this is the dispatcher's own check
  const { root } = app;
  const withoutPlanning = new Dispatcher({
    outbox: root.stores.outbox,
    events: root.stores.events,
    mailer: root.reminders.mailer,
    context: { ...root.render, audience: 'staff', mailFrom: config.mail.from },
    mail: config.mail,
    clock: clock.read,
    log: root.log,
  });
  t.match(await withoutPlanning.runOnce(), { sent: 0, skipped: 2 });
  t.match(rows(sent.id), [
    { rule: 'after:P1D', status: 'skipped', lastError: "its rule 'after:P1D' is not one this service knows" },
    { rule: 'after:P1D', status: 'skipped', lastError: "its rule 'after:P1D' is not one this service knows" },
  ]);

  clock.set('2027-01-04T08:00:00Z');
  const changed = await create();
  sqlite.prepare("update reminders set rule = 'after:P1D' where event_id = ? and rule = 'before:P1D'").run(changed.id);
  const patch = await app.inject({
    method: 'PATCH',
    url: `/api/events/${changed.id}`,
    headers: auth('ro-africa'),
    payload: { title: 'Renamed workshop' },
  });
  t.equal(patch.statusCode, 200);
  t.match(rows(changed.id), [
    { rule: 'after:P1D', status: 'skipped', lastError: "its rule 'after:P1D' is not one this service knows" },
    { rule: 'after:P1D', status: 'skipped', lastError: "its rule 'after:P1D' is not one this service knows" },
    { rule: 'before:P1D', status: 'pending' },
    { rule: 'before:P1D', status: 'pending' },
  ]);
});
