import t, { type Test } from 'tap';
import { clashReason, findClashes, MAX_WARNINGS, occurrenceDays, type Clash } from '../src/domain/clashes.js';
import { HttpProblem } from '../src/http-problem.js';
import { PSEUDO_LOCALE } from '../src/i18n/index.js';
import { PSEUDO_CLOSE, PSEUDO_OPEN } from '../src/i18n/pseudo.js';
import { dumpData, signInWith, startApp, TestClock } from './support/helpers.js';
import { visibleText } from './support/text.js';

// Warnings before a collision (issue 23, point 4): what an event collides with, through the
// service as a page calls it and through the API, on a database without the demo events so that
// every warning is one a test made. Nothing is ever refused for a warning.

const CAIRO = { office: 'ro-arab-states', tokenId: null };

interface Warning {
  code: string;
  occurrence: string | null;
  params: Record<string, string | number | boolean>;
  message: string;
}

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2026-12-01T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read, demoData: false });
  const { app } = started;
  const { root } = app;
  const auth = started.auth('tsb');
  /** Creates an event through the API (as TSB, who may organize for any office): the reply with its warnings. */
  const create = async (body: Record<string, unknown>) => {
    const reply = await app.inject({ method: 'POST', url: '/api/events', headers: auth, payload: body });
    t.equal(reply.statusCode, 201, `created: ${String(body.title)}`);
    return reply.json() as { id: string; warnings: Warning[]; moreWarnings: number };
  };
  const clashes = (query: string, headers: Record<string, string> = auth) =>
    app.inject({ method: 'GET', url: `/api/clashes?${query}`, headers });
  return { app, root, auth, create, clashes, service: root.services.clashes, events: root.services.events };
}

const cairoWorkshop = {
  title: 'Regional workshop on digital financial services security',
  kind: 'workshop',
  office: 'ro-arab-states',
  region: 'arab-states',
  groups: ['dfs-security-lab'],
  venue: { name: 'Smart Village', city: 'Cairo', country: 'Egypt' },
  timeZone: 'Africa/Cairo',
  start: '2027-01-12',
  end: '2027-01-13',
};

const cairoCall = {
  title: 'Cairo coordination call',
  kind: 'coordination-call',
  visibility: 'internal',
  office: 'ro-arab-states',
  region: 'arab-states',
  venue: { virtual: true, url: 'https://meet.example.org/cairo' },
  timeZone: 'Africa/Cairo',
  start: '2027-01-12T11:00',
  end: '2027-01-12T12:00',
};

const ofEvent = (warnings: Warning[], id: string) => warnings.filter((w) => w.params.event === id);

t.test('a coordination call saved on the first day of a two-day Cairo workshop is warned of it, and saved', async (t) => {
  const { app, create, root, auth } = await setUp(t);
  const workshop = await create(cairoWorkshop);
  t.same(workshop.warnings, [], 'the workshop alone collides with nothing');
  const call = await create(cairoCall);
  t.match(call.warnings, [
    {
      code: 'sameOffice',
      occurrence: null,
      params: { event: workshop.id, title: cairoWorkshop.title, first: '2027-01-12', last: '2027-01-13', days: 0 },
      message: `${cairoWorkshop.title} (Tue, 12 Jan – Wed, 13 Jan 2027), organized by the same office: on the same days`,
    },
  ]);
  t.equal(call.warnings.length, 1, 'nothing else: no Egyptian holiday on 12 January');
  t.equal(call.moreWarnings, 0);
  // nothing refused: the database has the call
  t.equal(root.services.events.get(call.id).title, 'Cairo coordination call', 'saved all the same');
  t.equal((await app.inject({ url: `/api/events/${call.id}`, headers: auth })).statusCode, 200);

  // the workshop, changed, is warned of the call, never of itself
  const changed = await app.inject({
    method: 'PATCH',
    url: `/api/events/${workshop.id}`,
    headers: { authorization: `Bearer ${root.stores.tokens.create('ro-arab-states', 't', '2026-12-01T08:00:00Z').token}` },
    payload: { title: 'Regional DFS security workshop' },
  });
  t.equal(changed.statusCode, 200);
  const warnings = changed.json().warnings as Warning[];
  t.same(
    warnings.map((w) => [w.code, w.params.event]),
    [['sameOffice', call.id]],
    'the call, not the workshop itself',
  );
  t.equal(warnings[0]!.message, 'Cairo coordination call (Tue, 12 Jan 2027), organized by the same office: on the same days');
});

