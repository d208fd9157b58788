import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { startApp, startAppOn, testConfig, TestClock, workshopBody } from './support/helpers.js';

// TSB maintains the reference data from the API (and the pages, test/browser-reference.test.ts):
// groups and partners added and renamed with ids that never change, offices' contacts, languages
// and working weeks. Only TSB; every change audited in its own transaction; feeds, filters and
// reports follow at once, and a restart keeps it all (the seed only fills in what is missing).

const auditRows = (app: FastifyInstance) =>
  (
    app.root.stores.db.$client
      .prepare("select * from audit where action like 'group.%' or action like 'partner.%' or action like 'office.%' order by id")
      .all() as {
      action: string;
      subject: string;
      office_id: string;
      token_id: string | null;
      event_id: string | null;
      changes: string;
    }[]
  ).map((r) => ({ ...r, changes: JSON.parse(r.changes) as { field: string; from: unknown; to: unknown }[] }));

const referenceTables = (app: FastifyInstance) =>
  JSON.stringify(
    ['groups', 'partners', 'offices', 'audit'].map((table) =>
      app.root.stores.db.$client.prepare(`select * from ${table} order by rowid`).all(),
    ),
  );

t.test('only TSB changes the reference data; refusals name the field and write nothing', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const tsb = auth('tsb');
  const africa = auth('ro-africa');
  const before = referenceTables(app);
  const post = (url: string, headers: Record<string, string> | undefined, payload: unknown) =>
    app.inject({ method: 'POST', url, headers, payload: payload as object });
  const patch = (url: string, headers: Record<string, string> | undefined, payload: unknown) =>
    app.inject({ method: 'PATCH', url, headers, payload: payload as object });
  const group = { id: 'sg13rg-arb', kind: 'regional-group', parent: 'sg13', name: 'ITU-T SG13 Regional Group for the Arab Region' };

  t.equal((await post('/api/groups', undefined, group)).statusCode, 401, 'anonymous: 401');
  const other = await post('/api/groups', africa, group);
  t.equal(other.statusCode, 403, 'another office: 403');
  t.equal(other.json().code, 'referenceTsbOnly');
  t.equal((await patch('/api/offices/ro-africa', africa, { workingDays: [1, 2, 3] })).statusCode, 403, 'not even its own office');
  t.equal((await post('/api/partners', africa, { id: 'atu2', name: 'x' })).statusCode, 403);
  t.equal((await patch('/api/partners/cept', africa, { name: 'x' })).statusCode, 403);
  t.equal((await patch('/api/groups/sg13', africa, { name: 'x' })).statusCode, 403);

  const cases: [string, () => Promise<{ statusCode: number; json(): { field?: string; code: string } }>, string, string][] = [
    ['an id in capitals', () => post('/api/groups', tsb, { ...group, id: 'SG13RG-ARB' }), 'id', 'pattern'],
    ['an id with a space', () => post('/api/groups', tsb, { ...group, id: 'sg13 rg' }), 'id', 'pattern'],
    ['an id taken by a group', () => post('/api/groups', tsb, { ...group, id: 'sg13rg-afr' }), 'id', 'idTaken'],
    ['an id taken by a partner', () => post('/api/groups', tsb, { ...group, id: 'cept' }), 'id', 'idTaken'],
    ['a kind not in the list', () => post('/api/groups', tsb, { ...group, kind: 'club' }), 'kind', 'oneOf'],
    ['a regional group without its study group', () => post('/api/groups', tsb, { ...group, parent: null }), 'parent', 'parentRequired'],
    ['a parent that is not a study group', () => post('/api/groups', tsb, { ...group, parent: 'bsg' }), 'parent', 'parentNotStudyGroup'],
    ['an empty name', () => post('/api/groups', tsb, { ...group, name: ' ' }), 'name', 'pattern'],
    ['a name in an unknown language', () => post('/api/groups', tsb, { ...group, names: { de: 'x' } }), 'names.de', 'unknownField'],
    [
      'a name with a control character',
      () => post('/api/groups', tsb, { ...group, names: { fr: 'a\u0007b' } }),
      'names.fr',
      'textControls',
    ],
    ['a rename without anything', () => patch('/api/groups/sg13', tsb, {}), '(body)', 'noFields'],
    ['a rename changing the id', () => patch('/api/groups/sg13', tsb, { id: 'sg13b' }), 'id', 'unknownField'],
    ['a partner without a name', () => post('/api/partners', tsb, { id: 'atu-2' }), 'name', 'required'],
    ['a weekday 8', () => patch('/api/offices/ro-africa', tsb, { workingDays: [1, 8] }), 'workingDays.1', 'atMost'],
    ['a weekday twice', () => patch('/api/offices/ro-africa', tsb, { workingDays: [1, 1] }), 'workingDays', 'duplicateItems'],
    ['no address', () => patch('/api/offices/ro-africa', tsb, { emails: [] }), 'emails', 'tooFewItems'],
    ['an address that is not one', () => patch('/api/offices/ro-africa', tsb, { contact: 'desk at itu' }), 'contact', 'format'],
    ['a language ITU does not use', () => patch('/api/offices/ro-africa', tsb, { languages: ['en', 'pt'] }), 'languages.1', 'oneOf'],
    ['no language', () => patch('/api/offices/ro-africa', tsb, { languages: [] }), 'languages', 'tooFewItems'],
  ];
  for (const [what, send, field, code] of cases) {
    const reply = await send();
    t.equal(reply.statusCode, 400, `${what}: 400`);
    t.match(reply.json(), { field, code }, `${what}: names ${field}`);
  }
  for (const [url, code] of [
    ['/api/groups/sg99', 'noGroup'],
    ['/api/partners/nobody', 'noPartner'],
    ['/api/offices/ro-atlantis', 'noOffice'],
  ] as const) {
    const reply = await patch(url, tsb, url.includes('offices') ? { workingDays: [1] } : { name: 'x' });
    t.equal(reply.statusCode, 404, `${url}: 404`);
    t.equal(reply.json().code, code);
  }
  t.equal(referenceTables(app), before, 'nothing was written by any refusal');
});

