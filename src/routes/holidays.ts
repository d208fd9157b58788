import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Root } from '../compose.js';
import { CORRECTION_KINDS, HolidayCorrectionInput } from '../domain/holidays.js';
import { LANGUAGES } from '../domain/vocabulary.js';
import { MAX_HOLIDAY_PERIOD_DAYS } from '../services/holidays.js';
import { errorReplies, Nullable, StringEnum } from './schemas.js';

const IsoDate = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });
const Country = Type.String({ maxLength: 10, description: 'ISO 3166-1 alpha-2, e.g. EG', examples: ['EG'] });

const Holiday = Type.Object({
  date: Type.String({ description: 'the day, in the country' }),
  name: Type.String({
    description: 'in the language asked for where the library has it, else in English (a day TSB added: as TSB wrote it)',
  }),
  predicted: Type.Boolean({ description: 'a computed Islamic date that may move by a day when the moon is sighted' }),
  corrected: Type.Boolean({ description: 'TSB added, moved or confirmed it' }),
});

const Correction = Type.Object({
  id: Type.String(),
  country: Type.String(),
  kind: StringEnum(CORRECTION_KINDS),
  date: Type.String(),
  to: Nullable(Type.String()),
  name: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export default async function holidayRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = root.services.holidayCorrections;
  const security = [{ bearer: [] }];

  app.get(
    '/api/holidays',
    {
      schema: {
        tags: ['holidays'],
        summary: `A country's public holidays (date-holidays, with TSB's corrections), at most ${MAX_HOLIDAY_PERIOD_DAYS} days at once (anyone)`,
        querystring: Type.Object(
          {
            country: Country,
            from: Type.Optional({ ...IsoDate, description: 'first day (default: 1 January of this year, UTC)' }),
            to: Type.Optional({ ...IsoDate, description: 'last day, included (default: 31 December of the year of from)' }),
            lang: Type.Optional(StringEnum(LANGUAGES)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ country: Type.String(), from: Type.String(), to: Type.String(), holidays: Type.Array(Holiday) }),
          ...errorReplies(400),
        },
      },
    },
    async (request) => {
      const { country, lang } = request.query;
      const from = request.query.from ?? `${root.clock().getUTCFullYear()}-01-01`;
      const to = request.query.to ?? `${from.slice(0, 4)}-12-31`;
      const holidays = service.between(country, from, to, lang).map((h) => ({
        date: h.date,
        name: h.name,
        predicted: h.predicted,
        corrected: h.corrected ?? false,
      }));
      return { country, from, to, holidays };
    },
  );

  app.get(
    '/api/holidays/corrections',
    {
      schema: {
        tags: ['holidays'],
        summary: "TSB's corrections of a country's public holidays, by date (anyone)",
        querystring: Type.Object({ country: Country }, { additionalProperties: false }),
        response: { 200: Type.Array(Correction), ...errorReplies(400) },
      },
    },
    async (request) => service.corrections(request.query.country),
  );

  app.post(
    '/api/holidays/corrections',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['holidays'],
        summary: 'Add, remove, move or confirm a public holiday; re-plans the reminders that fall by that country’s days (TSB)',
        security,
        body: HolidayCorrectionInput,
        response: { 201: Correction, ...errorReplies(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(service.correct(request.actor!, request.body)),
  );

  app.delete(
    '/api/holidays/corrections/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['holidays'],
        summary: 'Withdraw a correction: the library’s day is back as it predicts it (TSB)',
        security,
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: Correction, ...errorReplies(401, 403, 404, 429) },
      },
    },
    async (request) => service.withdraw(request.actor!, request.params.id),
  );
}
