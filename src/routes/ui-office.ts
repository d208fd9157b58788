import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import type { CalendarEvent } from '../domain/event.js';
import { httpProblem, HttpProblem } from '../http-problem.js';
import type { Message } from '../i18n/index.js';
import { mayManage } from '../domain/access.js';
import { TSB } from '../domain/vocabulary.js';
import { regionName } from '../i18n/words.js';
import { SessionService } from '../services/sessions.js';
import { clashKey } from '../domain/clashes.js';
import type { ClashReport } from '../services/clashes.js';
import { clashDigest, clashWarnings, SEEN_FIELD } from '../ui/clashes.js';
import { pageLinks, when } from '../ui/components.js';
import {
  apiBodyOf,
  attendanceBodyOf,
  attendanceFormPage,
  attendanceValuesOfEvent,
  attendanceValuesOfForm,
  eventFormPage,
  partnerValues,
  joinLocal,
  ruleWordsOf,
  splitLocal,
  text,
  valuesOfEvent,
  valuesOfForm,
  type FormProblem,
  type EventFormValues,
  type FormBody,
} from '../ui/forms.js';
import type { Viewer } from '../ui/layout.js';
import type { Translator } from '../i18n/index.js';
import { feedLinksPage, officePage, signInPage } from '../ui/office.js';
import { cancelPage, movePage, type Recipient } from '../ui/event-actions.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { utcDate } from '../ui/time.js';
import type { PageTools } from './ui-shared.js';
import { pastSummaryOf, summaryOf } from '../ui/summary.js';
import { StringEnum } from './schemas.js';
import { checkPost, cookieOptions, csrfToken, newNonce, safeNext, SESSION_COOKIE, SIGN_IN_COOKIE, signedCookie } from './ui-session.js';

/** Every IANA zone the runtime knows, for the form's searchable zone list (the service checks what is typed). */
const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();

/** How many upcoming events the office page lists, and past events a page of them. */
export const OFFICE_UPCOMING = 50;
/** past events shown when none is upcoming */
export const OFFICE_RECENT = 5;

