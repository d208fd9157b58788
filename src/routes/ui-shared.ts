import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RenderContext } from '../calendar/render.js';
import type { Clock } from '../config.js';
import type { FailureLimiter } from '../plugins/auth.js';
import type { AttendanceService } from '../services/attendance.js';
import type { EventService } from '../services/events.js';
import type { TokenService } from '../services/tokens.js';
import type { AuditStore } from '../store/audit.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';
import type { SessionStore } from '../store/sessions.js';
import type { TokenStore } from '../store/tokens.js';
import type { Viewer } from '../ui/layout.js';

/** What the page route modules share with ui.ts, which registers them: kept apart, so none imports another. */
export interface UiDeps {
  reference: Reference;
  events: EventStore;
  tokens: TokenStore;
  sessions: SessionStore;
  /** the limiter of the API's bearer tokens: sign-in failures count against the same budget */
  limiter: FailureLimiter;
  /** the office pages' writes, with the API's rules and messages */
  service: EventService;
  /** the office's private feed links */
  tokenService: TokenService;
  /** the event page's history, for signed-in staff */
  audit: AuditStore;
  attendance: AttendanceService;
  clock: Clock;
  publicBaseUrl: string;
  sessionSecret: string;
  /** what rendering an event for a calendar needs (the .ics download) */
  context: RenderContext;
  /** told of a change the database refused (answered 503): for /ready and the metrics */
  onWriteRefused?: (error: unknown) => void;
}

/** Everything a page function needs to know about the request. */
export interface PageTools {
  viewerOf(request: FastifyRequest): Viewer | undefined;
  sendPage(reply: FastifyReply, page: string, status?: number): FastifyReply;
}
