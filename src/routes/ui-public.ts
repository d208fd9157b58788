import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EVENT_KINDS } from '../domain/vocabulary.js';
import { combinedFeed, FEED_DIMENSIONS, feedCatalog, kindLabel, QUERY_PARAM, type FeedDimension } from '../calendar/feeds.js';
import { renderCalendar } from '../calendar/render.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { isIsoDate, localDays } from '../domain/time.js';
import { badRequest } from '../http-problem.js';
import { figuresRefusal } from '../domain/attendance.js';
import { mayManage } from '../plugins/auth.js';
import type { Reference } from '../store/reference.js';
import { queryString, type Choice } from '../ui/components.js';
import { eventPage } from '../ui/event.js';
import { homePage, type FilterChoices, type HomeData, type HomeFilters, type MonthDay, type MonthEntry } from '../ui/home.js';
import { subscribePage, type FeedSection } from '../ui/subscribe.js';
import { daysBetween, monthEnd, monthGrid, shiftMonth, utcDate } from '../ui/time.js';
import { feedLink } from '../services/feeds.js';
import { StringEnum } from './schemas.js';
import { toFilter } from '../services/filters.js';
import type { PageTools, UiDeps } from './ui-shared.js';
import { summaryOf } from '../ui/summary.js';

export const PAGE_SIZE = 50;
/** entries shown in one day of the month grid; the rest are a link to that day's list */
export const DAY_CELL_LIMIT = 4;

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
    view: Type.Optional(StringEnum(['list', 'month'] as const)),
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
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

const NOTICES: Record<string, string> = {
  created: 'The event was created. It is in the feeds now.',
  saved: 'The changes were saved. Subscribed calendars take them at their next refresh.',
  counts: 'The participant figures were saved.',
};

export function filterChoices(reference: Reference): FilterChoices {
  return {
    regions: reference.regions.map((r) => ({ value: r.id, label: r.name })),
    groups: reference.groups.map((g) => ({ value: g.id, label: g.name })),
    offices: reference.offices.map((o) => ({ value: o.id, label: o.name })),
    kinds: EVENT_KINDS.map((k): Choice => ({ value: k, label: kindLabel(k) })),
  };
}

/** The days of a month grid with what happens on each, in each event's own local dates. */
function monthDays(events: CalendarEvent[], month: string, from: string, to: string, dayHref: (date: string) => string): { weeks: MonthDay[][]; count: number } {
  const byDay = new Map<string, MonthEntry[]>();
  const shown = new Set<string>();
  for (const event of events) {
    for (const o of occurrencesOf(event)) {
      const { first, last } = localDays(o, event.allDay);
      if (last < from || first > to) continue;
      for (const date of daysBetween(first < from ? from : first, last > to ? to : last)) {
        const entries = byDay.get(date) ?? [];
        entries.push({ id: event.id, title: event.title, time: !event.allDay && date === first ? o.start.slice(11, 16) : null, cancelled: o.status === 'cancelled' });
        byDay.set(date, entries);
        shown.add(event.id);
      }
    }
  }
  const days = monthGrid(month).map(({ date, inMonth }): MonthDay => {
    const entries = inMonth ? (byDay.get(date) ?? []) : [];
    return { date, inMonth, entries: entries.slice(0, DAY_CELL_LIMIT), more: Math.max(0, entries.length - DAY_CELL_LIMIT), dayHref: dayHref(date) };
  });
  const weeks: MonthDay[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return { weeks, count: shown.size };
}

function homeData(query: HomeQuery, deps: UiDeps): Omit<HomeData, 'viewer'> {
  const { reference, events, clock } = deps;
  const f: HomeFilters = {
    region: query.region ?? '',
    group: query.group ?? '',
    office: query.office ?? '',
    kind: query.kind ?? '',
    from: query.from ?? '',
    to: query.to ?? '',
    q: (query.q ?? '').trim(),
  };
  for (const field of ['from', 'to'] as const) if (f[field] && !isIsoDate(f[field])) throw badRequest(field, `'${f[field]}' is not a date`);
  const filter = toFilter(
    { region: f.region || undefined, group: f.group || undefined, office: f.office || undefined, kind: f.kind || undefined, from: f.from || undefined, to: f.to || undefined, q: f.q || undefined },
    reference,
    (field, value) => badRequest(field, `'${value}' is not a known ${field}`),
  );
  const today = utcDate(clock());
  const base = { region: f.region, group: f.group, office: f.office, kind: f.kind, from: f.from, to: f.to, q: f.q };
  const common = { filters: f, choices: filterChoices(reference), today, listHref: `/${queryString(base)}`, monthHref: `/${queryString({ ...base, view: 'month' })}` };

  if (query.view === 'month') {
    const month = query.month ?? (f.from || today).slice(0, 7);
    const first = `${month}-01`;
    const last = monthEnd(month);
    const from = f.from && f.from > first ? f.from : first;
    const to = f.to && f.to < last ? f.to : last;
    const matching = from <= to ? events.all({ ...filter, from, to }) : [];
    const { weeks, count } = monthDays(matching, month, from, to, (date) => `/${queryString({ ...base, from: date, to: date })}`);
    const link = (m: string) => ({ month: m, href: `/${queryString({ ...base, view: 'month', month: m })}` });
    return { ...common, view: 'month', month: { month, events: count, weeks, prev: link(shiftMonth(month, -1)), next: link(shiftMonth(month, 1)) } };
  }

  const from = f.from || today;
  const offset = query.offset ?? 0;
  const page = events.list({ ...filter, from }, PAGE_SIZE, offset);
  const pageHref = (o: number) => `/${queryString({ ...base, offset: o || undefined })}`;
  return {
    ...common,
    view: 'list',
    list: {
      items: page.items.map((e) => summaryOf(e, reference, { from, to: f.to || undefined, today, counted: !!(f.from || f.to) })),
      total: page.total,
      offset,
      limit: PAGE_SIZE,
      prevHref: offset > 0 ? pageHref(Math.max(0, offset - PAGE_SIZE)) : undefined,
      nextHref: offset + PAGE_SIZE < page.total ? pageHref(offset + PAGE_SIZE) : undefined,
    },
  };
}

const SECTION_HEADINGS: Record<FeedDimension, string> = { regions: 'By region', groups: 'By group', offices: 'By office', kinds: 'By kind of event' };

function selectionOf(query: SubscribeQuery): Record<FeedDimension, string[]> {
  const values = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(',')).filter(Boolean);
  return { regions: values(query.region), groups: values(query.group), offices: values(query.office), kinds: values(query.kind) };
}

