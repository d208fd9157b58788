import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../config.js';
import type { CalendarEvent } from '../domain/event.js';
import type { Db } from '../store/database.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';
import type { TokenStore } from '../store/tokens.js';

/** What the event, occurrence and attendance route modules are given by app.ts. */
export interface EventRoutesDeps {
  db: Db;
  events: EventStore;
  reference: Reference;
  /** to tell ITU staff, who may see addresses, from anonymous readers */
  tokens: TokenStore;
  clock: Clock;
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** called after every committed change, with the event as it now is */
  onChange: (event: CalendarEvent) => void;
}
