import { loadConfig } from '../config.js';
import { openDatabase } from '../store/database.js';
import { Reference } from '../store/reference.js';
import { loadReferenceData } from '../store/seed.js';
import { TokenStore } from '../store/tokens.js';

const usage = `Usage:
  npm run token -- create --office <office-id> [--label "who holds it"]
  npm run token -- revoke <token-id>
  npm run token -- list`;

/** Token administration; returns the process exit code. Output goes through `print` so tests can read it. */
export function runTokenCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): number {
  const config = loadConfig(env);
  const db = openDatabase(config.databasePath);
  try {
    loadReferenceData(db, config.officeEmails);
    const tokens = new TokenStore(db);
    const now = config.clock().toISOString();
    const [command, ...rest] = args;
    const option = (name: string) => {
      const i = rest.indexOf(`--${name}`);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    if (command === 'create') {
      const office = option('office');
      const reference = Reference.load(db, config.notifyDomains, [config.mail.tsbFocalPoint]);
      if (!office || !reference.officesById.has(office)) {
        print(`--office must be one of: ${[...reference.officesById.keys()].join(', ')}`);
        return 2;
      }
      const { token, info } = tokens.create(office, option('label') ?? null, now);
      print(`Token ${info.id} for ${office} (shown once, keep it safe):`);
      print(token);
      return 0;
    }
    if (command === 'revoke' && rest[0]) {
      if (!tokens.revoke(rest[0], now)) {
        print(`No active token with id '${rest[0]}'`);
        return 1;
      }
      print(`Token ${rest[0]} revoked`);
      return 0;
    }
    if (command === 'list') {
      for (const t of tokens.list()) print(`${t.id}\t${t.office}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\t${t.label ?? ''}`);
      return 0;
    }
    print(usage);
    return 2;
  } finally {
    db.$client.close();
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runTokenCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runTokenCommand(process.argv.slice(2), process.env, (line) => console.log(line));
}
