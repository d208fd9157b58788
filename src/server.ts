import path from 'node:path';
import { startBanner, type StartFacts } from './banner.js';
import { prepareZones } from './calendar/render.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { runtimeWarning } from './runtime.js';
import { registerServingProcess } from './store/database.js';

/** After the first signal, the service has this long to stop by itself before it is ended. */
const SHUTDOWN_LIMIT_MS = 15_000;

// The only place that listens; everything else is built by buildApp and used by the tests too.
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp(config);
  const outdated = runtimeWarning(process.versions.node, config.clock());
  if (outdated) app.log.warn({ node: process.versions.node }, outdated);
  const unregister = registerServingProcess(config.databasePath);
  let closing = false;
  const close = async (signal: string) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting at once');
      unregister();
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: no new requests or reminders, finishing those in flight');
    setTimeout(() => {
      app.log.error('shutdown took too long: exiting');
      unregister();
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      // the dispatcher stops at a message boundary while the server lets its requests finish
      await Promise.all([app.reminders.dispatcher.stop(), app.close()]);
    } finally {
      unregister();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  // what changed while the service was down (demo data loaded, a restore, a deploy) is planned
  // before anything is sent; planning never drops what is due, so the dispatcher sends it late
  for (const { event, error } of app.reminders.planner.planAll().failed) app.log.error({ event, err: error }, 'could not plan the reminders of an event; the others are planned');
  // the zone years the feeds need are scanned now, not by the first subscriber to ask
  for (const event of app.services.events.all({})) prepareZones(event);
  await app.listen({ host: config.host, port: config.port });
  app.reminders.dispatcher.start();
  const facts: StartFacts = {
    // PORT=0 picks a free port: only the listening socket knows it
    baseUrl: config.port === 0 ? app.listeningOrigin : config.publicBaseUrl,
    databasePath: path.resolve(config.databasePath),
    mailTarget: app.reminders.mailer.target,
    dispatchIntervalMs: config.mail.dispatchIntervalMs,
    demoData: config.demoData,
  };
  if (config.logFormat === 'pretty') process.stdout.write(startBanner(facts));
  else app.log.info(facts, 'service started');
  app.log.info({ mail: app.reminders.mailer.target, everyMs: config.mail.dispatchIntervalMs }, config.mail.dispatchIntervalMs ? 'reminder dispatcher started' : 'reminder dispatcher off: run `npm run reminders -- run-once` from cron');
}

await main();