t.test('two meetings of one regional group in a week; its study group’s own meeting and TSAG’s anywhere', async (t) => {
  const { create } = await setUp(t);
  const tunis = await create({
    title: 'SG5RG-ARB meeting',
    kind: 'meeting',
    office: 'ro-arab-states',
    region: 'arab-states',
    groups: ['sg5rg-arb'],
    venue: { city: 'Tunis', country: 'Tunisia' },
    timeZone: 'Africa/Tunis',
    start: '2027-04-05',
    end: '2027-04-06',
  });
  // another office and region, online, the same regional group, two days after
  const online = await create({
    title: 'SG5RG-ARB e-meeting',
    kind: 'meeting',
    office: 'tsb',
    region: 'europe',
    groups: ['sg5rg-arb'],
    venue: { virtual: true, url: 'https://meet.example.org/sg5' },
    timeZone: 'Europe/Zurich',
    start: '2027-04-08T14:00',
    end: '2027-04-08T16:00',
  });
  t.match(
    ofEvent(online.warnings, tunis.id),
    [{ code: 'sameGroup', params: { group: 'sg5rg-arb', days: 2 } }],
    'the same regional group, two days apart',
  );
  t.match(online.warnings[0]!.message, /an event of SG5RG-ARB: 2 days apart$/);

  // SG5 itself meets in Geneva the same week: a regional event of SG5 is warned, and SG5's meeting of it
  const geneva = await create({
    title: 'SG5 meeting',
    kind: 'meeting',
    office: 'tsb',
    region: 'europe',
    groups: ['sg5'],
    venue: { name: 'ITU headquarters', city: 'Geneva', country: 'Switzerland' },
    timeZone: 'Europe/Zurich',
    start: '2027-04-07',
    end: '2027-04-09',
  });
  t.match(ofEvent(geneva.warnings, tunis.id), [{ code: 'sameGroup', params: { group: 'sg5rg-arb', days: 1 } }]);
  const tsag = await create({
    title: 'TSAG meeting',
    kind: 'meeting',
    office: 'tsb',
    region: 'europe',
    groups: ['tsag'],
    venue: { city: 'Geneva', country: 'Switzerland' },
    timeZone: 'Europe/Zurich',
    start: '2027-04-02',
    end: '2027-04-03',
  });
  t.match(
    ofEvent(tsag.warnings, tunis.id),
    [{ code: 'regionalGroupEvent', params: { group: 'sg5rg-arb', days: 2 } }],
    'TSAG is warned of a regional group',
  );
  const regional = await create({
    title: 'SG5RG-ARB workshop',
    kind: 'workshop',
    office: 'ro-arab-states',
    region: 'arab-states',
    groups: ['sg5rg-arb'],
    venue: { city: 'Tunis', country: 'Tunisia' },
    timeZone: 'Africa/Tunis',
    start: '2027-04-04',
    end: '2027-04-04',
  });
  t.same(ofEvent(regional.warnings, geneva.id), [], 'three days apart: no warning');
  t.match(ofEvent(regional.warnings, tsag.id), [{ code: 'tsagMeeting', params: { days: 1 } }], 'TSAG the day before');
  t.match(regional.warnings.find((w) => w.params.event === tsag.id)!.message, /a meeting of TSAG: 1 day apart$/);
  t.match(ofEvent(regional.warnings, tunis.id), [{ code: 'sameGroup', params: { days: 1 } }]);
  t.match(ofEvent(regional.warnings, online.id), [], 'four days: no');
  const sgMeeting = await create({
    title: 'SG5RG-ARB second workshop',
    kind: 'workshop',
    office: 'ro-arab-states',
    region: 'arab-states',
    groups: ['sg5rg-arb'],
    venue: { city: 'Tunis', country: 'Tunisia' },
    timeZone: 'Africa/Tunis',
    start: '2027-04-11',
    end: '2027-04-11',
  });
  t.match(
    ofEvent(sgMeeting.warnings, geneva.id),
    [{ code: 'studyGroupMeeting', params: { group: 'sg5', days: 2 } }],
    "the study group's own meeting, in Geneva",
  );
  t.match(sgMeeting.warnings.find((w) => w.params.event === geneva.id)!.message, /a meeting of SG5 itself: 2 days apart$/);
});

