import { compose } from '../compose.js';
import { loadConfig } from '../config.js';
import { OPERATOR } from '../domain/access.js';
import { escapeControls } from '../domain/text.js';
import { HttpProblem } from '../http-problem.js';
import { optionProblem } from './refusal.js';
import type { TokenService } from '../services/tokens.js';
import { english } from '../i18n/index.js';
import { lineLogger } from './log.js';
import { runAsProcess } from './entry.js';

/** The command line speaks English: its words are the English catalog's. */
const en = english();

/** Token administration; returns the process exit code. Output goes through `print` so tests can read it. */
export function runTokenCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): number {
  const config = loadConfig(env);
  // demo events are the service's to load at its start, not a token command's
  const root = compose({ ...config, demoData: false }, { log: lineLogger(print) });
  const { tokens } = root.services;
  const [command, ...rest] = args;
  const option = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  try {
    if (command === 'feed') return feedCommand(tokens, rest, option, config.publicBaseUrl, print);
    if (command === 'create') {
      const { token, info } = tokens.create(OPERATOR, { office: option('office') ?? '', label: option('label') ?? null });
      print(en.t('cli.token.created', { id: info.id, office: info.office }));
      print(token);
      return 0;
    }
    if (command === 'revoke' && rest[0]) {
      if (!tokens.revoke(OPERATOR, rest[0])) {
        print(en.t('cli.token.noSuch', { id: rest[0] }));
        return 1;
      }
      print(en.t('cli.token.revoked', { id: rest[0] }));
      return 0;
    }
    if (command === 'list') {
      // a label stored before labels had rules may hold what a terminal would act on
      for (const t of tokens.list(OPERATOR))
        print(
          `${t.id}\t${t.office}\t${t.revokedAt ? en.t('cli.token.revokedAt', { at: t.revokedAt }) : en.t('cli.token.active')}\t${escapeControls(t.label ?? '')}`,
        );
      return 0;
    }
    print(en.t('cli.token.usage'));
    return 2;
  } catch (error) {
    if (!(error instanceof HttpProblem) || !error.field) throw error;
    print(optionProblem(error));
    return 2;
  } finally {
    // nothing was started: the database is let go of at once
    void root.close();
  }
}

/** `token feed …`: private feed links, read-only, internal events included. */
function feedCommand(
  tokens: TokenService,
  args: string[],
  option: (name: string) => string | undefined,
  publicBaseUrl: string,
  print: (line: string) => void,
): number {
  const [command, id] = args;
  if (command === 'create') {
    const { path, info } = tokens.createFeedLink(OPERATOR, { office: option('office') ?? '', label: option('label') ?? null });
    print(en.t('cli.feed.created', { id: info.id, office: info.office }));
    print(`${publicBaseUrl}${path}`);
    return 0;
  }
  if (command === 'revoke' && id) {
    if (!tokens.revokeFeedLink(OPERATOR, id)) {
      print(en.t('cli.feed.noSuch', { id }));
      return 1;
    }
    print(en.t('cli.feed.revoked', { id }));
    return 0;
  }
  if (command === 'list') {
    for (const l of tokens.listFeedLinks(OPERATOR)) {
      const state = l.revokedAt ? en.t('cli.token.revokedAt', { at: l.revokedAt }) : en.t('cli.feed.live');
      const used = en.t('cli.feed.lastUsed', { at: l.lastUsedAt ?? '', never: l.lastUsedAt ? 'no' : 'yes' });
      print(
        `${l.id}…\t${l.office}\t${state}\t${en.t('cli.feed.createdAt', { at: l.createdAt })}\t${used}\t${en.t('cli.feed.uses', { count: l.useCount })}\t${escapeControls(l.label ?? '')}`,
      );
    }
    return 0;
  }
  print(en.t('cli.token.usage'));
  return 2;
}

/* c8 ignore next 3 -- the process entry point; the tests call runTokenCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAsProcess(() => runTokenCommand(process.argv.slice(2), process.env, (line) => console.log(line)));
}
