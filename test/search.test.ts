import Database from 'better-sqlite3';
import fc from 'fast-check';
import t from 'tap';
import { foldForSearch, searchQuery } from '../src/domain/search.js';
import { startApp, startAppOn, testConfig, type TestApp, UNDO_AFTER_0008, workshopBody } from './support/helpers.js';

/** Events titled in the six UN languages, and in German and Greek, with what people type to find them. */
const EVENTS = [
  {
    key: 'arabic',
    title: 'مُؤْتَمَرُ التَّقْيِيسِ الإِقْلِيمِيّ',
    // without harakat, with them, one word, the hamza on its own letters and without, stretched by a tatweel
    finds: ['مؤتمر التقييس', 'مُؤْتَمَرُ', 'الاقليمي', 'الإقليمي', 'مـؤتمر'],
  },
  { key: 'arabic-plain', title: 'ورشة عمل حول الأمن السيبراني', finds: ['الأمن', 'الْأَمْن', 'السيبراني'] },
  { key: 'chinese', title: '区域标准化会议', finds: ['会议', '标准化', '区域标准化会议'] },
  { key: 'english', title: 'Cybersecurity Summit for Small Island States', finds: ['CYBERSECURITY', 'cybersec', 'summit FOR'] },
  {
    key: 'french',
    title: 'Forum régional en Éthiopie',
    finds: ['ÉTHIOPIE', 'éthiopie', 'ethiopie', 'ETHIOPIE', 'RÉGIONAL', 'regional en'],
  },
  { key: 'russian', title: 'Семинар по качеству обслуживания, Москва', finds: ['МОСКВА', 'москва', 'Москва', 'КАЧЕСТВУ', 'семинар по'] },
  { key: 'spanish', title: 'Taller sobre ciberseguridad en Bogotá', finds: ['BOGOTÁ', 'bogota', 'CIBERSEGURIDAD', 'Taller SOBRE'] },
  {
    key: 'german',
    title: 'Digitales Ökosystem und Straße der Normung',
    finds: ['Ökosystem', 'ökosystem', 'OKOSYSTEM', 'ÖKOSYSTEM', 'strasse', 'STRASSE'],
  },
  { key: 'greek', title: 'Συνάντηση στην Αθήνα για τον ΚΟΣΜΟ', finds: ['ΑΘΗΝΑ', 'αθηνα', 'Αθήνα', 'ΣΥΝΑΝΤΗΣΗ', 'συναντηση', 'κοσμο'] },
] as const;

let app: TestApp['app'];
const ids = new Map<string, string>();

t.before(async () => {
  const started = await startApp(t, { demoData: false });
  app = started.app;
  const headers = started.auth('ro-africa');
  for (const [i, e] of EVENTS.entries()) {
    const payload = {
      ...workshopBody,
      title: e.title,
      description: null,
      partners: [],
      venue: { city: 'Arusha', country: 'Tanzania' },
      start: `2024-03-${String(5 + i).padStart(2, '0')}T09:00`,
      end: `2024-03-${String(5 + i).padStart(2, '0')}T17:00`,
    };
    const res = await app.inject({ method: 'POST', url: '/api/events', headers, payload });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids.set(e.key, res.json().id);
  }
});

