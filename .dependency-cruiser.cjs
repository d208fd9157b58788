/**
 * The layers (README, Architecture): domain → store → services → routes, pages and CLI, each
 * importing only those below it, and no cycles. `npm test` runs this check.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'a cycle makes neither module readable alone', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain holds the rules on plain values: it imports nothing of ours but domain',
      from: { path: '^src/domain/' },
      to: { path: '^(src|db)/', pathNot: '^src/domain/' },
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
      to: { path: '^src/', pathNot: '^src/(domain|store)/' },
    },
    {
      name: 'services-below-routes',
      severity: 'error',
      comment: 'use cases never reach up to HTTP, pages or the command line',
      from: { path: '^src/(services|calendar|mail|reports)/' },
      // ui/html.ts, the escaping template, is a leaf that mail and reports write HTML with too
      to: { path: '^src/(routes|ui|cli|plugins)/|^src/(app|server)\\.ts$', pathNot: '^src/ui/html\\.ts$' },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'a route module is registered by app.ts (the pages by ui.ts, their plugin) and imported by nothing else',
      from: { path: '^src/', pathNot: '^src/(app|routes/ui)\\.ts$' },
      // helpers for route modules, which register no routes
      to: { path: '^src/routes/', pathNot: '^src/routes/(schemas|deps|ui-session|ui-shared)\\.ts$' },
    },
    {
      name: 'no-sql-above-store',
      severity: 'error',
      comment: 'routes, pages and the command line reach the database only through services and stores: no SQL, no transaction of their own',
      // app.ts, the composition root, opens the database; server.ts says it serves it
      from: { path: '^src/(routes|ui|cli|plugins)/' },
      // a type import (the handle the stores are built with) runs no SQL
      to: { path: '^src/store/database\\.ts$|^db/schema\\.ts$|node_modules/(drizzle-orm|better-sqlite3)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench|dist)/' },
  },
};
