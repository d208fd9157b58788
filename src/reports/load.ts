import type { Audience, CalendarEvent } from '../domain/event.js';
import type { ReferenceData } from '../domain/reference.js';
import type { RegionId } from '../domain/vocabulary.js';
import type { Translator } from '../i18n/index.js';
import type { EventStore } from '../store/events.js';
import { buildActivityReport, previousPeriod, type ActivityReport } from './activity.js';

/**
 * Reads the events of the period and of the one before, and builds the report in `t`'s language.
 * The public report (the default) leaves internal events out; ITU staff's includes them.
 */
export function loadActivityReport(
  t: Translator,
  events: EventStore,
  reference: ReferenceData,
  query: { from: string; to: string; region: RegionId | null },
  audience: Audience = 'public',
): ActivityReport {
  const regions = query.region ? [query.region] : undefined;
  const previous = previousPeriod(query.from, query.to);
  // partners of the list by their names in the report's language (an id never reaches a report)
  const named = (list: CalendarEvent[]) => list.map((e) => ({ ...e, partners: e.partners.map((p) => reference.partnerName(p, t.locale)) }));
  return buildActivityReport(t, {
    ...query,
    regions: reference.regions.map((r) => ({ id: r.id, name: t.t(`region.${r.id}`) })),
    events: named(events.all({ from: query.from, to: query.to, regions, audience })),
    previousEvents: named(events.all({ from: previous.from, to: previous.to, regions, audience })),
    regionalOffice: (region) => {
      // named in the report's language, as the region beside it is
      const office = reference.offices.find((o) => o.kind === 'regional' && o.region === region);
      return office ? reference.officeName(office.id, t.locale) : null;
    },
  });
}