t.test('a workshop in Cairo on Eid al-Fitr 2027: each day a holiday, marked predicted', async (t) => {
  const { create, service, root } = await setUp(t);
  const eid = await create({ ...cairoWorkshop, title: 'Workshop on Eid', start: '2027-03-10', end: '2027-03-11' });
  t.match(eid.warnings, [
    { code: 'holiday', occurrence: null, params: { date: '2027-03-10', country: 'EG', predicted: true } },
    { code: 'holiday', occurrence: null, params: { date: '2027-03-11', country: 'EG', predicted: true } },
  ]);
  t.equal(eid.warnings.length, 2);
  t.equal(
    eid.warnings[0]!.message,
    'Wed, 10 Mar 2027: End of Ramadan (Eid al-Fitr), a public holiday in Egypt (predicted: the date may move by a day)',
  );
  // in Arabic, through the service as the page calls it: the holiday's own name
  const report = service.ofEvent(root.services.events.get(eid.id), { audience: 'staff', language: 'ar' });
  t.match(report.clashes, [{ kind: 'holiday', name: 'عيد الفطر', predicted: true }, { kind: 'holiday' }]);

  // an online-only event has its organizing office's country; a venue to be confirmed has none
  const online = await create({ ...cairoCall, title: 'Online on Eid', start: '2027-03-09T10:00', end: '2027-03-09T11:00' });
  t.match(
    online.warnings.filter((w) => w.code === 'holiday'),
    [{ params: { date: '2027-03-09', country: 'EG' } }],
  );
  const unknown = await create({
    ...cairoWorkshop,
    office: 'ro-cis',
    region: 'cis',
    title: 'TBC',
    venue: undefined,
    start: '2027-03-10',
    end: '2027-03-10',
  });
  t.same(unknown.warnings, [], 'no venue yet: no host country, and nothing else in the CIS');
  // a fixed holiday is not predicted
  const national = await create({
    ...cairoWorkshop,
    office: 'ro-cis',
    region: 'cis',
    title: 'On 25 January',
    start: '2027-01-25',
    end: '2027-01-25',
  });
  t.match(national.warnings, [
    { code: 'holiday', params: { predicted: false } },
    { code: 'holiday', params: { predicted: false } },
  ]);
  t.notMatch(national.warnings[0]!.message, /predicted/);
});

