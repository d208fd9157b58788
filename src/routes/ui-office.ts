import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVENT_KINDS } from '../domain/vocabulary.js';
import { kindName } from '../calendar/feeds.js';
import type { CalendarEvent } from '../domain/event.js';
import { HttpProblem, notFound } from '../http-problem.js';
import { mayManage, TSB } from '../plugins/auth.js';
import { when } from '../ui/components.js';
import {
  apiBodyOf,
  attendanceBodyOf,
  attendanceFormPage,
  attendanceValuesOfEvent,
  attendanceValuesOfForm,
  eventFormPage,
  text,
  valuesOfEvent,
  valuesOfForm,
  type ApiProblem,
  type EventFormValues,
  type FormBody,
} from '../ui/forms.js';
import type { Viewer } from '../ui/layout.js';
import { officePage, signInPage } from '../ui/office.js';
import { utcDate } from '../ui/time.js';
import { missingCounts } from '../domain/attendance.js';
import type { PageTools, UiDeps } from './ui-shared.js';
import { summaryOf } from '../ui/summary.js';
import { checkPost, cookieOptions, csrfToken, newNonce, safeNext, SESSION_COOKIE, SIGN_IN_COOKIE, signedCookie } from './ui-session.js';

/** How many upcoming events the office page lists. */
export const OFFICE_UPCOMING = 50;
const TOKEN_SHAPE = /^[A-Za-z0-9_.-]{1,200}$/;

interface ApiAnswer {
  status: number;
  body: { id?: string; message?: string; field?: string };
}

