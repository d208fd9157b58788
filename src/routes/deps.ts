import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../config.js';
import type { EventService } from '../services/events.js';
import type { AttendanceService } from '../services/attendance.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';
import type { TokenStore } from '../store/tokens.js';

/** What the event, occurrence and attendance route modules are given by app.ts. */
export interface EventRoutesDeps {
  /** every write, and the reads that can refuse */
  service: EventService;
  /** the lists */
  events: EventStore;
  attendance: AttendanceService;
  reference: Reference;
  tokens: TokenStore;
  /** the office of a read's valid bearer token (ITU staff, who may see addresses), or undefined; a wrong one counts as a failed sign-in */
  reader: (request: FastifyRequest) => string | undefined;
  clock: Clock;
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}
