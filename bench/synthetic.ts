/**
 * Synthetic events for the benchmarks: realistic sizes and mixes (all-day and timed, 15 zones,
 * Arabic, Russian and Chinese text, cancellations), the same events for the same N on every run.
 */
import { performance } from 'node:perf_hooks';
import type { EventKind, EventStatus } from '../db/seed/types.js';
import { compose, type Stores } from '../src/compose.js';
import { loadConfig, systemClock } from '../src/config.js';
import type { EventFields } from '../src/domain/event.js';
import { deriveEventTimes, isTimeProblem } from '../src/domain/time.js';
import { englishProblem } from '../src/http-problem.js';
import { writeTransaction } from '../src/store/database.js';

/** Deterministic PRNG (mulberry32): the same N gives the same events on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIMED_ZONES = [
  'Europe/Zurich',
  'Australia/Adelaide',
  'Africa/Dar_es_Salaam',
  'America/Santiago',
  'Asia/Kolkata',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kathmandu',
  'Europe/Moscow',
  'Africa/Cairo',
  'Asia/Dubai',
  'Pacific/Auckland',
  'America/Tegucigalpa',
  'Africa/Dakar',
];

const EN_SENTENCES = [
  'The meeting reviews draft Recommendations on network performance, QoS and QoE; contributions are due four weeks ahead.',
  'Delegates from administrations, sector members and academia discuss the work programme, including liaison statements to other groups.',
  'Interpretation is provided in English, French and Arabic (subject to confirmation).',
  'Remote participation is available, registration closes one week before the start.',
  'Sessions cover standardization gaps, capacity building, and the regional priorities agreed at the last RPM.',
  'Fellowships may be granted to eligible participants from developing countries; apply through the TIES account.',
  'Agenda:\n1. Opening; 2. Adoption of the agenda; 3. Review of contributions, 4. AOB.',
  'Participants are invited to bring laptops; Wi-Fi is available at the venue, and documents are paperless.',
];
const AR_SENTENCES = [
  'يناقش الاجتماع مشاريع التوصيات المتعلقة بأداء الشبكات وجودة الخدمة، ويُرجى تقديم المساهمات قبل أربعة أسابيع.',
  'تتوفر المشاركة عن بُعد، ويُغلق باب التسجيل قبل أسبوع من بدء الاجتماع.',
  'تُقدَّم الترجمة الفورية باللغات العربية والإنكليزية والفرنسية؛ رهناً بالتأكيد.',
  'يتناول اللقاء سد الفجوة في التقييس وبناء القدرات في المنطقة العربية.',
];
const RU_SENTENCES = [
  'На собрании будут рассмотрены проекты Рекомендаций по качеству обслуживания и оценке пользователем; вклады принимаются за четыре недели.',
  'Предусмотрено дистанционное участие, регистрация закрывается за неделю до начала.',
  'Обеспечивается устный перевод на русский и английский языки (подлежит подтверждению).',
  'Обсуждаются региональные приоритеты, преодоление разрыва в стандартизации и создание потенциала.',
];
const ZH_SENTENCES = [
  '会议将审议关于网络性能、服务质量和体验质量的建议书草案；文稿须提前四周提交。',
  '可远程参会，注册于会议开始前一周截止。',
  '提供中文和英文同声传译（有待确认）。',
  '议题包括弥合标准化差距、能力建设以及区域优先事项。',
];
const EN_TITLES = [
  'Regional Group meeting',
  'Workshop on future networks and emerging technologies',
  'Forum on digital financial services security',
  'Training on conformity and interoperability testing',
  'Webinar on AI for good: standards for trustworthy AI',
  'Coordination call of the regional presence',
  'Clinic on bridging the standardization gap',
  'Summit on smart sustainable cities',
];
const FOREIGN_TITLES = [
  'اجتماع الفريق الإقليمي للجنة الدراسات',
  'ورشة عمل حول الشبكات المستقبلية والتكنولوجيات الناشئة',
  'Собрание региональной группы исследовательской комиссии',
  'Семинар-практикум по сетям будущего',
  '研究组区域组会议',
  '关于未来网络和新兴技术的研讨会',
];
const PARTNERS = ['ATU', 'CITEL', 'ASMG', 'APT', 'RCC', 'CEPT', 'ETSI', 'GSMA', 'World Bank', 'UNDP'];

export function syntheticEvents(services: Stores, n: number, seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const offices = services.reference.offices;
  const groups = services.reference.groups;
  if (offices.length === 0 || groups.length === 0) throw new Error('reference data is empty: offices and groups come from the seed');

  const text = (sentences: readonly string[], min: number, max: number) => {
    const target = between(min, max);
    let out = '';
    for (let i = 0; i < 40 && out.length < target; i++) out += (out ? ' ' : '') + pick(sentences);
    return out.slice(0, target).trimEnd();
  };

  const day0 = Date.parse('2023-01-02T00:00:00Z');
  const dayMs = 86_400_000;
  const result: { id: string; fields: EventFields; now: string }[] = [];
  for (let i = 0; i < n; i++) {
    const office = pick(offices);
    const foreign = rand() < 0.2;
    const sentences = foreign ? pick([AR_SENTENCES, RU_SENTENCES, ZH_SENTENCES]) : EN_SENTENCES;
    const allDay = rand() < 0.7;
    const statusRoll = rand();
    const status: EventStatus = statusRoll < 0.7 ? 'confirmed' : statusRoll < 0.9 ? 'tentative' : 'cancelled';
    const kind: EventKind = allDay ? 'meeting' : pick(['workshop', 'webinar', 'coordination-call', 'training', 'forum', 'clinic'] as const);
    const groupCount = between(0, 3);
    const eventGroups = [...new Set(Array.from({ length: groupCount }, () => pick(groups).id))].sort();
    const partners = [...new Set(Array.from({ length: between(0, 2) }, () => pick(PARTNERS)))];
    const startDay = new Date(day0 + between(0, 5 * 365) * dayMs);
    const date = (d: Date) => d.toISOString().slice(0, 10);
    let timeZone: string;
    let start: string;
    let end: string;
    if (allDay) {
      timeZone = office.timeZone;
      start = date(startDay);
      end = date(new Date(startDay.getTime() + between(1, 4) * dayMs));
    } else {
      timeZone = pick(TIMED_ZONES);
      const hour = between(8, 15);
      const hours = between(1, 8);
      const hh = (h: number) => String(h).padStart(2, '0');
      start = `${date(startDay)}T${hh(hour)}:${pick(['00', '30'])}`;
      end = `${date(startDay)}T${hh(hour + hours)}:00`;
    }
    const virtual = kind === 'webinar' || kind === 'coordination-call' || rand() < 0.2;
    const online = virtual ? `https://itu.zoom.us/j/${90000000 + i}` : null;
    const title = `${foreign ? pick(FOREIGN_TITLES) : pick(EN_TITLES)} (${office.city}, #${i + 1})`;
    result.push({
      id: `bench-${String(i).padStart(6, '0')}`,
      now: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 61_000).toISOString(),
      fields: {
        title,
        kind,
        status,
        visibility: 'public' as const,
        office: office.id,
        region: office.region,
        groups: eventGroups,
        partners,
        venue: {
          name: kind === 'webinar' || kind === 'coordination-call' ? null : `${office.name} conference centre`,
          city: kind === 'webinar' || kind === 'coordination-call' ? null : office.city,
          country: kind === 'webinar' || kind === 'coordination-call' ? null : office.country,
          virtual,
          url: online,
        },
        timeZone,
        start,
        end,
        description: text(sentences, 150, 400),
        language: 'en' as const,
        // one event in four with a French title, so searching and rendering carry translations
        translations: i % 4 === 0 ? { fr: { title: `Réunion régionale (${office.city}, n° ${i + 1})`, description: null } } : {},
        url: rand() < 0.5 ? null : `https://www.itu.int/en/ITU-T/Workshops-and-Seminars/2024/${i}/Pages/default.aspx`,
        // single events with the default reminders
        recurrence: null,
        reminders: null,
        notify: [],
      },
    });
  }
  return result;
}
/** Opens (migrates) a database at databasePath and inserts n synthetic events through EventStore in one transaction. */
export function fillDatabase(databasePath: string, n: number): { services: Stores; insertMs: number } {
  const services = compose({ ...loadConfig({}), databasePath, demoData: false, clock: systemClock, logLevel: 'silent' }).stores;
  const rows = syntheticEvents(services, n, n);
  const t0 = performance.now();
  writeTransaction(services.db, () => {
    for (const { id, fields, now } of rows) {
      const times = deriveEventTimes(fields.start, fields.end, fields.timeZone);
      if (isTimeProblem(times)) throw new Error(`synthetic event ${id}: ${times.field}: ${englishProblem(times)}`);
      services.events.insert(id, fields, times, now);
    }
  });
  const insertMs = performance.now() - t0;
  const stored = services.db.$client.prepare('select count(*) from events').pluck().get();
  if (stored !== n) throw new Error(`expected ${n} events, found ${String(stored)}`);
  return { services, insertMs };
}