t.test('a recurring call warns for each occurrence that collides, and no more than the cap', async (t) => {
  const { create, root } = await setUp(t);
  const base = {
    kind: 'workshop',
    office: 'ro-cis',
    region: 'cis',
    venue: { city: 'Almaty', country: 'Kazakhstan' },
    timeZone: 'Asia/Almaty',
  };
  const forum = await create({ ...base, title: 'Regional forum', start: '2027-05-11', end: '2027-05-12' });
  const training = await create({ ...base, title: 'Training', start: '2027-05-24', end: '2027-05-24' });
  const call = await create({
    ...base,
    title: 'Weekly call',
    kind: 'coordination-call',
    venue: { virtual: true, url: 'https://meet.example.org/cis' },
    timeZone: 'Europe/Moscow',
    start: '2027-05-03T10:00',
    end: '2027-05-03T11:00',
    recurrence: 'FREQ=WEEKLY;COUNT=4',
  });
  t.same(
    call.warnings.filter((w) => w.code !== 'holiday').map((w) => [w.occurrence, w.code, w.params.event, w.params.days]),
    [
      ['2027-05-10', 'sameOffice', forum.id, 1],
      ['2027-05-24', 'sameOffice', training.id, 0],
    ],
    'the occurrences of 10 and 24 May; not those of 3 and 17 May',
  );
  t.match(
    call.warnings.find((w) => w.params.event === forum.id)!.message,
    /^Occurrence of Mon, 10 May 2027: Regional forum \(Tue, 11 May – Wed, 12 May 2027\), organized by the same office: 1 day apart$/,
  );

  // a daily call through a six-week exhibition: the first MAX_WARNINGS, the rest counted
  await create({ ...base, title: 'Exhibition', start: '2027-06-01', end: '2027-07-15' });
  const daily = await create({
    ...base,
    title: 'Daily call',
    kind: 'coordination-call',
    venue: { virtual: true },
    start: '2027-06-01T09:00',
    end: '2027-06-01T09:30',
    recurrence: 'FREQ=DAILY;COUNT=40',
  });
  t.equal(daily.warnings.length, MAX_WARNINGS);
  // online only: the organizing office's country's holidays (Russia Day, 12 June), one a day of the 40
  const holidays = root.services.holidays.between('RU', '2027-06-01', '2027-07-10');
  t.ok(
    holidays.some((h) => h.date === '2027-06-12'),
    'Russia Day is in',
  );
  t.equal(daily.moreWarnings, 40 + holidays.length - MAX_WARNINGS, 'the rest counted');
  t.same(
    daily.warnings.slice(0, 3).map((w) => w.occurrence),
    ['2027-06-01', '2027-06-02', '2027-06-03'],
    'by occurrence',
  );
});

t.test('within two days yes, three days apart no; other regions and groups no; a cancelled event no', async (t) => {
  const { create, root, app } = await setUp(t);
  const base = {
    kind: 'workshop',
    office: 'ro-africa',
    region: 'africa',
    venue: { city: 'Nairobi', country: 'KE' },
    timeZone: 'Africa/Nairobi',
  };
  const monday = await create({ ...base, title: 'Monday', start: '2027-09-06', end: '2027-09-06' });
  const wednesday = await create({ ...base, title: 'Wednesday', start: '2027-09-08', end: '2027-09-08' });
  t.match(ofEvent(wednesday.warnings, monday.id), [{ code: 'sameOffice', params: { days: 2 } }], 'two days: a warning');
  const thursday = await create({
    ...base,
    office: 'ao-dakar',
    title: 'Thursday',
    venue: { city: 'Dakar', country: 'Senegal' },
    timeZone: 'Africa/Dakar',
    start: '2027-09-09',
    end: '2027-09-09',
  });
  t.same(ofEvent(thursday.warnings, monday.id), [], 'three days: none');
  t.match(
    ofEvent(thursday.warnings, wednesday.id),
    [{ code: 'sameRegion', params: { days: 1 } }],
    'another office of the region: the region',
  );
  const elsewhere = await create({
    ...base,
    title: 'Elsewhere',
    office: 'ro-americas',
    region: 'americas',
    groups: ['bsg'],
    venue: { city: 'Brasilia', country: 'Brazil' },
    timeZone: 'America/Sao_Paulo',
    start: '2027-09-06',
    end: '2027-09-08',
  });
  t.same(
    elsewhere.warnings.filter((w) => w.code !== 'holiday'),
    [],
    'another region, office and group on the same days: no event',
  );
  t.match(elsewhere.warnings, [{ code: 'holiday', params: { date: '2027-09-07', country: 'BR' } }], 'but Brazil’s Independence Day');

  // cancelled: no longer a warning
  const cancelled = await app.inject({
    method: 'POST',
    url: `/api/events/${monday.id}/cancel`,
    headers: { authorization: `Bearer ${root.stores.tokens.create('tsb', 't', '2026-12-01T08:00:00Z').token}` },
  });
  t.equal(cancelled.statusCode, 200);
  const again = root.services.clashes.ofEvent(root.services.events.get(wednesday.id), { audience: 'staff', language: 'en' });
  t.same(
    again.clashes.filter((c) => c.kind !== 'holiday' && c.other.id === monday.id),
    [],
    'the cancelled event is no collision',
  );
  t.same(
    root.services.clashes.ofEvent(root.services.events.get(monday.id), { audience: 'staff', language: 'en' }).clashes,
    [],
    'nor has one',
  );
});

