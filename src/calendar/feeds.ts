import { EVENT_KINDS, type EventKind, type RegionId } from '../domain/vocabulary.js';
import type { EventFilter } from '../domain/event.js';
import type { ReferenceData } from '../domain/reference.js';
import type { Translator } from '../i18n/index.js';
import { kindLabel, regionName } from '../i18n/words.js';

/** A published calendar: where it lives, what it is called, which events it holds. */
export interface FeedSpec {
  /** path under /feeds, e.g. 'regions/africa.ics' or 'all.ics?group=sg13&region=africa' */
  key: string;
  title: string;
  /** what the feed holds, without the calendar's name: "Africa" for "ITU-T regional events: Africa" */
  scope: string;
  description: string;
  filter: EventFilter;
  /** a selection no event is in (see combinedFeed): rendered as an empty calendar, never as a wider one */
  nothing?: true;
}

export const FEED_DIMENSIONS = ['regions', 'groups', 'offices', 'kinds'] as const;
export type FeedDimension = (typeof FEED_DIMENSIONS)[number];
/** For each dimension, the ids that select some event (see feedValues in services/feeds.ts). */
export type FeedValues = Record<FeedDimension, ReadonlySet<string>>;

const FILTER_OF: Record<FeedDimension, keyof EventFilter> = { regions: 'regions', groups: 'groups', offices: 'offices', kinds: 'kinds' };
/** the query parameter of /feeds/all.ics for each dimension */
export const QUERY_PARAM = { regions: 'region', groups: 'group', offices: 'office', kinds: 'kind' } as const satisfies Record<
  FeedDimension,
  string
>;

/** The display name of one value of a dimension, or undefined when the value is unknown. */
export function labelOf(reference: ReferenceData, t: Translator, dimension: FeedDimension, id: string): string | undefined {
  switch (dimension) {
    case 'regions':
      return reference.regionIds.has(id) ? regionName(t, id as RegionId) : undefined;
    case 'groups':
      return reference.groupsById.has(id) ? reference.groupName(id, t.locale) : undefined;
    case 'offices':
      return reference.officesById.has(id) ? reference.officeName(id, t.locale) : undefined;
    case 'kinds':
      return (EVENT_KINDS as readonly string[]).includes(id) ? kindLabel(t, id as EventKind) : undefined;
  }
}

export function allFeed(t: Translator): FeedSpec {
  return {
    key: 'all.ics',
    title: t.t('feed.all.title'),
    scope: t.t('feed.all.title'),
    description: t.t('feed.all.description'),
    filter: {},
  };
}

export function singleFeed(reference: ReferenceData, t: Translator, dimension: FeedDimension, id: string): FeedSpec | undefined {
  const label = labelOf(reference, t, dimension, id);
  if (label === undefined) return undefined;
  const scope =
    dimension === 'groups' && reference.expandGroups([id]).length > 1 ? t.t('feed.withRegionalGroups', { group: label }) : label;
  return {
    key: `${dimension}/${id}.ics`,
    title: t.t('feed.title', { scope: label }),
    scope: label,
    description: t.t('feed.description', { scope }),
    filter: { [FILTER_OF[dimension]]: [id] },
  };
}

/**
 * A feed as an office's private link serves it: its name says whose private calendar it is
 * ("ITU Regional Office for Africa – private calendar"), in the feed's language, and its
 * description that internal events are in it. `office` is the office's name in that language.
 */
export function privateFeed(spec: FeedSpec, office: string, t: Translator): FeedSpec {
  const whole = spec.key === allFeed(t).key;
  return {
    ...spec,
    title: whole ? t.t('feed.private.title', { office }) : t.t('feed.private.titleScoped', { office, scope: spec.scope }),
    description: t.t('feed.private.description', { description: spec.description }),
  };
}

/** Every selection that no event is in: one feed, whatever ids made it so. */
const nothingFeed = (t: Translator): FeedSpec => ({
  key: 'all.ics?nothing',
  title: t.t('feed.nothing.title'),
  scope: t.t('feed.nothing.title'),
  description: t.t('feed.nothing.description'),
  filter: {},
  nothing: true,
});

/**
 * /feeds/all.ics with filters. The values are sorted and deduplicated, and given `values` (the
 * ids that select some event now) the ids that select nothing are left out of the key and the
 * name, so that every way of writing one selection is one feed with one cache entry and one
 * ETag: lists padded with ids of offices that have no event make no new feed. A dimension none
 * of whose ids selects anything makes the feed empty, never wider.
 */
export function combinedFeed(
  reference: ReferenceData,
  t: Translator,
  selection: Partial<Record<FeedDimension, string[]>>,
  values?: FeedValues,
): { feed: FeedSpec } | { unknown: { dimension: FeedDimension; id: string } } {
  const filter: EventFilter = {};
  const labels: string[] = [];
  const query: string[] = [];
  let nothing = false;
  for (const dimension of FEED_DIMENSIONS) {
    const requested = [...new Set(selection[dimension] ?? [])].sort();
    if (requested.length === 0) continue;
    const unknown = requested.find((id) => labelOf(reference, t, dimension, id) === undefined);
    if (unknown !== undefined) return { unknown: { dimension, id: unknown } };
    const ids = values ? requested.filter((id) => values[dimension].has(id)) : requested;
    if (ids.length === 0) {
      // go on: an unknown id further on is still refused
      nothing = true;
      continue;
    }
    (filter[FILTER_OF[dimension]] as string[]) = ids;
    labels.push(
      t.list(
        ids.map((id) => labelOf(reference, t, dimension, id)!),
        'disjunction',
      ),
    );
    query.push(`${QUERY_PARAM[dimension]}=${ids.join(',')}`);
  }
  if (nothing) return { feed: nothingFeed(t) };
  if (query.length === 0) return { feed: allFeed(t) };
  return {
    feed: {
      key: `all.ics?${query.join('&')}`,
      title: t.t('feed.title', { scope: labels.join(' · ') }),
      scope: labels.join(' · '),
      description: t.t('feed.description', { scope: labels.join('; ') }),
      filter,
    },
  };
}

/** Every single-dimension feed and all.ics: what /api/feeds lists and the static export writes. */
export function feedCatalog(reference: ReferenceData, t: Translator): FeedSpec[] {
  const ids: Record<FeedDimension, string[]> = {
    regions: reference.regions.map((r) => r.id),
    groups: reference.groups.map((g) => g.id),
    offices: reference.offices.map((o) => o.id),
    kinds: [...EVENT_KINDS],
  };
  return [allFeed(t), ...FEED_DIMENSIONS.flatMap((d) => ids[d].map((id) => singleFeed(reference, t, d, id)!))];
}
