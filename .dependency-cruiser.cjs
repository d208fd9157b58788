/**
 * The layers (docs/architecture.md): domain → store → services → routes, pages and CLI, each
 * importing only those below it, and no cycles. Below them all, a few neutral modules (the HTML
 * template, the errors, the headers) and the catalogs (src/i18n/, which read the domain's words);
 * just above the catalogs, the HTTP problem, whose English message is the catalog's.
 * compose.ts builds the layers; app.ts puts Fastify in front of them. `npm test` runs this check.
 */
const NEUTRAL = '^src/(html|errors|http-headers)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'a cycle makes neither module readable alone', from: {}, to: { circular: true } },
    {
      name: 'neutral-modules-are-leaves',
      severity: 'error',
      comment: 'the HTML template, the errors and the headers import nothing of ours',
      from: { path: NEUTRAL },
      to: { path: '^(src|db)/', pathNot: NEUTRAL, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: "domain holds the rules on plain values: it imports nothing of ours but domain (never the words, which are the catalog's)",
      from: { path: '^src/domain/' },
      to: { path: '^(src|db)/', pathNot: '^src/domain/' },
    },
    {
      name: 'i18n-above-domain',
      severity: 'error',
      comment: 'the catalogs and the words read the domain and write HTML; nothing above',
      from: { path: '^src/i18n/' },
      to: { path: '^(src|db)/', pathNot: `^src/(domain|i18n)/|${NEUTRAL}` },
    },
    {
      name: 'http-problem-above-i18n',
      severity: 'error',
      comment: 'an HTTP problem is a domain problem with a status and its English sentence from the catalog: nothing above',
      from: { path: '^src/http-problem\\.ts$' },
      to: { path: '^(src|db)/', pathNot: `^src/(domain|i18n)/|${NEUTRAL}` },
    },
    {
      name: 'db-below-domain',
      severity: 'error',
      comment: 'db (schema, seeds) may use the domain vocabulary, never the reverse or anything above',
      from: { path: '^db/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment: 'the store is the only SQL; it knows the domain and db, nothing above',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: `^src/(domain|store)/|${NEUTRAL}` },
    },
    {
      name: 'services-below-routes',
      severity: 'error',
      comment: 'use cases never reach up to HTTP, pages, the command line or the composition root',
      from: { path: '^src/(services|calendar|mail|reports)/' },
      to: { path: '^src/(routes|ui|cli|plugins)/|^src/(app|server|compose)\\.ts$' },
    },
    {
      name: 'no-store-above-services',
      severity: 'error',
      comment: 'routes, pages, plugins and the command line reach the data only through services: they import nothing of the store',
      from: { path: '^src/(routes|ui|cli|plugins)/' },
      to: { path: '^src/store/|^db/|node_modules/(drizzle-orm|better-sqlite3)/' },
    },
    {
      name: 'cli-without-fastify',
      severity: 'error',
      comment: 'the command line is wired by compose.ts, like the service, without Fastify or the HTTP app',
      from: { path: '^src/cli/' },
      to: { path: '^src/(app|server)\\.ts$|^src/(routes|plugins)/|node_modules/fastify/' },
    },
    {
      name: 'compose-without-fastify',
      severity: 'error',
      comment:
        'the composition root builds the stores, services and reminders for the service, the command line and the tests: no HTTP in it',
      from: { path: '^src/compose\\.ts$' },
      to: { path: '^src/(app|server)\\.ts$|^src/(routes|ui|plugins|cli)/|node_modules/(fastify|@fastify)/' },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'a route module is registered by app.ts (the pages by routes/ui.ts, their plugin) and imported by nothing else',
      from: { path: '^src/', pathNot: '^src/(app|routes/ui)\\.ts$' },
      // helpers for route modules, which register no routes
      to: { path: '^src/routes/', pathNot: '^src/routes/(schemas|ui-session|ui-shared)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench|dist)/' },
  },
};
