import { EVENT_KINDS } from '../domain/vocabulary.js';
import type { EventFilter } from '../domain/event.js';
import type { Reference } from '../store/reference.js';

/** A published calendar: where it lives, what it is called, which events it holds. */
export interface FeedSpec {
  /** path under /feeds, e.g. 'regions/africa.ics' or 'all.ics?group=sg13&region=africa' */
  key: string;
  title: string;
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
export const QUERY_PARAM: Record<FeedDimension, string> = { regions: 'region', groups: 'group', offices: 'office', kinds: 'kind' };

/** One event's kind as a reader says it: "Workshop", "Coordination call". */
export function kindName(kind: string): string {
  return kind === 'coordination-call' ? 'Coordination call' : `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
}

/** A kind as the name of a list or a feed: "Workshops". */
export function kindLabel(kind: string): string {
  return `${kindName(kind)}s`;
}

/** The display name of one value of a dimension, or undefined when the value is unknown. */
export function labelOf(reference: Reference, dimension: FeedDimension, id: string): string | undefined {
  switch (dimension) {
    case 'regions':
      return reference.regions.find((r) => r.id === id)?.name;
    case 'groups':
      return reference.groupsById.get(id)?.name;
    case 'offices':
      return reference.officesById.get(id)?.name;
    case 'kinds':
      return (EVENT_KINDS as readonly string[]).includes(id) ? kindLabel(id) : undefined;
  }
}

const ALL_TITLE = 'ITU-T regional events';

export function allFeed(): FeedSpec {
  return { key: 'all.ics', title: ALL_TITLE, description: 'All ITU-T events held with the ITU regional and area offices', filter: {} };
}

export function singleFeed(reference: Reference, dimension: FeedDimension, id: string): FeedSpec | undefined {
  const label = labelOf(reference, dimension, id);
  if (label === undefined) return undefined;
  const scope = dimension === 'groups' && reference.expandGroups([id]).length > 1 ? `${label}, with its regional groups` : label;
  return {
    key: `${dimension}/${id}.ics`,
    title: `${ALL_TITLE}: ${label}`,
    description: `ITU-T regional events: ${scope}`,
    filter: { [FILTER_OF[dimension]]: [id] },
  };
}

/** Every selection that no event is in: one feed, whatever ids made it so. */
const NOTHING: FeedSpec = {
  key: 'all.ics?nothing',
  title: `${ALL_TITLE}: no event matches this selection`,
  description: 'ITU-T regional events: no event matches this selection yet',
  filter: {},
  nothing: true,
};

/**
 * /feeds/all.ics with filters. The values are sorted and deduplicated, and given `values` (the
 * ids that select some event now) the ids that select nothing are left out of the key and the
 * name, so that every way of writing one selection is one feed with one cache entry and one
 * ETag: lists padded with ids of offices that have no event make no new feed. A dimension none
 * of whose ids selects anything makes the feed empty, never wider.
 */
export function combinedFeed(
  reference: Reference,
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
    const unknown = requested.find((id) => labelOf(reference, dimension, id) === undefined);
    if (unknown !== undefined) return { unknown: { dimension, id: unknown } };
    const ids = values ? requested.filter((id) => values[dimension].has(id)) : requested;
    if (ids.length === 0) {
      // go on: an unknown id further on is still refused
      nothing = true;
      continue;
    }
    (filter[FILTER_OF[dimension]] as string[]) = ids;
    labels.push(ids.map((id) => labelOf(reference, dimension, id)!).join(' or '));
    query.push(`${QUERY_PARAM[dimension]}=${ids.join(',')}`);
  }
  if (nothing) return { feed: NOTHING };
  if (query.length === 0) return { feed: allFeed() };
  return {
    feed: {
      key: `all.ics?${query.join('&')}`,
      title: `${ALL_TITLE}: ${labels.join(' · ')}`,
      description: `ITU-T regional events: ${labels.join('; ')}`,
      filter,
    },
  };
}

/** Every single-dimension feed and all.ics: what /api/feeds lists and the static export writes. */
export function feedCatalog(reference: Reference): FeedSpec[] {
  const ids: Record<FeedDimension, string[]> = {
    regions: reference.regions.map((r) => r.id),
    groups: reference.groups.map((g) => g.id),
    offices: reference.offices.map((o) => o.id),
    kinds: [...EVENT_KINDS],
  };
  return [allFeed(), ...FEED_DIMENSIONS.flatMap((d) => ids[d].map((id) => singleFeed(reference, d, id)!))];
}
