import { venuePlace, type Venue } from '../domain/event.js';
import type { EventKind, RegionId } from '../domain/vocabulary.js';
import type { Translator } from './translator.js';

/*
 * The words every reader-facing surface shares (pages, feeds, mail, reports), said once here in
 * the reader's language.
 */

/** One event's kind: "Workshop", "Coordination call". */
export const kindName = (t: Translator, kind: EventKind) => t.t(`kind.${kind}`);

/** A kind as the name of a list or a feed: "Workshops". */
export const kindLabel = (t: Translator, kind: EventKind) => t.t(`kinds.${kind}`);

export const regionName = (t: Translator, region: RegionId) => t.t(`region.${region}`);

/**
 * Where an event is, as one line of text: every feed's LOCATION, the pages, the mail and the
 * report say it in the same words. "AICC, Arusha, Tanzania", "Geneva, Switzerland and online",
 * "Online"; null when nothing is known yet, for each reader to say so in its own way.
 */
export function venueText(t: Translator, venue: Venue): string | null {
  const place = venuePlace(venue);
  if (venue.virtual) return place ? t.t('venue.hybrid', { place }) : t.t('venue.online');
  return place;
}
