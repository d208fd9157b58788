import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Root } from '../compose.js';

const FeedLink = Type.Object({
  title: Type.String(),
  description: Type.String(),
  path: Type.String({ description: 'path of the feed under the service, and of the file in a static export' }),
  url: Type.String({ description: 'the feed over http(s), from PUBLIC_BASE_URL' }),
  webcal: Type.String({ description: 'the same feed as webcal://, which opens the calendar app' }),
});

/** The feeds through Fastify (what the listening server's fast path leaves, and app.inject), and their list. */
export default async function feedRoutes(app: FastifyInstance, { root }: { root: Root }): Promise<void> {
  app.get('/feeds/*', { schema: { hide: true } }, async (request, reply) => {
    const answer = root.services.feedServer.answer(request.url, request.headers);
    return reply
      .code(answer.status)
      .headers(answer.headers)
      .send(answer.body ?? undefined);
  });

  app.get(
    '/api/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Every feed with its subscription links; /feeds/all.ics also takes region, group, office and kind filters',
        response: { 200: Type.Array(FeedLink) },
      },
    },
    async () => root.services.feeds.links(),
  );
}