export function publicPages(app: FastifyInstance, deps: UiDeps, tools: PageTools): void {
  const { reference, service, clock, publicBaseUrl } = deps;

  app.get('/', { schema: { hide: true, querystring: HomeQuery } }, async (request, reply) => {
    const data = homeData(request.query as HomeQuery, deps);
    return tools.sendPage(reply, homePage({ ...data, viewer: tools.viewerOf(request) }));
  });

  app.get('/events/:id.ics', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const event = service.get(id);
    const text = renderCalendar({ title: event.title, description: `ITU-T regional event: ${event.title}` }, [event], deps.context);
    return reply
      .headers({ 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9_-]/g, '_')}.ics"`, 'cache-control': 'no-cache' })
      .send(text);
  });

  app.get('/events/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const event = service.get(id);
    const viewer = tools.viewerOf(request);
    const canEdit = viewer !== undefined && mayManage(viewer.office, event.office);
    const notice = (request.query as Record<string, unknown>).notice;
    const names = { office: reference.officeName, region: reference.regionName, group: reference.groupName };
    const page = eventPage({
      viewer,
      event,
      officeName: names.office(event.office),
      regionName: names.region(event.region),
      groups: event.groups.map((g) => ({ id: g, name: names.group(g) })),
      occurrences: event.recurrence === null ? [] : occurrencesOf(event),
      canEdit,
      canCount: viewer !== undefined && figuresRefusal(event, viewer.office, clock()) === undefined,
      notice: typeof notice === 'string' ? NOTICES[notice] : undefined,
      recorderName: names.office,
    });
    return tools.sendPage(reply, page);
  });

  app.get('/subscribe', { schema: { hide: true, querystring: SubscribeQuery } }, async (request, reply) => {
    const links = feedCatalog(reference).map((spec) => feedLink(spec, publicBaseUrl));
    const sections: FeedSection[] = FEED_DIMENSIONS.map((d) => ({ id: `feeds-${d}`, heading: SECTION_HEADINGS[d], feeds: links.filter((l) => l.path.startsWith(`/feeds/${d}/`)) }));
    const selection = selectionOf(request.query as SubscribeQuery);
    let result;
    if (FEED_DIMENSIONS.some((d) => selection[d].length > 0)) {
      const combined = combinedFeed(reference, selection);
      if ('unknown' in combined) {
        const param = QUERY_PARAM[combined.unknown.dimension];
        throw badRequest(param, `'${combined.unknown.id}' is not a known ${param}`);
      }
      result = feedLink(combined.feed, publicBaseUrl);
    }
    const choices = filterChoices(reference);
    const page = subscribePage({
      viewer: tools.viewerOf(request),
      all: links.find((l) => l.path === '/feeds/all.ics')!,
      sections,
      builder: { choices, selected: { region: selection.regions, group: selection.groups, office: selection.offices, kind: selection.kinds }, result },
    });
    return tools.sendPage(reply, page);
  });
}
