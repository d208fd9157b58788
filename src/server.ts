import path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { runtimeWarning } from './runtime.js';
import { english } from './i18n/index.js';

/** After the first signal, the service has this long to stop by itself before it is ended. */
const SHUTDOWN_LIMIT_MS = 15_000;

/** The configuration, or the process ends with the message naming what is wrong (before anything else loads). */
function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(english().t('cli.configError', { reason: error.message }));
      process.exit(2);
    }
    throw error;
  }
}

// The only place that listens; everything else is built by compose() and buildApp(), which the
// tests use too.
async function main() {
  const config = configOrExit();
  // loaded once the configuration is known to be good: a mistyped variable is said at once
  const [{ compose }, { buildApp }, { startBanner }, { prepareZones }, { registerServingProcess }] = await Promise.all([
    import('./compose.js'),
    import('./app.js'),
    import('./banner.js'),
    import('./calendar/render.js'),
    import('./store/database.js'),
  ]);
  const root = compose(config);
  const app = await buildApp(root);
  const { log, reminders } = root;
  const outdated = runtimeWarning(process.versions.node, config.clock());
  if (outdated) log.warn({ node: process.versions.node }, outdated);
  const unregister = registerServingProcess(config.databasePath);
  let closing = false;
  const close = async (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting at once');
      unregister();
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: no new requests or reminders, finishing those in flight');
    setTimeout(() => {
      log.error('shutdown took too long: exiting');
      unregister();
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      // the dispatcher stops at a message boundary while the server lets its requests finish
      await Promise.all([reminders.dispatcher.stop(), app.close()]);
    } finally {
      unregister();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  // what changed while the service was down (demo data loaded, a restore, a deploy) is planned
  // before anything is sent; planning never drops what is due, so the dispatcher sends it late
  for (const { event, error } of reminders.planner.planAll().failed)
    log.error({ event, err: error }, 'could not plan the reminders of an event; the others are planned');
  // the zone years the feeds need are scanned now, not by the first subscriber to ask
  for (const event of root.services.events.all({})) prepareZones(event);
  await app.listen({ host: config.host, port: config.port });
  reminders.dispatcher.start();
  const facts = {
    // PORT=0 picks a free port: only the listening socket knows it
    baseUrl: config.port === 0 ? app.listeningOrigin : config.publicBaseUrl,
    databasePath: path.resolve(config.databasePath),
    mailTarget: reminders.mailer.target,
    dispatchIntervalMs: config.mail.dispatchIntervalMs,
    demoData: config.demoData,
  };
  if (config.logFormat === 'pretty') process.stdout.write(startBanner(facts));
  else log.info(facts, 'service started');
  log.info(
    { mail: reminders.mailer.target, everyMs: config.mail.dispatchIntervalMs },
    config.mail.dispatchIntervalMs
      ? 'reminder dispatcher started'
      : 'reminder dispatcher off: run `npm run reminders -- run-once` from cron',
  );
}

await main();