t.test('TSB adds and renames a group and a partner and changes an office: audited, ids stable', async (t) => {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const { app, auth } = await startApp(t, { clock: clock.read, demoData: false });
  const madeToken = app.root.stores.tokens.create('tsb', 'reference', clock.read().toISOString());
  const tsb = { authorization: `Bearer ${madeToken.token}` };
  const tokenId = madeToken.info.id;

  const made = await app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: tsb,
    payload: {
      id: 'fg-ai4a',
      kind: 'focus-group',
      name: 'Focus Group on AI for autonomous networks',
      names: { fr: 'Groupe spécialisé IA', es: '' },
    },
  });
  t.equal(made.statusCode, 201);
  t.same(made.json(), {
    id: 'fg-ai4a',
    kind: 'focus-group',
    name: 'Focus Group on AI for autonomous networks',
    parent: null,
    names: { fr: 'Groupe spécialisé IA' },
  });
  const renamed = await app.inject({
    method: 'PATCH',
    url: '/api/groups/fg-ai4a',
    headers: tsb,
    payload: { name: 'Focus Group on AI-native networks', names: { fr: null, zh: '人工智能原生网络焦点组' } },
  });
  t.equal(renamed.statusCode, 200);
  t.match(renamed.json(), { id: 'fg-ai4a', name: 'Focus Group on AI-native networks', names: { zh: '人工智能原生网络焦点组' } });
  t.notOk('fr' in renamed.json().names, 'a name emptied is taken away: English shows there');
  const same = await app.inject({
    method: 'PATCH',
    url: '/api/groups/fg-ai4a',
    headers: tsb,
    payload: { name: 'Focus Group on AI-native networks' },
  });
  t.equal(same.statusCode, 200, 'a rename to the same name is no change');

  t.equal(
    (await app.inject({ method: 'POST', url: '/api/partners', headers: tsb, payload: { id: 'smart-africa', name: 'Smart Africa' } }))
      .statusCode,
    201,
  );
  const partner = await app.inject({
    method: 'PATCH',
    url: '/api/partners/uncdf',
    headers: tsb,
    payload: { name: 'UN Capital Development Fund', names: { fr: 'Fonds d’équipement des Nations Unies (FENU)' } },
  });
  t.same(partner.json(), {
    id: 'uncdf',
    name: 'UN Capital Development Fund',
    names: {
      ar: app.root.services.reference.partnersById.get('uncdf')!.names.ar,
      es: partner.json().names.es,
      fr: 'Fonds d’équipement des Nations Unies (FENU)',
      ru: partner.json().names.ru,
      zh: partner.json().names.zh,
    },
  });

  const office = await app.inject({
    method: 'PATCH',
    url: '/api/offices/ro-arab-states',
    headers: tsb,
    payload: {
      emails: ['rocairo@itu.int', 'arab-events@itu.int'],
      contact: 'focal.point@itu.int',
      languages: ['ar', 'en', 'fr'],
      workingDays: [7, 1, 2, 3, 4],
    },
  });
  t.equal(office.statusCode, 200);
  t.match(office.json(), {
    id: 'ro-arab-states',
    emails: ['rocairo@itu.int', 'arab-events@itu.int'],
    contact: 'focal.point@itu.int',
    languages: ['ar', 'en', 'fr'],
    workingDays: [7, 1, 2, 3, 4],
  });
  const week = await app.inject({ method: 'PATCH', url: '/api/offices/ro-europe', headers: tsb, payload: { workingDays: [1, 2, 3, 4] } });
  t.same(week.json().workingDays, [1, 2, 3, 4]);
  // read back, as every reader gets it
  const offices = (await app.inject('/api/offices')).json() as { id: string; workingDays: number[]; contact: string | null }[];
  t.match(
    offices.find((o) => o.id === 'ro-arab-states'),
    { contact: 'focal.point@itu.int', workingDays: [7, 1, 2, 3, 4] },
  );
  t.same(offices.find((o) => o.id === 'ro-europe')!.workingDays, [1, 2, 3, 4]);
  t.same(app.root.services.reference.officesById.get('ro-europe')!.workingDays, [1, 2, 3, 4], 'the snapshot every service reads');
  t.ok(app.root.services.reference.notifyDomains.includes('itu.int'), "the office's new domain may be notified");
  const all = (await app.inject('/api/reference')).json();
  t.ok(all.groups.some((g: { id: string }) => g.id === 'fg-ai4a') && all.partners.some((p: { id: string }) => p.id === 'smart-africa'));

  const rows = auditRows(app);
  t.same(
    rows.map((r) => [r.action, r.subject]),
    [
      ['group.created', 'fg-ai4a'],
      ['group.renamed', 'fg-ai4a'],
      ['partner.created', 'smart-africa'],
      ['partner.renamed', 'uncdf'],
      ['office.changed', 'ro-arab-states'],
      ['office.changed', 'ro-europe'],
    ],
    'one row a change; none for a change that changes nothing',
  );
  t.ok(
    rows.every((r) => r.office_id === 'tsb' && r.token_id === tokenId && r.event_id === null),
    'who: TSB and its token',
  );
  t.same(rows[0]!.changes, [
    { field: 'kind', from: null, to: 'focus-group' },
    { field: 'name', from: null, to: 'Focus Group on AI for autonomous networks' },
    { field: 'names.fr', from: null, to: 'Groupe spécialisé IA' },
  ]);
  t.same(rows[1]!.changes, [
    { field: 'name', from: 'Focus Group on AI for autonomous networks', to: 'Focus Group on AI-native networks' },
    { field: 'names.fr', from: 'Groupe spécialisé IA', to: null },
    { field: 'names.zh', from: null, to: '人工智能原生网络焦点组' },
  ]);
  t.same(
    rows[4]!.changes,
    [
      { field: 'emails', from: ['ro-arab-states@example.org'], to: ['rocairo@itu.int', 'arab-events@itu.int'] },
      { field: 'contact', from: null, to: 'focal.point@itu.int' },
      { field: 'languages', from: ['ar', 'en'], to: ['ar', 'en', 'fr'] },
    ],
    'the working week given as it was is no change',
  );
  t.same(rows[5]!.changes, [{ field: 'workingDays', from: [1, 2, 3, 4, 5], to: [1, 2, 3, 4] }]);
  const log = await app.inject({ url: '/api/audit', headers: auth('tsb') });
  t.ok(
    log.json().some((e: { action: string }) => e.action === 'office.changed'),
    "in TSB's audit log",
  );
});