export function officePages(app: FastifyInstance, deps: UiDeps, tools: PageTools): void {
  const { reference, events, tokens, sessions, limiter, calls, clock, sessionSecret, publicBaseUrl } = deps;
  const secure = publicBaseUrl.startsWith('https:');
  const eventPath = (id: string) => `/events/${encodeURIComponent(id)}`;

  /** Calls the API as the signed-in office: every rule and every message is the API's. */
  async function api(request: FastifyRequest, method: 'POST' | 'PATCH' | 'PUT', url: string, body: unknown): Promise<ApiAnswer> {
    const res = await calls.as(request.uiSession!.office, (authorization) =>
      app.inject({
        method,
        url,
        headers: { authorization, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
        remoteAddress: request.ip,
      }),
    );
    return { status: res.statusCode, body: res.json() };
  }

  /** An API refusal that no form can fix: shown as a page with the API's status and message. */
  const refused = (answer: ApiAnswer) => new HttpProblem(answer.status, String(answer.body.message));

  /** The signed-in office, or a redirect to the sign-in page (null). */
  function viewerOrSignIn(request: FastifyRequest, reply: FastifyReply): Viewer | null {
    const viewer = tools.viewerOf(request);
    if (viewer) return viewer;
    void reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }

  /** A post must come from a signed-in office's own page of this site. */
  function postingViewer(request: FastifyRequest): Viewer {
    const viewer = tools.viewerOf(request);
    if (!viewer) throw new HttpProblem(401, 'Your session has ended: sign in again, then repeat the change.');
    checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
    return viewer;
  }

  function eventOr404(id: string): CalendarEvent {
    const event = events.get(id);
    if (!event) throw notFound(`No event with id '${id}'`);
    return event;
  }

  function mayEdit(viewer: Viewer, event: CalendarEvent, doing: string): void {
    if (!mayManage(viewer.office, event.office)) throw new HttpProblem(403, `This event is organized by ${event.office}; ${viewer.office} cannot ${doing}`);
  }

  const formChoices = (viewer: Viewer) => ({
    kinds: EVENT_KINDS.map((k) => ({ value: k, label: kindName(k) })),
    offices: reference.offices.filter((o) => mayManage(viewer.office, o.id)).map((o) => ({ value: o.id, label: o.name })),
    regions: reference.regions.map((r) => ({ value: r.id, label: r.name })),
    groups: reference.groups.map((g) => ({ value: g.id, label: g.name })),
    zones: [...new Set(reference.offices.map((o) => o.timeZone))].sort(),
  });

  const eventForm = (reply: FastifyReply, viewer: Viewer, values: EventFormValues, event?: CalendarEvent, problem?: ApiProblem, status = 200) =>
    tools.sendPage(reply, eventFormPage({ viewer, event, values, problem, choices: formChoices(viewer) }), status);

  // ---------------------------------------------------------------- sign-in and out

  const signInForm = (reply: FastifyReply, next: string, problem?: string, status = 200) => {
    const nonce = newNonce();
    reply.setCookie(SIGN_IN_COOKIE, nonce, cookieOptions(secure, '/sign-in', 3600));
    return tools.sendPage(reply, signInPage({ csrf: csrfToken(sessionSecret, 'sign-in', nonce), next, problem }), status);
  };

  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next as string | undefined) ?? '/office';
    if (request.uiSession) return reply.redirect(next, 303);
    return signInForm(reply, next);
  });

  app.post('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body as FormBody | undefined;
    const next = safeNext(text(body, 'next')) ?? '/office';
    const nonce = signedCookie(request, SIGN_IN_COOKIE);
    try {
      checkPost(request, publicBaseUrl, nonce && csrfToken(sessionSecret, 'sign-in', nonce), text(body, 'csrf'));
    } catch (error) {
      return signInForm(reply, next, (error as HttpProblem).message, 403);
    }
    const token = text(body, 'token').trim();
    const found = TOKEN_SHAPE.test(token) ? tokens.identify(token) : undefined;
    if (!found) {
      // as for bearer tokens: only failures are limited, a valid token always signs in
      const wait = limiter.retryAfter(request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return signInForm(reply, next, `Too many failed sign-in attempts; try again in ${wait} seconds`, 429);
      }
      limiter.fail(request.ip);
      return signInForm(reply, next, 'That token is not valid: it is unknown, mistyped or revoked.', 401);
    }
    // a sign-in over a session replaces it rather than leaving it open beside the new one
    if (request.uiSession) sessions.end(request.uiSession.id, clock());
    reply.setCookie(SESSION_COOKIE, sessions.create(found.id, found.office, clock()), cookieOptions(secure));
    reply.clearCookie(SIGN_IN_COOKIE, { path: '/sign-in' });
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const viewer = tools.viewerOf(request);
    if (viewer) {
      checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
      // ended in the store, so a copy of the cookie is signed out too
      sessions.end(request.uiSession!.id, clock());
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  // ---------------------------------------------------------------- the office's own page

  app.get('/office', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const isTsb = viewer.office === TSB;
    const today = utcDate(clock());
    const own = isTsb ? {} : { offices: [viewer.office] };
    // the same list as GET /api/attendance/missing, for this office (TSB: all of them)
    const missing = missingCounts(events.all({ ...own, statuses: ['confirmed'] }), clock()).map((e) => summaryOf(e, reference, today));
    const upcoming = events
      .all({ ...own, from: today })
      .slice(0, OFFICE_UPCOMING)
      .map((e) => summaryOf(e, reference, today));
    return tools.sendPage(reply, officePage({ viewer, isTsb, missing, upcoming }));
  });

  // ---------------------------------------------------------------- events

  app.get('/events/new', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    // a token's office is a row of offices (a foreign key)
    const office = reference.officesById.get(viewer.office)!;
    const values = valuesOfForm({ kind: 'meeting', status: 'confirmed', office: office.id, region: office.region, timeZone: office.timeZone });
    return eventForm(reply, viewer, values);
  });

  app.post('/events/new', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const values = valuesOfForm(request.body as FormBody | undefined);
    const answer = await api(request, 'POST', '/api/events', apiBodyOf(values));
    if (answer.status === 201) return reply.redirect(`${eventPath(answer.body.id!)}?notice=created`, 303);
    if (answer.status === 400) return eventForm(reply, viewer, values, undefined, answer.body as ApiProblem, 400);
    throw refused(answer);
  });

  app.get('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const event = eventOr404((request.params as { id: string }).id);
    mayEdit(viewer, event, 'change it');
    return eventForm(reply, viewer, valuesOfEvent(event), event);
  });

  app.post('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const event = eventOr404((request.params as { id: string }).id);
    const values = { ...valuesOfForm(request.body as FormBody | undefined), ...(event.status === 'cancelled' ? { status: 'cancelled' } : {}) };
    const answer = await api(request, 'PATCH', `/api/events/${encodeURIComponent(event.id)}`, apiBodyOf(values));
    if (answer.status === 200) return reply.redirect(`${eventPath(event.id)}?notice=saved`, 303);
    if (answer.status === 400) return eventForm(reply, viewer, values, event, answer.body as ApiProblem, 400);
    throw refused(answer);
  });

  // ---------------------------------------------------------------- participant figures

  const attendanceForm = (reply: FastifyReply, viewer: Viewer, event: CalendarEvent, values = attendanceValuesOfEvent(event), problem?: ApiProblem, status = 200) =>
    tools.sendPage(reply, attendanceFormPage({ viewer, event, when: when(event, event.allDay, event.timeZone), values, problem }), status);

  app.get('/events/:id/attendance', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const event = eventOr404((request.params as { id: string }).id);
    mayEdit(viewer, event, 'register its figures');
    if (event.status === 'cancelled') throw new HttpProblem(409, 'This event was cancelled: there is nothing to count');
    if (Date.parse(event.startsAt) > clock().getTime()) throw new HttpProblem(409, 'Participant figures can be registered once the event has started; it is still ahead');
    return attendanceForm(reply, viewer, event);
  });

  app.post('/events/:id/attendance', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const event = eventOr404((request.params as { id: string }).id);
    const values = attendanceValuesOfForm(request.body as FormBody | undefined);
    const answer = await api(request, 'PUT', `/api/events/${encodeURIComponent(event.id)}/attendance`, attendanceBodyOf(values));
    if (answer.status === 200) return reply.redirect(`${eventPath(event.id)}?notice=counts`, 303);
    if (answer.status === 400 || answer.status === 409) return attendanceForm(reply, viewer, event, values, answer.body as ApiProblem, answer.status);
    throw refused(answer);
  });
}