t.test(
  'GET /api/clashes checks a draft without saving it, refuses bad input naming the field, and tells the public nothing of internal events',
  async (t) => {
    const { app, create, clashes } = await setUp(t);
    const workshop = await create(cairoWorkshop);
    const call = await create(cairoCall);
    const before = dumpData(app);
    const draft = 'start=2027-01-13T10:00&end=2027-01-13T11:00&timeZone=Africa/Cairo&office=ro-arab-states&virtual=true';
    const staff = await clashes(draft);
    t.equal(staff.statusCode, 200);
    t.same(
      (staff.json().warnings as Warning[]).map((w) => [w.code, w.params.event]),
      [
        ['sameOffice', workshop.id],
        ['sameOffice', call.id],
      ],
    );
    const anyone = await clashes(draft, {});
    t.same(
      (anyone.json().warnings as Warning[]).map((w) => w.params.event),
      [workshop.id],
      'without a token, the internal call is not named, nor counted',
    );
    t.equal(anyone.json().moreWarnings, 0);
    t.notMatch(anyone.body, /coordination call|Cairo coordination/);
    // an edit: the event does not collide with itself
    const edit = await clashes(`start=2027-01-12&end=2027-01-13&office=ro-arab-states&country=Egypt&except=${workshop.id}`);
    t.same(
      (edit.json().warnings as Warning[]).map((w) => w.params.event),
      [call.id],
    );
    // the draft of a series, with its groups and kind
    const series = await clashes(
      'start=2027-01-05&end=2027-01-05&office=ro-arab-states&country=EG&recurrence=FREQ=WEEKLY;COUNT=3&groups=sg5rg-arb&kind=meeting',
    );
    t.same(
      (series.json().warnings as Warning[]).map((w) => [w.occurrence, w.params.event ?? w.params.date]),
      [
        ['2027-01-12', workshop.id],
        ['2027-01-12', call.id],
      ],
    );
    t.equal(dumpData(app), before, 'nothing saved');

    for (const [query, field] of [
      ['end=2027-01-13&office=ro-arab-states', 'start'],
      ['start=2027-01-13&end=2027-01-13', 'office'],
      ['start=2027-01-13&end=2027-01-13&office=ro-nowhere', 'office'],
      ['start=2027-13-13&end=2027-01-13&office=ro-arab-states', 'start'],
      ['start=2027-01-13&end=2027-01-12&office=ro-arab-states', 'end'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&timeZone=Mars/Olympus', 'timeZone'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&region=atlantis', 'region'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&groups=sg99', 'groups'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&groups=SG5', 'groups'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&country=Atlantis', 'country'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&virtual=maybe', 'virtual'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&recurrence=FREQ=WEEKLY', 'recurrence'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&except=no-such-event', 'except'],
      [`start=2027-01-13&end=2027-01-13&office=ro-arab-states&except=${call.id}`, 'except'],
      ['start=2027-01-13&end=2027-01-13&office=ro-arab-states&colour=red', 'colour'],
    ] as const) {
      const reply = await clashes(query, {});
      t.equal(reply.statusCode, 400, `${query}: 400`);
      t.equal(reply.json().field, field, `${query}: names ${field}`);
    }
    t.equal(
      (await clashes(`start=2027-01-13&end=2027-01-13&office=ro-arab-states&except=${call.id}`)).statusCode,
      200,
      'staff may name an internal event',
    );
    t.equal(dumpData(app), before, 'still nothing saved');
  },
);

