import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

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
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ mail: app.reminders.mailer.target, everyMs: config.mail.dispatchIntervalMs }, 'reminder dispatcher started');
  app.reminders.dispatcher.start();
}

await main();
