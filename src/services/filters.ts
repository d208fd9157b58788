import type { EventFilter } from '../domain/event.js';
import { EVENT_KINDS, EVENT_STATUSES } from '../domain/vocabulary.js';
import { badRequest } from '../http-problem.js';
import type { ProblemCode } from '../domain/problems.js';
import type { ReferenceData } from '../domain/reference.js';

/** The filters of a list, a page or a report as sent: comma-separated ids, local dates, words. */
export interface FilterQuery {
  region?: string | undefined;
  group?: string | undefined;
  office?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const split = (value: string | undefined) => (value ? value.split(',') : undefined);

/** The problem of an id a filter does not know, by the filter's name. */
export const UNKNOWN_VALUE = {
  region: 'unknownRegion',
  group: 'unknownGroup',
  office: 'unknownOffice',
  kind: 'unknownKind',
  status: 'unknownStatus',
} as const satisfies Record<string, ProblemCode>;

/** Parses and checks filter values against the reference data: a 400 naming the filter with a value it does not know. */
export function toFilter(query: FilterQuery, reference: ReferenceData): EventFilter {
  const check = (field: keyof typeof UNKNOWN_VALUE, values: string[] | undefined, known: (v: string) => boolean) => {
    const bad = values?.find((v) => !known(v));
    if (bad !== undefined) throw badRequest(field, UNKNOWN_VALUE[field], { value: bad });
    return values;
  };
  if (query.from && query.to && query.to < query.from) throw badRequest('to', 'periodBackwards', { from: query.from, to: query.to });
  return {
    regions: check('region', split(query.region), (v) => reference.regionIds.has(v)),
    groups: check('group', split(query.group), (v) => reference.groupsById.has(v)),
    offices: check('office', split(query.office), (v) => reference.officesById.has(v)),
    kinds: check('kind', split(query.kind), (v) => (EVENT_KINDS as readonly string[]).includes(v)),
    statuses: check('status', split(query.status), (v) => (EVENT_STATUSES as readonly string[]).includes(v)),
    from: query.from,
    to: query.to,
    q: query.q,
  };
}