t.test('the service refuses what a save would, and a page’s draft of an edit keeps the series’ exceptions', async (t) => {
  const { service, events, create } = await setUp(t);
  const thrown = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof HttpProblem) return error;
      throw error;
    }
    return undefined;
  };
  t.match(
    thrown(() => service.ofInput({ ...cairoWorkshop, start: 'soon' }, { audience: 'staff', language: 'en' })),
    { statusCode: 400, field: 'start' },
  );
  t.match(
    thrown(() => service.ofInput({ ...cairoWorkshop, venue: {} }, { audience: 'staff', language: 'en' })),
    { statusCode: 400, field: 'venue' },
  );
  const workshop = await create(cairoWorkshop);
  const series = await create({ ...cairoCall, start: '2027-01-05T11:00', end: '2027-01-05T12:00', recurrence: 'FREQ=WEEKLY;COUNT=3' });
  t.match(series.warnings, [{ occurrence: '2027-01-12', params: { event: workshop.id } }]);
  events.changeOccurrence(CAIRO, series.id, '2027-01-12', { cancelled: true });
  const saved = events.get(series.id);
  const draft = { ...cairoCall, start: '2027-01-05T11:00', end: '2027-01-05T12:00', recurrence: 'FREQ=WEEKLY;COUNT=3', title: 'Renamed' };
  t.same(
    service.ofInput(draft, { audience: 'staff', language: 'en', except: saved }).clashes,
    [],
    'the skipped occurrence collides no more',
  );
  t.same(service.ofEvent(saved, { audience: 'staff', language: 'en' }).clashes, []);
  t.match(
    service.ofInput({ ...draft, start: '2027-01-05T12:00', end: '2027-01-05T13:00' }, { audience: 'staff', language: 'en', except: saved })
      .clashes,
    [{ occurrence: '2027-01-12' }],
    'a new start drops the exceptions, as the change would',
  );
});

t.test('the rules, pure: days in each event’s own zone, reasons in order', async (t) => {
  const groups = new Map([
    ['sg13', { id: 'sg13', kind: 'study-group' as const, parent: null }],
    ['sg13rg-afr', { id: 'sg13rg-afr', kind: 'regional-group' as const, parent: 'sg13' }],
    ['sg13rg-arb', { id: 'sg13rg-arb', kind: 'regional-group' as const, parent: 'sg13' }],
    ['tsag', { id: 'tsag', kind: 'advisory-group' as const, parent: null }],
    ['bsg', { id: 'bsg', kind: 'programme' as const, parent: null }],
  ]);
  const subject = { kind: 'workshop' as const, office: 'ro-africa', region: 'africa' as const, groups: ['sg13rg-afr'] };
  const other = (o: Partial<{ kind: string; office: string; region: string; groups: string[] }>) =>
    ({ kind: 'workshop', office: 'ro-europe', region: 'europe', groups: [], ...o }) as Parameters<typeof clashReason>[1];
  t.same(clashReason(subject, other({ kind: 'meeting', groups: ['sg13'] }), groups), { kind: 'studyGroupMeeting', group: 'sg13' });
  t.same(clashReason(subject, other({ groups: ['sg13'] }), groups), { kind: 'sameGroup', group: 'sg13' }, "the study group's other events");
  t.same(clashReason(subject, other({ kind: 'meeting', groups: ['tsag'] }), groups), { kind: 'tsagMeeting', group: 'tsag' });
  t.equal(clashReason(subject, other({ groups: ['sg13rg-arb'] }), groups), undefined, 'a sister regional group: no');
  t.equal(clashReason({ ...subject, groups: ['bsg'] }, other({ groups: ['bsg'] }), groups), undefined, 'a programme is no body');
  t.same(
    clashReason({ ...subject, groups: ['sg13'] }, other({ groups: ['sg13rg-arb'] }), groups),
    { kind: 'sameGroup', group: 'sg13rg-arb' },
    'a study group includes its regional groups',
  );
  t.same(clashReason(subject, other({ office: 'ro-africa' }), groups), { kind: 'sameOffice', group: null });
  t.same(clashReason(subject, other({ region: 'africa' }), groups), { kind: 'sameRegion', group: null });

  // a Geneva call at 23:30 on Monday is Monday's, though it is Tuesday in Nairobi; three days from Thursday
  const days = occurrenceDays({
    start: '2027-09-06T23:30',
    end: '2027-09-06T23:59',
    allDay: false,
    timeZone: 'Europe/Zurich',
    recurrence: null,
  });
  t.same(days, [{ occurrence: null, first: '2027-09-06', last: '2027-09-06' }]);
  const event = (start: string, end: string, zone: string) =>
    ({
      id: start,
      title: start,
      kind: 'workshop',
      status: 'confirmed',
      visibility: 'public',
      office: 'ro-africa',
      region: 'africa',
      groups: [],
      start,
      end,
      allDay: start.length === 10,
      timeZone: zone,
      recurrence: null,
      overrides: [],
    }) as unknown as Parameters<typeof findClashes>[1][number];
  const found: Clash[] = findClashes(
    { ...subject, days },
    [event('2027-09-09T00:30', '2027-09-09T02:00', 'Pacific/Auckland'), event('2027-09-08T22:00', '2027-09-08T23:00', 'Africa/Nairobi')],
    [],
    groups,
  );
  t.same(
    found.map((c) => (c.kind === 'holiday' ? c.date : [c.other.id, c.days])),
    [['2027-09-08T22:00', 2]],
    'Auckland’s Thursday (still Wednesday in Geneva) is three days from Monday: no; Nairobi’s Wednesday evening is two: yes',
  );
});

