import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { httpProblem, HttpProblem } from '../http-problem.js';
import { SessionService } from '../services/sessions.js';
import { text, type FormBody } from '../ui/forms.js';
import { holidaysPage, holidaysPath, type HolidaysData } from '../ui/holidays.js';
import type { Viewer } from '../ui/layout.js';
import { checkPost } from './ui-session.js';
import type { PageTools } from './ui-shared.js';

const HolidaysQuery = Type.Object(
  {
    country: Type.Optional(Type.String({ maxLength: 10 })),
    year: Type.Optional(Type.Integer({ minimum: 1970, maximum: 2200 })),
    notice: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
type HolidaysQuery = Static<typeof HolidaysQuery>;

/** TSB's page of public holidays: a country's year from the library, with TSB's corrections and the forms to make them. */
export function holidayPages(app: FastifyInstance, root: Root, tools: PageTools): void {
  const { reference, holidayCorrections: service } = root.services;
  const { publicBaseUrl } = root.config;
  const actorOf = (request: FastifyRequest) => SessionService.actorOf(request.uiSession!);
  // the offices' countries, Cairo's first where TSB starts
  const countries = [...new Set(reference.offices.map((o) => o.countryCode).filter(Boolean))];
  const firstCountry = reference.officesById.get('ro-arab-states')?.countryCode ?? countries[0] ?? 'CH';

  function postingViewer(request: FastifyRequest): Viewer {
    const viewer = tools.viewerOf(request);
    if (!viewer) throw httpProblem(401, 'sessionEnded');
    checkPost(request, publicBaseUrl, viewer.csrf, text(request.body as FormBody | undefined, 'csrf'));
    return viewer;
  }

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    country: string,
    year: number,
    extra: Pick<HolidaysData, 'notice' | 'problem' | 'values'> = {},
    status = 200,
  ) {
    const { t } = request;
    const shown = service.year(country, year, t.locale);
    const english = t.locale === 'en' ? shown : service.year(country, year, 'en');
    // the names the library has only in English: marked as English on a page in another language
    const englishNames = new Set(t.locale === 'en' ? [] : english.library.map((h) => h.name));
    const offices = reference.offices
      .filter((o) => o.countryCode === country)
      .map((o) => ({ name: reference.officeName(o.id, t.locale), workingDays: o.workingDays }));
    return tools.sendPage(reply, holidaysPage({ t, viewer, countries, offices, ...shown, englishNames, ...extra }), status);
  }

  app.get('/office/holidays', { schema: { hide: true, querystring: HolidaysQuery } }, async (request, reply) => {
    const viewer = tools.viewerOf(request);
    if (!viewer) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    service.checkMayCorrect(actorOf(request));
    const query = request.query as HolidaysQuery;
    const country = (query.country ?? firstCountry).toUpperCase();
    const year = query.year ?? root.clock().getUTCFullYear();
    const notice =
      query.notice === 'saved'
        ? request.t.t('holidays.saved')
        : query.notice === 'withdrawn'
          ? request.t.t('holidays.withdrawn')
          : undefined;
    return render(request, reply, viewer, country, year, { notice });
  });

  app.post('/office/holidays/corrections', { schema: { hide: true } }, async (request, reply) => {
    const viewer = postingViewer(request);
    const body = request.body as FormBody | undefined;
    const country = text(body, 'country').trim().toUpperCase();
    const year = Number(text(body, 'year')) || root.clock().getUTCFullYear();
    const kind = text(body, 'kind');
    const values = { date: text(body, 'date'), name: text(body, 'name'), note: text(body, 'note') };
    const optional = (value: string) => (value.trim() ? value : undefined);
    try {
      service.correct(actorOf(request), {
        country,
        kind,
        date: values.date,
        ...(kind === 'move' ? { to: text(body, 'to') } : {}),
        ...(kind === 'add' ? { name: values.name } : {}),
        ...(optional(values.note) ? { note: values.note } : {}),
      });
      return reply.redirect(`${holidaysPath(country, year)}&notice=saved`, 303);
    } catch (error) {
      if (!(error instanceof HttpProblem) || (error.statusCode !== 400 && error.statusCode !== 409)) throw error;
      // the add form's fields are shown beside the problem; a row's correction is said at the top
      const field = kind === 'add' && ['date', 'name', 'note'].includes(error.field ?? '') ? error.field : undefined;
      return render(
        request,
        reply,
        viewer,
        country,
        year,
        { problem: { message: request.t.say(error.said), field }, values: kind === 'add' ? values : undefined },
        error.statusCode,
      );
    }
  });

  app.post('/office/holidays/corrections/:id/withdraw', { schema: { hide: true } }, async (request, reply) => {
    postingViewer(request);
    const body = request.body as FormBody | undefined;
    const withdrawn = service.withdraw(actorOf(request), (request.params as { id: string }).id);
    const year = Number(text(body, 'year')) || Number(withdrawn.date.slice(0, 4));
    return reply.redirect(`${holidaysPath(withdrawn.country, year)}&notice=withdrawn`, 303);
  });
}
