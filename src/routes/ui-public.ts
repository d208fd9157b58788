import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Root } from '../compose.js';
import { EVENT_KINDS } from '../domain/vocabulary.js';
import { FEED_DIMENSIONS, type FeedDimension } from '../calendar/feeds.js';
import { inLanguage, type Audience, type CalendarEvent } from '../domain/event.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { isIsoDate, isKnownZone, localDays } from '../domain/time.js';
import { badRequest } from '../http-problem.js';
import { SessionService } from '../services/sessions.js';
import { mayManage } from '../domain/access.js';
import type { ReferenceData } from '../domain/reference.js';
import type { Translator } from '../i18n/index.js';
import { kindLabel, regionName } from '../i18n/words.js';
import { pageLinks, queryString, type Choice } from '../ui/components.js';
import { eventPage } from '../ui/event.js';
import { homePage, type FilterChoices, type HomeData, type HomeFilters, type HomeView } from '../ui/home.js';
import { layoutMonth, listDays, type MonthItem } from '../ui/month.js';
import { subscribePage, type FeedSection } from '../ui/subscribe.js';
import { monthEnd, shiftMonth, utcDate } from '../ui/time.js';
import { StringEnum } from './schemas.js';
import { toFilter } from '../services/filters.js';
import { choiceCookie, type PageTools } from './ui-shared.js';
import { pastSummaryOf, summaryOf } from '../ui/summary.js';

export const PAGE_SIZE = 50;
/** what one day of the month grid shows (bars and entries); the rest are a link to that day's list */
export const DAY_CELL_LIMIT = 3;
/** past events shown when nothing upcoming matches */
export const RECENT_WHEN_NONE = 5;

/** The month grid's "times in" choice, kept in a cookie for a year: each event's own zone, or one zone for all. */
export const TIMES_COOKIE = 'tz';
export const OWN_ZONES = 'own';
const TIMES_COOKIE_SECONDS = 365 * 24 * 3600;

const IdFilter = Type.String({ maxLength: 500, pattern: '^([a-z0-9-]+(,[a-z0-9-]+)*)?$' });
const DateOrEmpty = Type.String({ maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$', description: 'YYYY-MM-DD' });

const HomeQuery = Type.Object(
  {
    region: Type.Optional(IdFilter),
    group: Type.Optional(IdFilter),
    office: Type.Optional(IdFilter),
    kind: Type.Optional(IdFilter),
    from: Type.Optional(DateOrEmpty),
    to: Type.Optional(DateOrEmpty),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    // 'list' is the upcoming list, as links before the past view said
    view: Type.Optional(StringEnum(['list', 'month', 'upcoming', 'past'] as const)),
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
    // the month grid's picker (a month and a year, for a form without script) and its "times in"
    year: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999 })),
    mon: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])$', description: 'MM' })),
    tz: Type.Optional(Type.String({ maxLength: 64, description: `'${OWN_ZONES}' or an IANA zone` })),
  },
  { additionalProperties: false },
);
type HomeQuery = Static<typeof HomeQuery>;

/** A multiple select sends one parameter a value; commas are taken too, as /feeds/all.ics takes them. */
const IdChoices = Type.Unsafe<string | string[]>({
  type: ['string', 'array'],
  maxLength: 500,
  pattern: '^([a-z0-9-]+(,[a-z0-9-]+)*)?$',
  items: { type: 'string', maxLength: 100, pattern: '^[a-z0-9-]*$' },
  maxItems: 100,
});
const SubscribeQuery = Type.Object(
  { region: Type.Optional(IdChoices), group: Type.Optional(IdChoices), office: Type.Optional(IdChoices), kind: Type.Optional(IdChoices) },
  { additionalProperties: false },
);
type SubscribeQuery = Static<typeof SubscribeQuery>;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

/** The notices a page shows after a change, by the `notice` parameter of its address. */
const NOTICES = ['created', 'saved', 'counts', 'cancelled', 'moved', 'skipped', 'restored'] as const;
type Notice = (typeof NOTICES)[number];
const isNotice = (value: unknown): value is Notice => typeof value === 'string' && (NOTICES as readonly string[]).includes(value);
/** What a notice says of an event: "in the feeds now" only of a public one; an internal one is seen signed in and in the private feeds. */
const noticeKey = (notice: Notice, event: Pick<CalendarEvent, 'visibility'>) =>
  event.visibility === 'internal' && (notice === 'created' || notice === 'saved')
    ? (`notice.${notice}Internal` as const)
    : (`notice.${notice}` as const);

