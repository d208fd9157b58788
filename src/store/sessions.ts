import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { Db } from './database.js';

/**
 * The web pages' sessions, kept here rather than in the cookie, so that signing out and revoking
 * the token end them for every copy of the cookie. The cookie carries a random id; only its hash
 * is stored, so a leaked database (or backup) holds nothing a browser could present.
 */

/** A session's absolute lifetime: it is not extended by use. */
export const SESSION_SECONDS = 12 * 60 * 60;

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

export interface SessionInfo {
  office: string;
  tokenId: string;
}

export class SessionStore {
  constructor(private readonly db: Db) {}

  /** Returns the session id: shown once (to the cookie), it cannot be recovered from the store. */
  create(tokenId: string, office: string, now: Date): string {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString();
    // every sign-in clears what has run out, so the table stays as small as the live sessions
    this.purgeExpired(now);
    this.db
      .insert(t.sessions)
      .values({ idHash: hash(id), tokenId, officeId: office, createdAt: now.toISOString(), expiresAt })
      .run();
    return id;
  }

  /** The session's office and token, or undefined when it is unknown, ended, expired or its token revoked. */
  resolve(id: string, now: Date): SessionInfo | undefined {
    const row = this.db
      .select({ office: t.sessions.officeId, tokenId: t.sessions.tokenId })
      .from(t.sessions)
      .innerJoin(t.tokens, eq(t.tokens.id, t.sessions.tokenId))
      .where(
        and(
          eq(t.sessions.idHash, hash(id)),
          isNull(t.sessions.endedAt),
          gt(t.sessions.expiresAt, now.toISOString()),
          isNull(t.tokens.revokedAt),
        ),
      )
      .get();
    return row ? { office: row.office, tokenId: row.tokenId } : undefined;
  }

  /** Ends one session (signing out); true when it was still open. */
  end(id: string, now: Date): boolean {
    const result = this.db
      .update(t.sessions)
      .set({ endedAt: now.toISOString() })
      .where(and(eq(t.sessions.idHash, hash(id)), isNull(t.sessions.endedAt)))
      .run();
    return result.changes === 1;
  }

  /**
   * Ends every open session of a token (it is being revoked). resolve already refuses them through
   * the token's revocation; ending them as well keeps them over whatever later happens to the
   * token's row (a restore of an older backup, a hand edit).
   */
  endForToken(tokenId: string, now: Date): number {
    return this.db
      .update(t.sessions)
      .set({ endedAt: now.toISOString() })
      .where(and(eq(t.sessions.tokenId, tokenId), isNull(t.sessions.endedAt)))
      .run().changes;
  }

  /** Deletes the sessions whose lifetime is over, ended or not; returns how many. */
  purgeExpired(now: Date): number {
    return this.db.delete(t.sessions).where(lte(t.sessions.expiresAt, now.toISOString())).run().changes;
  }

  /** Deletes every session: used by a restore, since a backup cannot know which were ended after it was taken. */
  deleteAll(): number {
    return this.db.delete(t.sessions).run().changes;
  }
}
