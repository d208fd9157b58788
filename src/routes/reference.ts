import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { GroupCreate, OfficeChange, PartnerCreate, ReferenceRename } from '../domain/shapes.js';
import { GROUP_KINDS, REGIONS } from '../domain/vocabulary.js';
import type { Root } from '../compose.js';
import { errorReplies, Nullable, StringEnum } from './schemas.js';

const Names = Type.Record(Type.String(), Type.String(), { description: "its name in the other languages, e.g. {fr: '…'}" });
const Region = Type.Object({ id: StringEnum(REGIONS), name: Type.String() });
const Office = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(['regional', 'area', 'headquarters'] as const),
  region: StringEnum(REGIONS),
  city: Type.String(),
  country: Type.String(),
  countryCode: Type.String({ description: 'ISO 3166-1 alpha-2: whose public holidays it keeps' }),
  timeZone: Type.String({ description: 'IANA time zone' }),
  emails: Type.Array(Type.String()),
  contact: Nullable(Type.String({ description: 'where replies to its mail go; null: its first address' })),
  languages: Type.Array(Type.String(), { description: 'the languages its mail is written in (ar, en, es, fr, ru, zh), the first first' }),
  workingDays: Type.Array(Type.Integer(), { description: 'ISO weekdays it works (1 Monday … 7 Sunday)' }),
});
const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(GROUP_KINDS),
  parent: Nullable(Type.String({ description: 'the study group of a regional group' })),
  names: Names,
});
const Partner = Type.Object({ id: Type.String(), name: Type.String(), names: Names });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

export default async function referenceRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reference, referenceEdits } = root.services;
  const authenticate = app.authenticate;
  const security = [{ bearer: [] }];

  app.get(
    '/api/reference',
    {
      schema: {
        tags: ['reference'],
        summary: 'All the reference data: regions, offices, groups and partners',
        response: {
          200: Type.Object({
            regions: Type.Array(Region),
            offices: Type.Array(Office),
            groups: Type.Array(Group),
            partners: Type.Array(Partner),
          }),
        },
      },
    },
    async () => ({
      regions: [...reference.regions],
      offices: [...reference.offices],
      groups: [...reference.groups],
      partners: [...reference.partners],
    }),
  );
  app.get(
    '/api/regions',
    { schema: { tags: ['reference'], summary: 'The six ITU regions', response: { 200: Type.Array(Region) } } },
    async () => [...reference.regions],
  );
  app.get(
    '/api/offices',
    { schema: { tags: ['reference'], summary: 'The field offices and TSB', response: { 200: Type.Array(Office) } } },
    async () => [...reference.offices],
  );
  app.get(
    '/api/groups',
    {
      schema: {
        tags: ['reference'],
        summary: 'Study groups, TSAG, regional and focus groups, JCAs, programmes',
        response: { 200: Type.Array(Group) },
      },
    },
    async () => [...reference.groups],
  );
  app.get(
    '/api/partners',
    {
      schema: {
        tags: ['reference'],
        summary: "The partners events are held with: an event's `partners` names them by id",
        response: { 200: Type.Array(Partner) },
      },
    },
    async () => [...reference.partners],
  );

  app.post(
    '/api/groups',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reference'],
        summary: 'Add a group, with the id it keeps for ever (TSB)',
        security,
        body: GroupCreate,
        response: { 201: Group, ...errorReplies(400, 401, 403, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(referenceEdits.addGroup(request.actor!, request.body)),
  );
  app.patch(
    '/api/groups/:id',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reference'],
        summary: 'Rename a group, in English or another language; its id, kind and parent stay (TSB)',
        security,
        params: IdParams,
        body: ReferenceRename,
        response: { 200: Group, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => referenceEdits.renameGroup(request.actor!, request.params.id, request.body),
  );
  app.post(
    '/api/partners',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reference'],
        summary: 'Add a partner, with the id it keeps for ever (TSB)',
        security,
        body: PartnerCreate,
        response: { 201: Partner, ...errorReplies(400, 401, 403, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(referenceEdits.addPartner(request.actor!, request.body)),
  );
  app.patch(
    '/api/partners/:id',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reference'],
        summary: 'Rename a partner; its id stays (TSB)',
        security,
        params: IdParams,
        body: ReferenceRename,
        response: { 200: Partner, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => referenceEdits.renamePartner(request.actor!, request.params.id, request.body),
  );
  app.patch(
    '/api/offices/:id',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reference'],
        summary: "Change an office's addresses, reply contact, languages or working week (TSB)",
        security,
        params: IdParams,
        body: OfficeChange,
        response: { 200: Office, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => referenceEdits.changeOffice(request.actor!, request.params.id, request.body),
  );
}