t.test(
  'the form: warned in the reader’s words, saved with the digest of what was shown, never past another office’s refusal',
  async (t) => {
    const clock = new TestClock(Date.parse('2026-12-01T08:00:00Z'));
    const { app, token } = await startApp(t, { clock: clock.read, demoData: false, pseudoLocale: true });
    const workshop = app.root.services.events.create({ office: 'tsb', tokenId: null }, cairoWorkshop);
    const { cookie, csrf } = await signInWith(app, token('ro-arab-states'));
    const form = {
      csrf,
      title: 'Cairo coordination call',
      kind: 'coordination-call',
      status: 'confirmed',
      visibility: 'internal',
      office: 'ro-arab-states',
      region: 'arab-states',
      timeZone: 'Africa/Cairo',
      start: '2027-01-12T11:00',
      end: '2027-01-12T12:00',
      'venue.virtual': 'on',
      'venue.url': 'https://meet.example.org/cairo',
    };
    const post = (fields: Record<string, string>, lang = 'en') =>
      app.inject({
        method: 'POST',
        url: `/events/new?lang=${lang}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.root.config.publicBaseUrl },
        cookies: { session: cookie },
        payload: new URLSearchParams(fields).toString(),
      });
    const before = dumpData(app);
    const pseudo = await post(form, PSEUDO_LOCALE);
    t.equal(pseudo.statusCode, 200, 'the form again');
    const section = /<section class="clashes"[\s\S]*?<\/section>/.exec(pseudo.body)?.[0] ?? '';
    t.match(section, `href="/events/${workshop.id}"`);
    // every word of the warnings from the catalog (en-XA wraps each message in ⟦ ⟧), the title and dates inside them
    const outside = visibleText(section).replace(new RegExp(`${PSEUDO_OPEN}[^]*?${PSEUDO_CLOSE}`, 'g'), ' ');
    t.notMatch(outside.replace(/[⟦⟧]/g, ''), /\p{L}/u, 'no word outside the catalog');
    const digest = /name="clashesSeen" value="([^"]+)"/.exec(pseudo.body)?.[1];
    t.ok(digest, 'Save anyway carries what was shown');
    t.equal(dumpData(app), before, 'nothing saved yet');
    t.equal((await post({ ...form, clashesSeen: 'something else' })).statusCode, 200, 'another digest: the warnings again');
    t.equal(dumpData(app), before);
    const saved = await post({ ...form, clashesSeen: digest! });
    t.equal(saved.statusCode, 303, 'saved anyway');
    t.match(saved.headers.location, /\?notice=created$/);

    // another office's event is refused (403) before any warning
    const other = await signInWith(app, token('ro-americas'));
    const forged = await app.inject({
      method: 'POST',
      url: '/events/new',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.root.config.publicBaseUrl },
      cookies: { session: other.cookie },
      payload: new URLSearchParams({ ...form, csrf: other.csrf }).toString(),
    });
    t.equal(forged.statusCode, 403);
    t.notMatch(forged.body, /class="clashes"/);
  },
);
