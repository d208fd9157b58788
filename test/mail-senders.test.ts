/**
 * MAIL_FROM as operators write it: a bare address (what most write), a name, a quoted name with a
 * comma and accents, an internationalised domain. The compiled service runs once per form against
 * an SMTP server in another process; what that server received is read back: the envelope, the
 * headers and the invitation's ORGANIZER, parsed by ical.js.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import t from 'tap';
import { unfold } from './support/ics.js';
import { childEnv, createDueEvent, outboxRows, SERVER, serviceFiles, startService, until } from './support/service.js';
import { startSmtpProcess, type SmtpDelivery } from './support/smtp.js';
import { tempDir } from './support/helpers.js';

interface Form {
  what: string;
  from: string;
  /** the From header's display name, '' for none */
  name: string;
  /** the address on the wire (From, MAIL FROM and mailto:): an internationalised domain in punycode */
  address: string;
  /** the same as a reader decodes it (smtp-server, mailparser): the domain in Unicode */
  readable: string;
  /** the organizer's CN, as ical.js reads it */
  cn: string;
}

const forms: Form[] = [
  {
    what: 'a bare address',
    from: 'calendar@itu.int',
    name: '',
    address: 'calendar@itu.int',
    readable: 'calendar@itu.int',
    cn: 'calendar@itu.int',
  },
  {
    what: 'a name',
    from: 'ITU-T events <calendar@itu.int>',
    name: 'ITU-T events',
    address: 'calendar@itu.int',
    readable: 'calendar@itu.int',
    cn: 'ITU-T events',
  },
  {
    what: 'a quoted name with a comma and accents',
    from: '"Union internationale des télécommunications, UIT-T" <calendar@itu.int>',
    name: 'Union internationale des télécommunications, UIT-T',
    address: 'calendar@itu.int',
    readable: 'calendar@itu.int',
    cn: 'Union internationale des télécommunications, UIT-T',
  },
  {
    what: 'a name with double quotes in it',
    from: '"The \\"regional\\" calendar" <calendar@itu.int>',
    name: 'The "regional" calendar',
    address: 'calendar@itu.int',
    readable: 'calendar@itu.int',
    cn: 'The "regional" calendar',
  },
  // the domain in Unicode is for people: the CN shows it so, the wire carries punycode
  {
    what: 'an internationalised domain',
    from: 'calendar@bücher.example',
    name: '',
    address: 'calendar@xn--bcher-kva.example',
    readable: 'calendar@bücher.example',
    cn: 'calendar@bücher.example',
  },
];

const calendarOf = (m: SmtpDelivery) => m.parsed.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');

t.test('every form of MAIL_FROM: each due reminder reaches the SMTP server once, from the sender, organized by it', async (t) => {
  const smtp = await startSmtpProcess(t, tempDir(t, 'itu-cal-smtp-'));
  // one service per form, side by side: each waits for its reminder to fall due
  const runs = await Promise.all(
    forms.map(async (form) => {
      const { databasePath, token, base } = serviceFiles(t);
      const service = await startService(t, { ...base, SMTP_URL: smtp.url, MAIL_FROM: form.from });
      const event = await createDueEvent(service, token, { dueInMs: 3000, title: `Sent from ${form.what}` });
      const rows = await until(
        `the reminders sent from ${form.what}`,
        () => {
          const mine = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
          return mine.length === 2 && mine.every((r) => r.status !== 'pending' && r.status !== 'sending') ? mine : null;
        },
        30_000,
      );
      await service.stop();
      return { form, rows, output: service.output() };
    }),
  );
  const deliveries = await smtp.deliveries();
  for (const { form, rows, output } of runs) {
    await t.test(form.what, async (t) => {
      t.same(
        rows.map((r) => [r.status, r.last_error]),
        [
          ['sent', null],
          ['sent', null],
        ],
        output,
      );
      const ids = rows.map((r) => r.message_id);
      const received = deliveries.filter((m) => ids.includes(m.parsed.messageId!));
      t.same(received.map((m) => m.parsed.messageId).sort(), [...ids].sort(), 'each reminder once, with the Message-ID the outbox shows');
      for (const m of received) {
        const row = rows.find((r) => r.message_id === m.parsed.messageId)!;
        t.match(
          m.envelope.mailFromCommand,
          new RegExp(`^MAIL FROM:<${form.address.replace(/[.]/g, '\\.')}>`),
          'MAIL FROM: the address, in ASCII on the wire',
        );
        t.notOk(m.envelope.utf8, 'no SMTPUTF8 needed');
        t.equal(m.envelope.mailFrom, form.readable, 'the address the server reads from it');
        t.same(m.envelope.rcptTo, [row.recipient], 'RCPT TO: the one recipient');
        const head = m.raw
          .toString('latin1')
          .split('\r\n\r\n')[0]!
          .replace(/\r\n[ \t]/g, ' ');
        t.notMatch(head, /[^\x00-\x7f]/, 'headers in ASCII (a name encoded, the domain in punycode)');
        t.match(head, new RegExp(`^From: .*<?${form.address.replace(/[.]/g, '\\.')}>?\r?$`, 'm'), 'From: the address in ASCII');
        t.same(
          m.parsed.from?.value,
          [{ address: form.readable, name: form.name }],
          'From: the address and the name, as mailparser decodes them',
        );
        t.same(m.parsed.to && !Array.isArray(m.parsed.to) ? m.parsed.to.value.map((a) => a.address) : null, [row.recipient]);
        const ics = calendarOf(m);
        const organizerLine = unfold(ics).find((l) => l.startsWith('ORGANIZER'))!;
        t.equal(organizerLine.split('"').length, 3, `one quoted CN, nothing breaking out of it: ${organizerLine}`);
        const organizer = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!.getFirstProperty('organizer')!;
        t.equal(organizer.getFirstValue(), `mailto:${form.address}`, 'ORGANIZER: mailto: the address, in ASCII');
        t.equal(organizer.getParameter('cn'), form.cn, 'CN: the name, or the address as people read it');
      }
    });
  }
  t.equal(deliveries.length, 2 * forms.length, 'nothing else arrived');
});

/** The compiled service started as `npm start` would, expected to stop before it listens. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: childEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

t.test('a MAIL_FROM that is not one address stops the start, naming MAIL_FROM', async (t) => {
  const dir = tempDir(t);
  const cases = [
    ['not an address', /MAIL_FROM must be one address.*got 'not an address': it holds no address/],
    ['calendar@itu.int, tsb@itu.int', /MAIL_FROM must be one address.*it holds 2 addresses, not one/],
    ['ITU-T events <>', /MAIL_FROM must be one address.*it holds no address/],
  ] as const;
  const runs = await Promise.all(cases.map(([from]) => refusedStart({ MAIL_FROM: from, DATABASE_PATH: path.join(dir, 'never.sqlite') })));
  for (const [i, [from, message]] of cases.entries()) {
    const run = runs[i]!;
    t.equal(run.code, 2, `'${from}': exit code 2`);
    t.match(run.out, message, `'${from}': ${run.out.trim()}`);
    t.notMatch(run.out, /\n\s+at /, 'no stack trace');
  }
  t.same(fs.readdirSync(dir), [], 'nothing created');
});
