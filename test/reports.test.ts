import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import type { AppConfig } from '../src/config.js';
import { runReportCommand } from '../src/cli/report.js';
import { neutralise, renderCsv } from '../src/reports/csv.js';
import { md } from '../src/reports/markdown.js';
import { previousPeriod, type ActivityReport, type ReportEvent } from '../src/reports/activity.js';
import { reportDates as reportDatesIn } from '../src/reports/dates.js';
import { english } from '../src/i18n/index.js';

const reportDates = (start: string, end: string) => reportDatesIn(english(), start, end);
import { demoEvents } from '../db/seed/demo-events.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-07-15T08:00:00Z'));
// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let config: AppConfig;
let tsb: { authorization: string };
t.before(async () => {
  const started = await startApp(t, { clock: clock.read });
  ({ app, config } = started);
  tsb = started.auth('tsb');
});
const report = async (query: string) => app.inject({ url: `/api/reports/activity?${query}` });

t.test('report dates read like the report to TSAG', async (t) => {
  t.equal(reportDates('2023-09-13', '2023-09-22'), '13 - 22 September 2023');
  t.equal(reportDates('2023-09-12', '2023-09-12'), '12 September 2023');
  t.equal(reportDates('2023-09-30', '2023-10-02'), '30 September - 2 October 2023');
  t.equal(reportDates('2023-12-30', '2024-01-02'), '30 December 2023 - 2 January 2024');
  t.equal(reportDates('2024-05-16T10:00', '2024-05-16T12:00'), '16 May 2024');
  t.same(previousPeriod('2023-09-01', '2024-06-30'), { from: '2022-11-01', to: '2023-08-31' });
});