const apiIds = async (q: string) => {
  const res = await app.inject(`/api/events?limit=500&q=${encodeURIComponent(q)}`);
  if (res.statusCode !== 200) throw new Error(`q=${q}: ${res.statusCode} ${res.body}`);
  return (res.json().items as { id: string }[]).map((e) => e.id).sort();
};
const pageIds = async (q: string) => {
  const res = await app.inject(`/?q=${encodeURIComponent(q)}`);
  if (res.statusCode !== 200) throw new Error(`/?q=${q}: ${res.statusCode}`);
  return [...new Set([...res.body.matchAll(/href="\/events\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)))].sort();
};

t.test('GET /api/events?q= and the home page find a title in any of the six UN languages by its case and accent variants', async (t) => {
  for (const e of EVENTS) {
    for (const q of e.finds) {
      const expected = [ids.get(e.key)!];
      t.same(await apiIds(q), expected, `API: q=${q} finds «${e.title}» and nothing else`);
      t.same(await pageIds(q), expected, `page: /?q=${q} lists «${e.title}» and nothing else`);
    }
  }
  t.same(await apiIds('موسكو'), [], 'a word in no title finds nothing');
  t.same(await apiIds('Москве'), [], 'another form of a word is another word: substrings, not stems');
  t.same(await apiIds('%'), [], 'LIKE wildcards are searched for literally');
  t.same(await apiIds('_'), []);
  t.same(await pageIds('   '), [...ids.values()].sort(), 'blank text on the page: no text filter');
});

t.test('q searches the description, the venue and the partners too, each apart', async (t) => {
  const { app: app2, auth } = await startApp(t, { demoData: false });
  const create = async (payload: object) => {
    const res = await app2.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-arab-states'),
      payload: { ...workshopBody, office: 'ro-arab-states', region: 'arab-states', groups: [], ...payload },
    });
    t.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const one = await create({
    title: 'Alpha',
    description: 'Учёт качества; taller en Bogotá',
    partners: ['Союз', 'ÉCOLE'],
    venue: { name: 'Qaṣr al-Ḥuṣn', city: 'Abū Ẓabī', country: 'الإمارات' },
  });
  const list = async (q: string) =>
    ((await app2.inject(`/api/events?q=${encodeURIComponent(q)}`)).json().items as { id: string }[]).map((e) => e.id);
  for (const q of ['УЧЕТ КАЧЕСТВА', 'bogota', 'союз', 'ecole', 'qasr al-husn', 'ABU ZABI', 'الامارات'])
    t.same(await list(q), [one], `q=${q}`);
  t.same(await list('alpha учет'), [], 'no match across two fields');
  t.same(await list('Союз École'), [], 'nor across two partners');
  await app2.inject({
    method: 'PATCH',
    url: `/api/events/${one}`,
    headers: auth('ro-arab-states'),
    payload: { title: 'Beta', description: null },
  });
  t.same(await list('alpha'), [], 'a change of title is searched at once');
  t.same(await list('учет'), []);
  t.same(await list('BETA'), [one]);
});

t.test('an existing database: the upgrade to migration 0008 folds the events stored before it', async (t) => {
  const config = testConfig(t, { demoData: true });
  const before = await startAppOn(t, config);
  const headers = before.auth('ro-europe');
  const made = await before.app.inject({
    method: 'POST',
    url: '/api/events',
    headers,
    payload: {
      ...workshopBody,
      office: 'ro-europe',
      region: 'europe',
      groups: [],
      title: 'Réunion régionale à Genève',
      venue: { city: 'Genève', country: 'Suisse' },
    },
  });
  t.equal(made.statusCode, 201);
  const id = made.json().id as string;
  await before.app.close();

  // the database as it was before migration 0008: no search text, nothing folded
  // (a migration added after 0008 must be undone here too)
  const old = new Database(config.databasePath);
  const stamp = (sql: string) => old.prepare(sql).all();
  const untouched = stamp('select id, sequence, updated_at from events order by id');
  old.exec("alter table events drop column search_text; delete from meta where key = 'search_fold_version'");
  old.exec(UNDO_AFTER_0008);
  // every migration from 0008 on is applied again (0000 to 0007 stay)
  old
    .prepare(
      'delete from __drizzle_migrations where created_at > (select created_at from __drizzle_migrations order by created_at limit 1 offset 7)',
    )
    .run();
  old.close();

  const after = await startAppOn(t, config);
  const list = async (q: string) =>
    (await after.app.inject({ url: `/api/events?limit=500&q=${encodeURIComponent(q)}`, headers: after.auth('ro-europe') })).json()
      .items as { id: string; title: string }[];
  for (const q of ['GENEVE', 'réunion RÉGIONALE', 'a geneve'])
    t.same(
      (await list(q)).map((e) => e.id),
      [id],
      `q=${q}`,
    );
  const arusha = await list('ARUSHA');
  t.ok(arusha.length >= 4 && arusha.every((e) => e.id.startsWith('demo-')), 'the demo events are found too');
  const sqlite = after.app.root.stores.db.$client;
  t.equal(sqlite.prepare('select count(*) from events where search_text is null').pluck().get(), 0, 'every event folded');
  t.same(
    sqlite.prepare('select id, sequence, updated_at from events order by id').all(),
    untouched,
    'folding is not an edit: no new sequence for the calendars',
  );
  await after.app.close();

  // a later release that folds otherwise (SEARCH_FOLD_VERSION) refolds every event at its start
  const stale = new Database(config.databasePath);
  stale.prepare("update meta set value = '0' where key = 'search_fold_version'").run();
  stale.prepare("update events set search_text = 'folded otherwise'").run();
  stale.close();
  const again = await startAppOn(t, config);
  t.same(
    (await again.app.inject(`/api/events?q=GENEVE`)).json().items.map((e: { id: string }) => e.id),
    [id],
    'refolded',
  );
  t.equal(again.app.root.stores.db.$client.prepare("select count(*) from events where search_text = 'folded otherwise'").pluck().get(), 0);
});

// titles in the scripts of the six languages, and Greek and German, upper and lower case, with accents
const LETTERS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäçîïôöùûüÿñáíóúÉÈÊÀÂÄÇÎÔÖÙÛÜÑÁÍÓÚßœŒ',
  ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ',
  ...'αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώΐΰΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏ',
  ...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةى',
  ...'区域标准化会议国际电信联盟研讨会网络安全',
  ...'0123456789',
];
const ARABIC_MARKS = [...'\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652'];
const titleArb = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...LETTERS) },
      fc.constantFrom(' ', ' ', '-', ',', '’', '%', '_', '\\', '(', ')'),
      fc.constantFrom(...ARABIC_MARKS),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .map((cs) => cs.join('').trim())
  .filter((s) => /[\p{L}\p{N}]/u.test(s));

