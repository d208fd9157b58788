import { mayManage } from '../domain/access.js';
import type { CalendarEvent } from '../domain/event.js';
import { forbidden, notFound } from '../http-problem.js';
import type { EventStore } from '../store/events.js';

/**
 * The event a write is about, if this office may act on it: 404 for an unknown id, 403 for
 * another office's event. Call inside the write transaction.
 */
export function manageableEvent(events: EventStore, id: string, office: string, action: string): CalendarEvent {
  const event = events.get(id);
  if (!event) throw notFound(`No event with id '${id}'`);
  if (!mayManage(office, event.office)) throw forbidden(`This event is organized by ${event.office}; a ${office} token cannot ${action}`);
  return event;
}
