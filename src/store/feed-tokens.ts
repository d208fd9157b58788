import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { FeedLinkInfo as FeedTokenInfo } from '../domain/shapes.js';
import type { Db } from './database.js';

export type { FeedTokenInfo };

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** 256 random bits, URL-safe: the whole secret of a private feed link. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const toInfo = (r: typeof t.feedTokens.$inferSelect): FeedTokenInfo => ({
  id: r.id,
  office: r.officeId,
  label: r.label,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
  lastUsedAt: r.lastUsedAt,
  useCount: r.useCount,
});

/** The private feed links' tokens: only a hash of each is kept; the link is shown once. */
export class FeedTokenStore {
  constructor(private readonly db: Db) {}

  /** Must run inside a write transaction. Its id is the secret's first eight characters, to list and revoke it by. */
  create(office: string, label: string | null, now: string): { secret: string; info: FeedTokenInfo } {
    const secret = randomBytes(32).toString('base64url');
    const row = { id: secret.slice(0, 8), officeId: office, secretHash: hash(secret), label, createdAt: now };
    this.db.insert(t.feedTokens).values(row).run();
    return { secret, info: { id: row.id, office, label, createdAt: now, revokedAt: null, lastUsedAt: null, useCount: 0 } };
  }

  /**
   * The live link a secret opens, or undefined for an unknown, mistyped or revoked one alike.
   * Found by the hash of the whole secret (an index lookup whatever is presented), so the answer
   * takes the same time for a wrong secret as for a revoked one. Reads only.
   */
  find(secret: string): { id: string; office: string } | undefined {
    if (!SECRET_SHAPE.test(secret)) return undefined;
    const row = this.db
      .select()
      .from(t.feedTokens)
      .where(eq(t.feedTokens.secretHash, hash(secret)))
      .get();
    return row && !row.revokedAt ? { id: row.id, office: row.officeId } : undefined;
  }

  /** Counts a use of the link: a write, which the caller may let fail (the feed matters more than its count). */
  countUse(id: string, now: string): void {
    this.db
      .update(t.feedTokens)
      .set({ lastUsedAt: now, useCount: sql`${t.feedTokens.useCount} + 1` })
      .where(eq(t.feedTokens.id, id))
      .run();
  }

  /** Must run inside a write transaction; false when no live link has that id. */
  revoke(id: string, now: string): boolean {
    return (
      this.db
        .update(t.feedTokens)
        .set({ revokedAt: now })
        .where(and(eq(t.feedTokens.id, id), isNull(t.feedTokens.revokedAt)))
        .run().changes === 1
    );
  }

  list(): FeedTokenInfo[] {
    return this.db.select().from(t.feedTokens).orderBy(asc(t.feedTokens.createdAt)).all().map(toInfo);
  }
}