t.test('the Markdown report lists the Africa events of September to November 2023 in date order', async (t) => {
  const res = await report('from=2023-09-01&to=2024-06-30&format=md');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/markdown/);
  const md = res.body;
  t.match(md, /^# ITU-T regional activity report\n\nPeriod: 1 September 2023 – 30 June 2024 \(all regions\)/);
  const africa = md.slice(md.indexOf('## Africa – ITU Regional Office for Africa'), md.indexOf('## Americas'));
  const bullets = africa.split('\n').filter((l) => l.startsWith('- '));
  const expected = demoEvents
    .filter((e) => e.region === 'africa' && e.start >= '2023-09-01' && e.start <= '2023-11-30')
    .sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title));
  t.ok(expected.length >= 10);
  const positions = expected.map((e) => bullets.findIndex((b) => b.includes(e.title.replace(/([\\`*_[\]<>#|])/g, '\\$1'))));
  t.notOk(positions.includes(-1), 'every one of them is listed');
  t.same(
    positions,
    [...positions].sort((a, b) => a - b),
    'in date order',
  );
  t.ok(
    bullets.some(
      (b) =>
        b ===
        '- ITU-T SG20: Internet of things (IoT) and smart cities and communities (SC&C) 13 - 22 September 2023, Arusha, Tanzania \\[SG20\\]',
    ),
  );
  t.match(africa, /Partners: /);
  t.match(md, /## Totals across regions\n\n\| Region \| Events \|/);
  for (const region of ['Africa', 'Americas', 'Arab States', 'Asia and the Pacific', 'Commonwealth of Independent States', 'Europe'])
    t.match(md, `## ${region}`);
});

t.test('totals equal the sum of the registered counts; the period before is compared', async (t) => {
  const figures = [
    ['demo-2023-09-13-sg20-arusha', 180, 31, 150, 30, 60],
    ['demo-2023-09-21-sg13rg-afr', 95, 22, null, null, 40],
    ['demo-2023-11-20-regional-cybersecurity-summit-africa', 210, 28, null, null, null],
  ] as const;
  for (const [id, participants, countries, inPerson, remote, women] of figures) {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/events/${id}/attendance`,
      headers: tsb,
      payload: { participants, countries, inPerson, remote, women },
    });
    t.equal(res.statusCode, 200);
  }
  const json = (await report('from=2023-09-01&to=2024-06-30&region=africa')).json();
  t.equal(json.regions.length, 1, 'one region asked for');
  const africa = json.regions[0];
  t.equal(africa.totals.participants, 180 + 95 + 210);
  t.equal(africa.totals.countryParticipations, 31 + 22 + 28);
  t.equal(africa.totals.withCounts, 3);
  t.equal(africa.totals.inPerson, 150);
  t.equal(africa.totals.women, 100);
  t.equal(africa.totals.events, africa.events.length);
  const kinds = africa.byKind.map((k: { kind: string }) => k.kind);
  t.ok(kinds.includes('meeting') && kinds.includes('summit'));
  t.equal(
    africa.byKind.reduce((n: number, k: { events: unknown[] }) => n + k.events.length, 0),
    africa.events.length,
    'every event in one kind',
  );
  t.equal(json.totals.participants, 485);
  // nothing registered before is not zero participants: the two are not compared
  t.match(json.comparison, { previousParticipants: null, participants: 'unknown' });
  // the next year has no Africa figures: not registered, not "0 participants", and not compared
  const next = (await report('from=2024-07-01&to=2025-04-29&region=africa')).json();
  t.equal(next.regions[0].totals.participants, null);
  t.match(next.regions[0].comparison, { previousParticipants: 485, participants: 'unknown' });
  const whole = (await report('from=2023-09-01&to=2024-06-30')).json();
  t.equal(whole.regions.length, 6);
  t.equal(
    whole.totals.participants,
    whole.regions.reduce((n: number, r: { totals: { participants: number } }) => n + r.totals.participants, 0),
  );
  t.ok(
    whole.regions.find((r: { region: { id: string } }) => r.region.id === 'europe').totals.participants >= 400,
    'Accessible Europe from the report',
  );
  const html = (await report('from=2023-09-01&to=2024-06-30&format=html')).body;
  t.match(html, /<html lang="en"/);
  t.match(html, /<svg[^>]+role="img"/, 'a chart made on the server');
  t.match(html, /Participants per region/);
  t.match(html, /Compared with 1 November 2022 – 31 August 2023/);
});

t.test('CSV: one row per event, and cells that would be formulas are neutralised', async (t) => {
  t.equal(neutralise('=HYPERLINK("http://evil")'), `'=HYPERLINK("http://evil")`);
  t.equal(neutralise('+1'), `'+1`);
  t.equal(neutralise('-2'), `'-2`);
  t.equal(neutralise('@SUM(A1)'), `'@SUM(A1)`);
  t.equal(neutralise('Plain'), 'Plain');
  const evil = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: {
      ...workshopBody,
      title: "=cmd|' /C calc'!A0",
      partners: ['@evil', '+plus'],
      start: '2024-02-01T09:00',
      end: '2024-02-01T10:00',
    },
  });
  t.equal(evil.statusCode, 201);
  const res = await report('from=2024-02-01&to=2024-02-01&format=csv&region=africa');
  t.match(res.headers['content-type'], /^text\/csv/);
  t.match(res.headers['content-disposition'], /attachment; filename="activity-2024-02-01-2024-02-01-africa.csv"/);
  const lines = res.body.trimEnd().split('\r\n');
  t.equal(
    lines[0],
    'region,kind,title,start,end,dates,venue,status,office,groups,partners,occurrences,participants,countries,in_person,remote,women,repeats,rrule,moved,skipped,visibility,country_codes',
  );
  const row = lines.find((l) => l.includes('calc'))!;
  t.match(row, /^africa,workshop,'=cmd\|' \/C calc'!A0,2024-02-01,/);
  t.match(row, /,'@evil; \+plus,/);
  t.notOk(
    lines.slice(1).some((l) => l.split(',').some((cell) => /^[=+\-@]/.test(cell))),
    'no cell starts a formula',
  );
});

t.test('CSV edges through csv-stringify: quotes, line breaks, numbers, full-width formulas', async (t) => {
  const event = (over: Partial<ReportEvent>): ReportEvent => ({
    id: 'x',
    title: 'T',
    kind: 'workshop',
    status: 'confirmed',
    visibility: 'public',
    start: '2024-02-01',
    end: '2024-02-01',
    dates: '1 February 2024',
    venue: 'virtual',
    office: '',
    groups: [],
    partners: [],
    occurrences: null,
    participants: null,
    countries: null,
    countryCodes: null,
    inPerson: null,
    remote: null,
    women: null,
    ...over,
  });
  const csv = (...events: ReportEvent[]) =>
    renderCsv(<ActivityReport>(<unknown>{ regions: [{ region: { id: 'africa', name: 'Africa' }, events }] }));
  const header =
    'region,kind,title,start,end,dates,venue,status,office,groups,partners,occurrences,participants,countries,in_person,remote,women,repeats,rrule,moved,skipped,visibility,country_codes\r\n';
  t.equal(csv(), header, 'no events: the header and its CRLF');
  const body = csv(
    event({ title: 'Say "hi", all' }),
    event({ title: 'two\nlines', venue: 'cr\ronly' }),
    event({ title: '=HYPERLINK("http://evil")', venue: '-5', inPerson: -5, remote: 0, participants: 12 }),
    event({ title: '＝1+1', venue: '\tx' }),
  );
  t.ok(body.startsWith(header), 'no BOM');
  t.ok(body.endsWith('\r\n') && !body.endsWith('\r\n\r\n'), 'one CRLF after the last row');
  const rows = body.slice(header.length).split('\r\n');
  t.equal(
    rows[0],
    'africa,workshop,"Say ""hi"", all",2024-02-01,2024-02-01,1 February 2024,virtual,confirmed,,,,,,,,,,,,,,public,',
    'quotes doubled, null cells empty',
  );
  t.match(rows[1], /^africa,workshop,"two\nlines",.*,"cr\ronly",/, 'a lone LF or CR is quoted too');
  t.match(
    rows[2],
    /^africa,workshop,"'=HYPERLINK\(""http:\/\/evil""\)",.*,'-5,confirmed,/,
    'the apostrophe inside the quotes; a text "-5" neutralised',
  );
  t.ok(rows[2]!.endsWith(',,12,,-5,0,,,,,,public,'), 'a negative number from a numeric field stays a number');
  t.match(rows[3], /^africa,workshop,'＝1\+1,.*,'\tx,/, 'full-width = and a leading tab neutralised');
  t.equal(rows[4], '');
});

t.test('CSV: a formula behind blanks is guarded too (spaces, tabs, NBSP, other Unicode spaces)', async (t) => {
  for (const blank of [' ', '   ', '\u00a0', '\u2003', '\u3000', '\u200b', ' \u00a0 ', '\ufeff']) {
    for (const sign of ['=', '+', '-', '@', '＝']) {
      t.equal(
        neutralise(`${blank}${sign}HYPERLINK("http://evil")`),
        `'${blank}${sign}HYPERLINK("http://evil")`,
        JSON.stringify(`${blank}${sign}`),
      );
    }
  }
  for (const plain of ['Plain', ' Plain', '\u00a0Arusha', 'a = b', 'R&D - phase 2', ''])
    t.equal(neutralise(plain), plain, JSON.stringify(plain));
  const csv = renderCsv(<ActivityReport>(<unknown>{
    regions: [
      {
        region: { id: 'africa', name: 'Africa' },
        events: [{ title: '\u00a0=1+1', kind: 'workshop', groups: [], partners: [' @x'], participants: -3 }],
      },
    ],
  }));
  const row = csv.split('\r\n')[1]!;
  t.match(row, /^africa,workshop,'\u00a0=1\+1,/, 'in the rendered row');
  t.match(row, /,' @x,/, 'and in a list of partners');
  t.match(row, /,-3,/, 'a number stays a number');
});

t.test('Markdown escapes what would turn text into markup, and no more', async (t) => {
  const cases: [string, string][] = [
    ['1. Forum', '1\\. Forum'],
    ['2024) Regional forum', '2024\\) Regional forum'],
    ['- Forum', '\\- Forum'],
    ['+ Forum', '\\+ Forum'],
    ['Forum 1. of 2', 'Forum 1. of 2'],
    ['ITU-T SG13 - Africa', 'ITU-T SG13 - Africa'],
    ['-5 degrees', '-5 degrees'],
    ['~~gone~~', '\\~\\~gone\\~\\~'],
    ['~old~ new', '\\~old\\~ new'],
    ['~40 participants', '~40 participants'],
    ['R&D', 'R&D'],
    ['AT&amp;T', 'AT\\&amp;T'],
    ['&#169; ITU', '&\\#169; ITU'],
    ['&#x41;', '&\\#x41;'],
    ['*bold* _it_ `code` [link](x) <b> # | \\', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\> \\# \\| \\\\'],
    ['Genève – 東京 (hybrid), 3.5 days!', 'Genève – 東京 (hybrid), 3.5 days!'],
  ];
  for (const [text, escaped] of cases) t.equal(md(text), escaped, text);
  // in the report itself: an event whose title starts like a list stays one item of the region's list
  const listed = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: { ...workshopBody, title: '1. Regional forum & AT&amp;T ~~draft~~', start: '2024-02-02T09:00', end: '2024-02-02T10:00' },
  });
  t.equal(listed.statusCode, 201);
  const body = (await report('from=2024-02-02&to=2024-02-02&format=md&region=africa')).body;
  t.match(body, /\n- 1\\\. Regional forum & AT\\&amp;T \\~\\~draft\\~\\~ 2 February 2024/);
});

t.test('bad periods are refused', async (t) => {
  for (const [query, field] of <[string, string][]>[
    ['to=2024-01-01', 'from'],
    ['from=2024-01-01', 'to'],
    ['from=2024-02-01&to=2024-01-01', 'to'],
    ['from=2020-01-01&to=2024-12-31', 'to'],
    ['from=2024-01-01&to=2024-02-30', 'to'],
    ['from=2024-01-01&to=2024-02-01&format=pdf', 'format'],
    ['from=2024-01-01&to=2024-02-01&region=mars', 'region'],
  ]) {
    const res = await report(query);
    t.equal(res.statusCode, 400, query);
    t.equal(res.json().field, field, query);
  }
});

t.test('npm run report prints the report', async (t) => {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_PATH: config.databasePath };
  t.equal(
    runReportCommand(
      ['--from', '2023-09-01', '--to', '2024-06-30', '--format', 'md'],
      env,
      (s) => out.push(s),
      (s) => err.push(s),
    ),
    0,
  );
  t.match(out.join(''), /## Africa – ITU Regional Office for Africa\n\n- /);
  t.match(out.join(''), /485 participants/, 'the counts registered through the API');
  out.length = 0;
  t.equal(
    runReportCommand(
      ['--from', '2023-09-01', '--to', '2024-06-30', '--region', 'europe', '--format', 'csv'],
      env,
      (s) => out.push(s),
      (s) => err.push(s),
    ),
    0,
  );
  t.ok(
    out
      .join('')
      .split('\r\n')
      .slice(1, -1)
      .every((l) => l.startsWith('europe,')),
  );
  for (const args of [
    [],
    ['--from', '2023-09-01'],
    ['--from', '2023-09-01', '--to', 'June'],
    ['--from', 'x', '--to', '2024-01-01'],
    ['--from', '2023-09-01', '--to', '2024-06-30', '--region', 'mars'],
    ['--from', '2023-09-01', '--to', '2024-06-30', '--format', 'pdf'],
  ]) {
    t.equal(
      runReportCommand(
        args,
        env,
        (s) => out.push(s),
        (s) => err.push(s),
      ),
      2,
      args.join(' '),
    );
  }
  t.match(err.at(-1), /--format must be one of json, md, html, csv\nUsage: npm run report/);
  t.equal(
    runReportCommand(
      ['--from', '2024-06-30', '--to', '2023-09-01'],
      env,
      (s) => out.push(s),
      (s) => err.push(s),
    ),
    2,
  );
  t.equal(err.at(-1), '--to 2023-09-01 is before the first day, 2024-06-30', 'the option, then the problem');
  t.equal(path.isAbsolute(config.databasePath), true);
});
