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
}

export const FEED_DIMENSIONS = ['regions', 'groups', 'offices', 'kinds'] as const;
export type FeedDimension = (typeof FEED_DIMENSIONS)[number];

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

/**
 * /feeds/all.ics with filters: the values are sorted so that the same selection, in whatever
 * order it was written, is one feed with one cache entry and one ETag.
 */
export function combinedFeed(
  reference: Reference,
  selection: Partial<Record<FeedDimension, string[]>>,
): { feed: FeedSpec } | { unknown: { dimension: FeedDimension; id: string } } {
  const filter: EventFilter = {};
  const labels: string[] = [];
  const query: string[] = [];
  for (const dimension of FEED_DIMENSIONS) {
    const ids = [...new Set(selection[dimension] ?? [])].sort();
    if (ids.length === 0) continue;
    const names: string[] = [];
    for (const id of ids) {
      const label = labelOf(reference, dimension, id);
      if (label === undefined) return { unknown: { dimension, id } };
      names.push(label);
    }
    (filter[FILTER_OF[dimension]] as string[]) = ids;
    labels.push(names.join(' or '));
    query.push(`${QUERY_PARAM[dimension]}=${ids.join(',')}`);
  }
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