/** What people type for a part of a title: as it is, in capitals, in small letters, without accents or harakat. */
const variants = (s: string) => {
  // the marks search ignores (src/domain/search.ts), the iota subscript aside: case folding makes it an iota
  const bare = s.normalize('NFD').replace(/(?!\u0345)(?=\p{Mn})\p{Script=Inherited}/gu, '');
  return [s, s.toUpperCase(), s.toLowerCase(), bare, bare.toUpperCase(), bare.toLowerCase()];
};
/** A part of the title, cut anywhere between two code points. */
const partArb = (title: string) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
    const cps = [...title];
    const from = a % (cps.length + 1);
    return cps.slice(from, from + (b % (cps.length - from + 1))).join('');
  });

t.test('property: any part of a title, in any of its case and accent variants, is found in the folded title', async (t) => {
  // any Unicode text, not only the alphabets above
  const anyTitle = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((s) => s.normalize('NFC'));
  for (const arb of [titleArb, anyTitle]) {
    fc.assert(
      fc.property(
        arb.chain((title) => fc.tuple(fc.constant(title), partArb(title))),
        ([title, part]) => {
          const folded = foldForSearch(title);
          for (const v of variants(part)) {
            const q = searchQuery(v);
            if (q !== '' && !folded.includes(q)) throw new Error(`«${v}» (${q}) not in «${title}» (${folded})`);
          }
          if (foldForSearch(folded) !== folded) throw new Error(`folding «${title}» twice changes it`);
        },
      ),
      { numRuns: 3000 },
    );
  }
  t.pass('every variant of every part found');
});

t.test('property: through the API, an event is found by the case and accent variants of any part of its title', async (t) => {
  const { app: app3, auth } = await startApp(t, { demoData: false });
  const headers = auth('ro-africa');
  await fc.assert(
    fc.asyncProperty(
      titleArb.chain((title) => fc.tuple(fc.constant(title), partArb(title))),
      async ([title, part]) => {
        const res = await app3.inject({
          method: 'POST',
          url: '/api/events',
          headers,
          payload: { ...workshopBody, title, description: null, partners: [], venue: { city: 'Arusha' } },
        });
        if (res.statusCode !== 201) throw new Error(`«${title}» refused: ${res.body}`);
        const id = res.json().id as string;
        for (const v of variants(part).filter((p) => p.trim() !== '')) {
          const found = await app3.inject(`/api/events?limit=500&q=${encodeURIComponent(v)}`);
          if (!(found.json().items as { id: string }[]).some((e) => e.id === id)) throw new Error(`q=«${v}» does not find «${title}»`);
        }
      },
    ),
    { numRuns: 40 },
  );
  t.pass('every variant found its event');
});