t.test('a regional group added under SG13: its feed, filters and names at once, and after a restart', async (t) => {
  const config = testConfig(t);
  const first = await startAppOn(t, config);
  const { app } = first;
  const tsb = first.auth('tsb');
  const added = await app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: tsb,
    payload: {
      id: 'sg13rg-arb',
      kind: 'regional-group',
      parent: 'sg13',
      name: 'ITU-T SG13 Regional Group for the Arab Region (SG13RG-ARB)',
      names: { ar: 'الفريق الإقليمي للجنة الدراسات 13 لقطاع تقييس الاتصالات للمنطقة العربية' },
    },
  });
  t.equal(added.statusCode, 201);
  // the SG13 feed is rendered (and cached) before the event exists
  t.notMatch((await app.inject('/feeds/groups/sg13.ics')).body, 'Cairo meeting of SG13RG-ARB');
  const event = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: first.auth('ro-arab-states'),
    payload: {
      ...workshopBody,
      title: 'Cairo meeting of SG13RG-ARB',
      office: 'ro-arab-states',
      region: 'arab-states',
      groups: ['sg13rg-arb'],
      partners: ['las', 'UNCDF', 'Arab ICT Organization'],
      timeZone: 'Africa/Cairo',
    },
  });
  t.equal(event.statusCode, 201, 'an event in the new group is accepted at once');
  const id = event.json().id as string;
  const sg13 = (await app.inject('/feeds/groups/sg13.ics')).body;
  t.match(sg13, 'Cairo meeting of SG13RG-ARB', "SG13's feed includes its new regional group's event");
  t.match(sg13, 'CATEGORIES:Workshop,SG13RG-ARB');
  t.match(sg13.replace(/\r\n /g, ''), 'ITU-T SG13 Regional Group for the Arab Region (SG13RG-ARB)');
  t.match(sg13.replace(/\r\n /g, ''), 'Partners: LAS\\, UNCDF\\, Arab ICT Organization', 'partners by their names, the others as typed');
  t.equal((await app.inject('/feeds/groups/sg13rg-arb.ics')).statusCode, 200, 'its own feed');
  t.match(
    (await app.inject('/')).body,
    '<option value="sg13rg-arb">ITU-T SG13 Regional Group for the Arab Region (SG13RG-ARB)</option>',
    'the filters offer it',
  );
  t.match((await app.inject('/?lang=ar')).body, 'الفريق الإقليمي للجنة الدراسات 13', 'in Arabic by its Arabic name');
  t.ok(
    (await app.inject('/api/events?group=sg13')).json().items.some((e: { id: string }) => e.id === id),
    'the API filter too',
  );

  // renamed: the names follow everywhere, the id and the categories stay
  const renamed = await app.inject({
    method: 'PATCH',
    url: '/api/groups/sg13rg-arb',
    headers: tsb,
    payload: { name: 'ITU-T SG13 Regional Group for Arab States (SG13RG-ARB)' },
  });
  t.equal(renamed.statusCode, 200);
  await app.inject({ method: 'PATCH', url: '/api/partners/uncdf', headers: tsb, payload: { name: 'UN Capital Development Fund' } });
  const after = (await app.inject('/feeds/groups/sg13.ics')).body.replace(/\r\n /g, '');
  t.match(after, 'ITU-T SG13 Regional Group for Arab States (SG13RG-ARB)', "the feed's names follow the rename at once");
  t.notMatch(after, 'for the Arab Region');
  t.match(after, 'CATEGORIES:Workshop,SG13RG-ARB', 'the categories (the id) stay');
  t.match(after, 'UN Capital Development Fund', 'an old partner text is the renamed partner');
  t.match(
    (await app.inject('/feeds/groups/sg13rg-arb.ics')).body.replace(/\r\n /g, ''),
    'X-WR-CALNAME:ITU-T regional events: ITU-T SG13 Regional Group for Arab States',
  );
  t.match((await app.inject(`/events/${id}`)).body, 'UN Capital Development Fund');
  const report = await app.inject('/api/reports/activity?from=2024-01-01&to=2024-12-31&region=arab-states&format=md');
  t.match(report.body, 'UN Capital Development Fund', 'the report names the partner by its name');
  await app.close();

  // the service started again on the same file: the seed did not undo a thing
  const second = await startAppOn(t, config);
  const groups = (await second.app.inject('/api/groups')).json() as { id: string; name: string; parent: string }[];
  t.match(
    groups.find((g) => g.id === 'sg13rg-arb'),
    { name: 'ITU-T SG13 Regional Group for Arab States (SG13RG-ARB)', parent: 'sg13' },
  );
  t.equal(
    (await second.app.inject('/api/partners')).json().find((p: { id: string }) => p.id === 'uncdf').name,
    'UN Capital Development Fund',
  );
  t.match((await second.app.inject('/feeds/groups/sg13.ics')).body, 'Cairo meeting of SG13RG-ARB');
  t.equal(
    (second.app.root.stores.db.$client.prepare("select count(*) as n from audit where action like 'group.%'").get() as { n: number }).n,
    2,
    'and no change of its own recorded',
  );
});