export function filterChoices(reference: ReferenceData, t: Translator): FilterChoices {
  return {
    regions: reference.regions.map((r) => ({ value: r.id, label: regionName(t, r.id) })),
    groups: reference.groups.map((g) => ({ value: g.id, label: reference.groupName(g.id, t.locale) })),
    offices: reference.offices.map((o) => ({ value: o.id, label: reference.officeName(o.id, t.locale) })),
    kinds: EVENT_KINDS.map((k): Choice => ({ value: k, label: kindLabel(t, k) })),
  };
}

/**
 * What of `events` touches [from, to], as the month grid lays it out: each occurrence with the local
 * days it touches, in its own zone or, given `zone`, in that one (an all-day event keeps its dates).
 * Then the page's zone: `zone`, or the zone most of the timed occurrences are in; a time in another
 * zone is marked with it.
 */
function monthItems(
  events: CalendarEvent[],
  from: string,
  to: string,
  language: string,
  zone: string | undefined,
): { items: MonthItem[]; count: number; pageZone: string | undefined } {
  const items: (MonthItem & { own: string | null })[] = [];
  const shown = new Set<string>();
  for (const original of events) {
    const event = inLanguage(original, language);
    for (const o of occurrencesOf(event)) {
      const span = zone && !event.allDay ? inZone(o, zone) : o;
      const { first, last } = localDays(span, event.allDay);
      if (last < from || first > to) continue;
      items.push({
        id: event.id,
        title: event.title,
        language: event.language,
        first,
        last,
        time: event.allDay ? null : span.start.slice(11, 16),
        zone: null,
        own: event.allDay ? null : event.timeZone,
        cancelled: o.status === 'cancelled',
      });
      shown.add(event.id);
    }
  }
  // by first day, as the store sorts events by start; a series' occurrences fall among the others
  items.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const pageZone = zone ?? mostCommon(items.flatMap((i) => (i.own ? [i.own] : [])));
  return {
    items: items.map(({ own, ...item }) => ({ ...item, zone: zone !== undefined || own === pageZone ? null : own })),
    count: shown.size,
    pageZone,
  };
}

