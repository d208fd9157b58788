import type { Clock } from '../config.js';
import type { Actor } from '../domain/access.js';
import { fieldProblem } from '../domain/problems.js';
import { refusal } from '../http-problem.js';
import type { AuditStore } from '../store/audit.js';
import { writeTransaction, type Db } from '../store/database.js';
import { SESSION_SECONDS, type SessionStore } from '../store/sessions.js';
import type { TokenStore } from '../store/tokens.js';
import type { AccessService } from './access.js';

export { SESSION_SECONDS };

/** An open session of the web pages: its id (what the cookie carries), its office and token. */
export interface UiSession {
  id: string;
  office: string;
  tokenId: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_.-]{1,200}$/;

/**
 * Signing in and out of the web pages. A session lives in the store, looked up on every request,
 * so signing out, revoking its token or its twelve hours running out end it for every copy of
 * the cookie. Both are audited (`session.signed-in`, `session.signed-out`, with the token's id,
 * never a secret), and a failed sign-in counts with the failed bearer tokens of the same client.
 */
export class SessionService {
  constructor(
    private readonly deps: { db: Db; sessions: SessionStore; tokens: TokenStore; audit: AuditStore; access: AccessService; clock: Clock },
  ) {}

  /** The session a cookie names while it is open; undefined for an unknown, ended, expired or revoked one. */
  resolve(id: string): UiSession | undefined {
    const open = this.deps.sessions.resolve(id, this.deps.clock());
    return open ? { id, ...open } : undefined;
  }

  /**
   * Opens a session for a token (replacing `replacing`, a session already open in this browser):
   * its id, for the cookie. A token that is not valid is a 401, counted against the client (429
   * past the limit).
   */
  signIn(token: string, client: string, replacing?: UiSession): UiSession {
    const found = TOKEN_SHAPE.test(token) ? this.deps.tokens.identify(token) : undefined;
    if (!found) {
      this.deps.access.failed(client);
      throw refusal(401, fieldProblem('token', 'tokenInvalid'));
    }
    return writeTransaction(this.deps.db, () => {
      const now = this.deps.clock();
      // a sign-in over a session replaces it rather than leaving it open beside the new one
      if (replacing) this.end(replacing, now);
      const id = this.deps.sessions.create(found.id, found.office, now);
      this.deps.audit.record({
        at: now.toISOString(),
        action: 'session.signed-in',
        event: null,
        subject: found.id,
        office: found.office,
        token: found.id,
        changes: [],
      });
      return { id, office: found.office, tokenId: found.id };
    });
  }

  /** Ends a session (a copy of its cookie is signed out too). */
  signOut(session: UiSession): void {
    writeTransaction(this.deps.db, () => this.end(session, this.deps.clock()));
  }

  /** The actor a session speaks for. */
  static actorOf(session: UiSession): Actor {
    return { office: session.office, tokenId: session.tokenId };
  }

  private end(session: UiSession, now: Date): void {
    if (!this.deps.sessions.end(session.id, now)) return;
    this.deps.audit.record({
      at: now.toISOString(),
      action: 'session.signed-out',
      event: null,
      subject: session.tokenId,
      office: session.office,
      token: session.tokenId,
      changes: [],
    });
  }
}
