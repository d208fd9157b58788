import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { GROUP_KINDS, REGIONS } from '../domain/vocabulary.js';
import type { Root } from '../compose.js';
import { Nullable, StringEnum } from './schemas.js';

const Region = Type.Object({ id: StringEnum(REGIONS), name: Type.String() });
const Office = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(['regional', 'area', 'headquarters'] as const),
  region: StringEnum(REGIONS),
  city: Type.String(),
  country: Type.String(),
  timeZone: Type.String({ description: 'IANA time zone' }),
  emails: Type.Array(Type.String()),
});
const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(GROUP_KINDS),
  parent: Nullable(Type.String({ description: 'the study group of a regional group' })),
});

export default async function referenceRoutes(app: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const { reference } = root.services;
  app.get(
    '/api/regions',
    { schema: { tags: ['reference'], summary: 'The six ITU regions', response: { 200: Type.Array(Region) } } },
    async () => reference.regions,
  );
  app.get(
    '/api/offices',
    { schema: { tags: ['reference'], summary: 'The field offices and TSB', response: { 200: Type.Array(Office) } } },
    async () => reference.offices,
  );
  app.get(
    '/api/groups',
    {
      schema: {
        tags: ['reference'],
        summary: 'Study groups, TSAG, regional and focus groups, programmes',
        response: { 200: Type.Array(Group) },
      },
    },
    async () => reference.groups,
  );
}