/** An occurrence's local start and end as they read in another zone. */
function inZone(o: { startsAt: string; endsAt: string }, zone: string): { start: string; end: string } {
  const local = (instant: string) => DateTime.fromISO(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
  return { start: local(o.startsAt), end: local(o.endsAt) };
}

/** The value met most often, the first met of equals; undefined for none. */
function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

/**
 * The month grid's "times in": the query's (kept in the cookie for the next visit), else the
 * cookie's; undefined for each event's own zone. A zone the query names that is none is a 400; one
 * in the cookie is forgotten.
 */
function timesIn(request: FastifyRequest, reply: FastifyReply, asked: string | undefined): string | undefined {
  const valid = (value: string | undefined) => value === OWN_ZONES || (value !== undefined && isKnownZone(value));
  if (asked !== undefined) {
    if (!valid(asked)) throw badRequest('tz', 'unknownZone', { zone: asked });
    if (request.cookies[TIMES_COOKIE] !== asked) reply.setCookie(TIMES_COOKIE, asked, choiceCookie(request, TIMES_COOKIE_SECONDS));
  }
  const chosen = asked ?? request.cookies[TIMES_COOKIE];
  return valid(chosen) && chosen !== OWN_ZONES ? chosen : undefined;
}

/** The offset a page asks for: `page` (from 1) or, as older links say, `offset`. */
function offsetOf(query: { page?: number | undefined; offset?: number | undefined }, size: number): number {
  if (query.page !== undefined && query.offset !== undefined) throw badRequest('page', 'pageAndOffset');
  return query.offset ?? ((query.page ?? 1) - 1) * size;
}

/** The home page's data; internal events only for a signed-in reader (ITU staff). */
function homeData(query: HomeQuery, root: Root, t: Translator, audience: Audience, zone: string | undefined): Omit<HomeData, 'viewer'> {
  const { reference, events } = root.services;
  const clock = root.clock;
  const f: HomeFilters = {
    region: query.region ?? '',
    group: query.group ?? '',
    office: query.office ?? '',
    kind: query.kind ?? '',
    from: query.from ?? '',
    to: query.to ?? '',
    q: (query.q ?? '').trim(),
  };
  for (const field of ['from', 'to'] as const)
    if (f[field] && !isIsoDate(f[field])) throw badRequest(field, 'notADate', { value: f[field] });
  const filter = {
    ...toFilter(
      {
        region: f.region || undefined,
        group: f.group || undefined,
        office: f.office || undefined,
        kind: f.kind || undefined,
        from: f.from || undefined,
        to: f.to || undefined,
        q: f.q || undefined,
      },
      reference,
    ),
    audience,
  };
  const view: HomeView = query.view === 'month' ? 'month' : query.view === 'past' ? 'past' : 'upcoming';
  const today = utcDate(clock());
  const base = { region: f.region, group: f.group, office: f.office, kind: f.kind, from: f.from, to: f.to, q: f.q };
  const hrefs: Record<HomeView, string> = {
    upcoming: `/${queryString(base)}`,
    past: `/${queryString({ ...base, view: 'past' })}`,
    month: `/${queryString({ ...base, view: 'month' })}`,
  };
  const common = { t, filters: f, choices: filterChoices(reference, t), today, hrefs };

  if (view === 'month') {
    // the picker's month and year, else the month asked for, else that of "from" or today
    const picked =
      query.year !== undefined || query.mon !== undefined
        ? `${String(query.year ?? Number(today.slice(0, 4))).padStart(4, '0')}-${query.mon ?? '01'}`
        : undefined;
    const month = picked ?? query.month ?? (f.from || today).slice(0, 7);
    // today where the reader reads the times: in the zone chosen, else the service's (UTC)
    const readerToday = zone ? DateTime.fromJSDate(clock(), { zone }).toISODate()! : today;
    const first = `${month}-01`;
    const last = monthEnd(month);
    const from = f.from && f.from > first ? f.from : first;
    const to = f.to && f.to < last ? f.to : last;
    // in another zone an occurrence may move a day: ask for a day more on each side, then keep [from, to]
    const wide = (date: string, days: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
    const matching = from <= to ? events.all({ ...filter, from: zone ? wide(from, -1) : from, to: zone ? wide(to, 1) : to }) : [];
    const { items, count, pageZone } = monthItems(matching, from, to, t.locale, zone);
    const weeks = layoutMonth(
      items,
      month,
      from,
      to,
      (date) => `/${queryString({ ...base, from: date, to: date })}`,
      DAY_CELL_LIMIT,
      t.weekStart,
      readerToday,
    );
    const link = (m: string) => ({ month: m, href: `/${queryString({ ...base, view: 'month', month: m })}` });
    return {
      ...common,
      view,
      month: {
        month,
        events: count,
        weeks,
        days: listDays(items, from, to, readerToday),
        prev: link(shiftMonth(month, -1)),
        next: link(shiftMonth(month, 1)),
        times: { chosen: zone, pageZone, instant: Date.parse(`${first}T12:00:00Z`) },
        today: readerToday,
      },
    };
  }

  const offset = offsetOf(query, PAGE_SIZE);
  if (view === 'past') {
    const page = events.past(filter, today, PAGE_SIZE, offset);
    const pageHref = (o: number) =>
      `/${queryString({ ...base, view: 'past', page: o >= PAGE_SIZE ? Math.floor(o / PAGE_SIZE) + 1 : undefined })}`;
    return {
      ...common,
      view,
      past: {
        items: page.items.map((p) => pastSummaryOf(t, p, reference)),
        total: page.total,
        offset,
        limit: PAGE_SIZE,
        ...pageLinks(offset, PAGE_SIZE, page.total, pageHref),
      },
    };
  }

  const from = f.from || today;
  const page = events.list({ ...filter, from }, PAGE_SIZE, offset);
  const pageHref = (o: number) => `/${queryString({ ...base, offset: o || undefined })}`;
  // nothing ahead: say so, and show what happened last
  const recent = page.total === 0 ? events.past(filter, today, RECENT_WHEN_NONE, 0).items.map((p) => pastSummaryOf(t, p, reference)) : [];
  return {
    ...common,
    view,
    list: {
      items: page.items.map((e) => summaryOf(t, e, reference, { from, to: f.to || undefined, today, counted: !!(f.from || f.to) })),
      total: page.total,
      offset,
      limit: PAGE_SIZE,
      ...pageLinks(offset, PAGE_SIZE, page.total, pageHref),
      recent,
    },
  };
}

function selectionOf(query: SubscribeQuery): Record<FeedDimension, string[]> {
  const values = (raw: string | string[] | undefined) =>
    (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(',')).filter(Boolean);
  return { regions: values(query.region), groups: values(query.group), offices: values(query.office), kinds: values(query.kind) };
}

export function publicPages(app: FastifyInstance, root: Root, tools: PageTools): void {
  const { reference, events, feeds, attendance, audit } = root.services;

  app.get('/', { schema: { hide: true, querystring: HomeQuery } }, async (request, reply) => {
    const viewer = tools.viewerOf(request);
    const query = request.query as HomeQuery;
    const data = homeData(query, root, request.t, viewer ? 'staff' : 'public', timesIn(request, reply, query.tz));
    return tools.sendPage(reply, homePage({ ...data, viewer }));
  });

  app.get('/events/:id.ics', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const audience = tools.viewerOf(request) ? 'staff' : 'public';
    const text = feeds.event(events.get(id, audience), audience, request.t);
    return reply
      .headers({
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9_-]/g, '_')}.ics"`,
        'cache-control': 'no-cache',
      })
      .send(text);
  });

  app.get('/events/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { t } = request;
    const viewer = tools.viewerOf(request);
    const event = events.get(id, viewer ? 'staff' : 'public');
    const notice = (request.query as Record<string, unknown>).notice;
    const page = eventPage({
      t,
      viewer,
      event,
      officeName: reference.officeName(event.office, t.locale),
      regionName: regionName(t, event.region),
      groups: event.groups.map((g) => ({ id: g, name: reference.groupName(g, t.locale) })),
      partners: event.partners.map((p) => reference.partnerName(p, t.locale)),
      occurrences: event.recurrence === null ? [] : occurrencesOf(event),
      canEdit: viewer !== undefined && mayManage(viewer.office, event.office),
      now: root.clock().toISOString(),
      canCount: viewer !== undefined && attendance.mayRegister(event, viewer.office),
      notice: isNotice(notice) ? t.t(noticeKey(notice, event)) : undefined,
      recorderName: (office) => reference.officeName(office, t.locale),
      history: viewer && request.uiSession ? audit.history(SessionService.actorOf(request.uiSession), event.id) : undefined,
    });
    return tools.sendPage(reply, page);
  });

  app.get('/subscribe', { schema: { hide: true, querystring: SubscribeQuery } }, async (request, reply) => {
    const { t } = request;
    // each feed in the page's language, and beside it in each of the six
    const links = feeds.links(t).map((link) => ({ ...link, languages: feeds.inEachLanguage(link.path, t.locale) }));
    const sections: FeedSection[] = FEED_DIMENSIONS.map((d) => ({
      id: `feeds-${d}`,
      heading: t.t('subscribe.section', { dimension: d }),
      feeds: links.filter((l) => l.path.startsWith(`/feeds/${d}/`)),
    }));
    const selection = selectionOf(request.query as SubscribeQuery);
    const combined = FEED_DIMENSIONS.some((d) => selection[d].length > 0) ? feeds.combined(selection, t) : undefined;
    const result = combined && { ...combined, languages: feeds.inEachLanguage(combined.path, t.locale) };
    const page = subscribePage({
      t,
      viewer: tools.viewerOf(request),
      all: links.find((l) => l.path === '/feeds/all.ics')!,
      sections,
      builder: {
        choices: filterChoices(reference, t),
        selected: { region: selection.regions, group: selection.groups, office: selection.offices, kind: selection.kinds },
        result,
      },
    });
    return tools.sendPage(reply, page);
  });
}