t.test('OFFICE_EMAILS and OFFICE_LANGUAGES apply when they change; TSB’s edits hold until then', async (t) => {
  const first = testConfig(t, { officeEmails: { 'ro-africa': ['roaddis@itu.int'] }, officeLanguages: { 'ro-africa': ['fr', 'en'] } });
  const a = await startAppOn(t, first);
  t.match(
    (await a.app.inject('/api/offices')).json().find((o: { id: string }) => o.id === 'ro-africa'),
    { emails: ['roaddis@itu.int'], languages: ['fr', 'en'] },
  );
  await a.app.inject({
    method: 'PATCH',
    url: '/api/offices/ro-africa',
    headers: a.auth('tsb'),
    payload: { emails: ['africa-desk@itu.int'], workingDays: [1, 2, 3, 4] },
  });
  await a.app.close();

  const b = await startAppOn(t, first);
  const office = () => b.app.root.services.reference.officesById.get('ro-africa')!;
  t.same(office().emails, ['africa-desk@itu.int'], 'the same setting at a restart leaves TSB’s edit');
  t.same(office().workingDays, [1, 2, 3, 4]);
  await b.app.close();

  const changed = { ...first, officeEmails: { 'ro-africa': ['roaddis-new@itu.int'] } };
  const c = await startAppOn(t, changed);
  const now = c.app.root.services.reference.officesById.get('ro-africa')!;
  t.same(now.emails, ['roaddis-new@itu.int'], 'a changed setting wins');
  t.same(now.languages, ['fr', 'en']);
  t.same(now.workingDays, [1, 2, 3, 4], 'what the setting does not say stays');
  const last = auditRows(c.app).at(-1)!;
  t.match(
    last,
    { action: 'office.changed', subject: 'ro-africa', office_id: 'tsb', token_id: null },
    'recorded as the command line’s change',
  );
  t.same(last.changes, [{ field: 'emails', from: ['africa-desk@itu.int'], to: ['roaddis-new@itu.int'] }]);
});

t.test('a second service on the same file sees TSB’s change before its next answer', async (t) => {
  const config = testConfig(t, { demoData: false });
  const one = await startAppOn(t, config);
  const two = await startAppOn(t, config);
  t.equal((await two.app.inject('/feeds/groups/fg-qc.ics')).statusCode, 404);
  const added = await one.app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: one.auth('tsb'),
    payload: { id: 'fg-qc', kind: 'focus-group', name: 'Focus Group on quantum computing' },
  });
  t.equal(added.statusCode, 201);
  t.equal((await two.app.inject('/feeds/groups/fg-qc.ics')).statusCode, 200, 'the other process serves its feed (the fast path)');
  const page = await two.app.inject('/');
  t.match(page.body, 'Focus Group on quantum computing', 'and offers it in the filters');
  await one.app.inject({
    method: 'PATCH',
    url: '/api/groups/fg-qc',
    headers: one.auth('tsb'),
    payload: { name: 'Focus Group on quantum information' },
  });
  t.match(
    (await two.app.inject('/api/groups')).json().find((g: { id: string }) => g.id === 'fg-qc'),
    { name: 'Focus Group on quantum information' },
  );
});