const OfficeQuery = Type.Object(
  {
    view: Type.Optional(StringEnum(['upcoming', 'past'] as const)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
  },
  { additionalProperties: false },
);
type OfficeQuery = Static<typeof OfficeQuery>;

export function officePages(app: FastifyInstance, root: Root, tools: PageTools): void {
  const { reference, events, attendance, sessions, tokens, clashes } = root.services;
  const { publicBaseUrl, sessionSecret } = root.config;
  const secure = publicBaseUrl.startsWith('https:');
  const eventPath = (id: string) => `/events/${encodeURIComponent(id)}`;

  /** The signed-in office as the services know it. */
  const actorOf = (request: FastifyRequest) => SessionService.actorOf(request.uiSession!);

  /** What a form can fix (a 400, or a 409 for `fixable`) is shown beside its field; any other refusal is a page of its own. */
  function formProblem(error: unknown, ...fixable: number[]): FormProblem {
    if (error instanceof HttpProblem && (error.statusCode === 400 || fixable.includes(error.statusCode)))
      return { message: error.said, field: error.field };
    throw error;
  }

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
    if (!viewer) throw httpProblem(401, 'sessionEnded');
    checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
    return viewer;
  }

  const formChoices = (viewer: Viewer, t: Translator) => ({
    offices: reference.offices
      .filter((o) => mayManage(viewer.office, o.id))
      .map((o) => ({ value: o.id, label: reference.officeName(o.id, t.locale) })),
    regions: reference.regions.map((r) => ({ value: r.id, label: regionName(t, r.id) })),
    groups: reference.groups.map((g) => ({ value: g.id, label: reference.groupName(g.id, t.locale) })),
    partners: reference.partners
      .map((p) => ({ value: p.id, label: reference.partnerName(p.id, t.locale) }))
      .sort((a, b) => a.label.localeCompare(b.label, t.locale)),
    zones: ZONES,
  });

  const eventForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    values: EventFormValues,
    event?: CalendarEvent,
    problem?: FormProblem,
    status = 200,
    unseen?: ClashReport,
  ) =>
    tools.sendPage(
      reply,
      eventFormPage({
        t: request.t,
        viewer,
        event,
        values,
        problem,
        choices: formChoices(viewer, request.t),
        clashes: unseen && clashWarnings(request.t, unseen, reference.groupLabel),
      }),
      status,
    );

  /**
   * The collisions to show before saving (docs/pages.md): undefined to save at once, when the
   * draft collides with nothing, with nothing an edited event did not already collide with, or
   * only with what the office was shown and chose to save anyway. A draft the save would refuse
   * is left to the save, which says why.
   */
  function unseenClashes(request: FastifyRequest, body: Record<string, unknown>, event?: CalendarEvent): ClashReport | undefined {
    // another office's event is refused by the save, before any warning
    if (!mayManage(actorOf(request).office, String(body.office)) || (event && !mayManage(actorOf(request).office, event.office)))
      return undefined;
    const options = { audience: 'staff' as const, language: request.t.locale };
    try {
      const report = clashes.ofInput(body, { ...options, except: event });
      if (report.clashes.length === 0) return undefined;
      if (text(request.body as FormBody | undefined, SEEN_FIELD) === clashDigest(report.clashes)) return undefined;
      if (event) {
        const had = new Set(clashes.ofEvent(event, options).clashes.map(clashKey));
        if (report.clashes.every((c) => had.has(clashKey(c)))) return undefined;
      }
      return report;
    } catch (error) {
      // a warning never stops a save: a draft the save refuses is said by the save, and a check
      // that fails otherwise is logged
      if (!(error instanceof HttpProblem && error.statusCode === 400))
        request.log.error({ err: error }, 'the collisions of a draft could not be checked; saved without warnings');
      return undefined;
    }
  }

  // ---------------------------------------------------------------- sign-in and out

  /** A navigation the browser says began on another site, which is sent without SameSite=Strict cookies. */
  const fromElsewhere = (request: FastifyRequest) =>
    request.headers['sec-fetch-mode'] === 'navigate' && ['cross-site', 'same-site'].includes(String(request.headers['sec-fetch-site']));

  const signInForm = (request: FastifyRequest, reply: FastifyReply, next: string, problem?: Message, status = 200) => {
    const nonce = newNonce();
    reply.setCookie(SIGN_IN_COOKIE, nonce, cookieOptions(secure, '/sign-in', 3600));
    return tools.sendPage(reply, signInPage({ t: request.t, csrf: csrfToken(sessionSecret, 'sign-in', nonce), next, problem }), status);
  };

  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next as string | undefined) ?? '/office';
    if (request.uiSession) return reply.redirect(next, 303);
    // Arrived from another site (a link in a web mail): the browser kept the SameSite=Strict
    // session cookie back. Loaded again from this site, it sends it, and a signed-in office goes
    // straight on; one that is not signed in gets this same form. A browser that ignores Refresh
    // has the form already.
    if (fromElsewhere(request)) reply.header('refresh', `0; url=/sign-in?next=${encodeURIComponent(next)}`);
    return signInForm(request, reply, next);
  });

  app.post('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body as FormBody | undefined;
    const next = safeNext(text(body, 'next')) ?? '/office';
    const nonce = signedCookie(request, SIGN_IN_COOKIE);
    try {
      checkPost(request, publicBaseUrl, nonce && csrfToken(sessionSecret, 'sign-in', nonce), text(body, 'csrf'));
    } catch (error) {
      return signInForm(request, reply, next, (error as HttpProblem).said, 403);
    }
    let session;
    try {
      session = sessions.signIn(text(body, 'token').trim(), request.ip, request.uiSession);
    } catch (error) {
      // a token refused, or too many failures: said on the form; anything else is a page of its own
      if (!(error instanceof HttpProblem) || (error.statusCode !== 401 && error.statusCode !== 429)) throw error;
      reply.headers(error.headers);
      return signInForm(request, reply, next, error.said, error.statusCode);
    }
    reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(secure));
    reply.clearCookie(SIGN_IN_COOKIE, { path: '/sign-in' });
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const viewer = tools.viewerOf(request);
    if (viewer) {
      checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
      // ended in the store, so a copy of the cookie is signed out too
      sessions.signOut(request.uiSession!);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  // ---------------------------------------------------------------- the office's own page

  app.get('/office', { schema: { hide: true, querystring: OfficeQuery } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const { t } = request;
    const query = request.query as OfficeQuery;
    const isTsb = viewer.office === TSB;
    const today = utcDate(root.clock());
    const own = isTsb ? {} : { offices: [viewer.office] };
    // the same list as GET /api/attendance/missing, for this office (TSB: all of them)
    const missing = attendance.missing(isTsb ? {} : { office: viewer.office }).map((e) => summaryOf(t, e, reference, today));
    const hrefs = { upcoming: '/office', past: '/office?view=past' };
    if (query.view === 'past') {
      const offset = ((query.page ?? 1) - 1) * OFFICE_UPCOMING;
      const page = events.past(own, today, OFFICE_UPCOMING, offset);
      const pageHref = (o: number) => (o >= OFFICE_UPCOMING ? `/office?view=past&page=${Math.floor(o / OFFICE_UPCOMING) + 1}` : hrefs.past);
      const past = {
        items: page.items.map((p) => pastSummaryOf(t, p, reference)),
        total: page.total,
        offset,
        limit: OFFICE_UPCOMING,
        ...pageLinks(offset, OFFICE_UPCOMING, page.total, pageHref),
      };
      return tools.sendPage(reply, officePage({ t, viewer, isTsb, missing, view: 'past', hrefs, upcoming: [], recent: [], past }));
    }
    const upcoming = events
      .all({ ...own, from: today })
      .slice(0, OFFICE_UPCOMING)
      .map((e) => summaryOf(t, e, reference, today));
    // nothing ahead: the office's most recent events instead
    const recent = upcoming.length ? [] : events.past(own, today, OFFICE_RECENT, 0).items.map((p) => pastSummaryOf(t, p, reference));
    return tools.sendPage(reply, officePage({ t, viewer, isTsb, missing, view: 'upcoming', hrefs, upcoming, recent }));
  });

  // ---------------------------------------------------------------- events

  app.get('/events/new', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    // a token's office is a row of offices (a foreign key)
    const office = reference.officesById.get(viewer.office)!;
    const values = valuesOfForm({
      kind: 'meeting',
      status: 'confirmed',
      visibility: 'public',
      office: office.id,
      region: office.region,
      timeZone: office.timeZone,
    });
    return eventForm(request, reply, viewer, values);
  });

  app.post('/events/new', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const values = valuesOfForm(request.body as FormBody | undefined);
    const unseen = unseenClashes(request, apiBodyOf(values));
    if (unseen) return eventForm(request, reply, viewer, values, undefined, undefined, 200, unseen);
    try {
      const created = events.create(actorOf(request), apiBodyOf(values));
      return reply.redirect(`${eventPath(created.id)}?notice=created`, 303);
    } catch (error) {
      return eventForm(request, reply, viewer, values, undefined, formProblem(error), 400);
    }
  });

  app.get('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const event = events.manageable(actorOf(request), (request.params as { id: string }).id, 'change');
    const values = valuesOfEvent(event);
    return eventForm(request, reply, viewer, { ...values, partners: partnerValues(event.partners, reference.partnerOf) }, event);
  });

  app.post('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const event = events.get((request.params as { id: string }).id);
    // a cancelled event keeps its status unless the form sets it back (the undo of a cancellation)
    const values = valuesOfForm(request.body as FormBody | undefined);
    const unseen = unseenClashes(request, apiBodyOf(values), event);
    if (unseen) return eventForm(request, reply, viewer, values, event, undefined, 200, unseen);
    try {
      events.update(actorOf(request), event.id, apiBodyOf(values));
      return reply.redirect(`${eventPath(event.id)}?notice=saved`, 303);
    } catch (error) {
      return eventForm(request, reply, viewer, values, event, formProblem(error), 400);
    }
  });

  // ---------------------------------------------------------------- cancel, with who is told

  const cancelForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    event: CalendarEvent,
    reason = '',
    problem?: FormProblem,
    status = 200,
  ) => {
    const office = reference.officesById.get(event.office);
    const recipients: Recipient[] = [
      ...(office?.emails ?? []).map((address) => ({ address, role: 'office' as const })),
      { address: root.config.mail.tsbFocalPoint, role: 'tsb' as const },
      ...event.notify.map((address) => ({ address, role: 'notify' as const })),
    ].filter((r, i, all) => all.findIndex((o) => o.address.toLowerCase() === r.address.toLowerCase()) === i);
    const reminded = root.services.reminders.remindedOf(actorOf(request), event);
    return tools.sendPage(reply, cancelPage({ t: request.t, viewer, event, recipients, reminded, reason, problem }), status);
  };

  app.get('/events/:id/cancel', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const event = events.manageable(actorOf(request), (request.params as { id: string }).id, 'cancel');
    if (event.status === 'cancelled') return reply.redirect(eventPath(event.id), 303);
    return cancelForm(request, reply, viewer, event);
  });

  app.post('/events/:id/cancel', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const event = events.manageable(actorOf(request), (request.params as { id: string }).id, 'cancel');
    const reason = text(request.body as FormBody | undefined, 'reason');
    try {
      events.cancel(actorOf(request), event.id, { reason: reason.trim() || null });
      return reply.redirect(`${eventPath(event.id)}?notice=cancelled`, 303);
    } catch (error) {
      return cancelForm(request, reply, viewer, event, reason, formProblem(error), 400);
    }
  });

  // ---------------------------------------------------------------- one occurrence: move, skip, restore

  const occurrenceOf = (event: CalendarEvent, date: string) => {
    const found = event.recurrence === null ? undefined : occurrencesOf(event).find((o) => o.originalDate === date);
    if (!found) throw httpProblem(404, 'noOccurrence', { id: event.id, date });
    return found;
  };

  app.get('/events/:id/occurrences/:date', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const { id, date } = request.params as { id: string; date: string };
    const event = events.manageable(actorOf(request), id, 'change');
    const occurrence = occurrenceOf(event, date);
    const page = movePage({
      t: request.t,
      viewer,
      event,
      occurrence,
      start: splitLocal(occurrence.start),
      end: splitLocal(occurrence.end),
    });
    return tools.sendPage(reply, page);
  });

  app.post('/events/:id/occurrences/:date', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const { id, date } = request.params as { id: string; date: string };
    const event = events.manageable(actorOf(request), id, 'change');
    const occurrence = occurrenceOf(event, date);
    const body = request.body as FormBody | undefined;
    const start = { date: text(body, 'start.date'), time: text(body, 'start.time') };
    const end = { date: text(body, 'end.date'), time: text(body, 'end.time') };
    try {
      events.changeOccurrence(actorOf(request), id, date, { start: joinLocal(start, event.allDay), end: joinLocal(end, event.allDay) });
      return reply.redirect(`${eventPath(id)}?notice=moved#occurrence-${date}`, 303);
    } catch (error) {
      return tools.sendPage(reply, movePage({ t: request.t, viewer, event, occurrence, start, end, problem: formProblem(error) }), 400);
    }
  });

  app.post('/events/:id/occurrences/:date/skip', { schema: { hide: true } }, async (request, reply) => {
    postingViewer(request);
    const { id, date } = request.params as { id: string; date: string };
    events.changeOccurrence(actorOf(request), id, date, { cancelled: true });
    return reply.redirect(`${eventPath(id)}?notice=skipped#occurrence-${date}`, 303);
  });

  app.post('/events/:id/occurrences/:date/restore', { schema: { hide: true } }, async (request, reply) => {
    postingViewer(request);
    const { id, date } = request.params as { id: string; date: string };
    events.restoreOccurrence(actorOf(request), id, date);
    return reply.redirect(`${eventPath(id)}?notice=restored#occurrence-${date}`, 303);
  });

  // ---------------------------------------------------------------- the rule in words, as it is built

  /** The rule the form's repeat controls build and its words (describeRule): what site.js shows as the controls change. */
  app.get('/events/rule-words', { schema: { hide: true } }, async (request, reply) => {
    const values = valuesOfForm(request.query as FormBody);
    const { rule, words } = ruleWordsOf(request.t, values);
    return reply.header('cache-control', 'no-store').send({ rule, words });
  });

  // ---------------------------------------------------------------- private feed links

  const feedLinks = (reply: FastifyReply, request: FastifyRequest, viewer: Viewer, extra: { created?: string; notice?: string } = {}) => {
    // a page that may show a secret is kept by no cache
    reply.header('cache-control', 'no-store');
    return tools.sendPage(reply, feedLinksPage({ t: request.t, viewer, links: tokens.listFeedLinks(actorOf(request)), ...extra }));
  };

  app.get('/office/feeds', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const notice = (request.query as Record<string, unknown>).notice === 'revoked' ? request.t.t('feedLinks.revoked') : undefined;
    return feedLinks(reply, request, viewer, notice ? { notice } : {});
  });

  app.post('/office/feeds', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const label = text(request.body as FormBody | undefined, 'label').trim();
    const { path } = tokens.createFeedLink(actorOf(request), { office: viewer.office, label: label || null });
    // shown in the answer to the post, never in a URL (history, logs, Referer)
    return feedLinks(reply, request, viewer, { created: `${publicBaseUrl}${path}` });
  });

  app.post('/office/feeds/:id/revoke', { schema: { hide: true } }, async (request, reply) => {
    postingViewer(request);
    const id = (request.params as { id: string }).id;
    if (!tokens.revokeFeedLink(actorOf(request), id)) throw httpProblem(404, 'noFeedLink', { id });
    return reply.redirect('/office/feeds?notice=revoked', 303);
  });

  // ---------------------------------------------------------------- participant figures

  const attendanceForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    event: CalendarEvent,
    values = attendanceValuesOfEvent(event),
    problem?: FormProblem,
    status = 200,
  ) =>
    tools.sendPage(
      reply,
      attendanceFormPage({ t: request.t, viewer, event, when: when(request.t, event, event.allDay, event.timeZone), values, problem }),
      status,
    );

  app.get('/events/:id/attendance', { schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOrSignIn(request, reply);
    if (!viewer) return reply;
    const event = events.get((request.params as { id: string }).id);
    attendance.checkMayRegister(event, viewer.office);
    return attendanceForm(request, reply, viewer, event);
  });

  app.post('/events/:id/attendance', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const event = events.get((request.params as { id: string }).id);
    const values = attendanceValuesOfForm(request.body as FormBody | undefined);
    try {
      attendance.register(actorOf(request), event.id, attendanceBodyOf(values));
      return reply.redirect(`${eventPath(event.id)}?notice=counts`, 303);
    } catch (error) {
      const problem = formProblem(error, 409);
      return attendanceForm(request, reply, viewer, event, values, problem, (error as HttpProblem).statusCode);
    }
  });
}
