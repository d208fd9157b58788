import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { TokenInfo } from '../domain/shapes.js';
import type { Db } from './database.js';

export type { TokenInfo };

/**
 * A token is '<id>.<secret>'. The id finds the row; only a hash of the secret is stored, and it
 * is compared in constant time. Unknown ids are compared against a dummy hash, so timing does
 * not tell an attacker which ids exist.
 */

const hash = (secret: string) => createHash('sha256').update(secret).digest();
const DUMMY = hash('no such token');

export class TokenStore {
  constructor(private readonly db: Db) {}

  /** Returns the whole token; it is shown once and cannot be recovered. */
  create(office: string, label: string | null, now: string): { token: string; info: TokenInfo } {
    const id = randomBytes(6).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    this.db
      .insert(t.tokens)
      .values({ id, officeId: office, secretHash: hash(secret).toString('hex'), label, createdAt: now })
      .run();
    return { token: `${id}.${secret}`, info: { id, office, label, createdAt: now, revokedAt: null } };
  }

  /** Marks an active token revoked; false when there is none with that id. Ending its sessions is the caller's (TokenService). */
  revoke(id: string, now: string): boolean {
    const result = this.db
      .update(t.tokens)
      .set({ revokedAt: now })
      .where(and(eq(t.tokens.id, id), isNull(t.tokens.revokedAt)))
      .run();
    return result.changes === 1;
  }

  list(): TokenInfo[] {
    return this.db
      .select()
      .from(t.tokens)
      .orderBy(asc(t.tokens.createdAt))
      .all()
      .map((r) => ({ id: r.id, office: r.officeId, label: r.label, createdAt: r.createdAt, revokedAt: r.revokedAt }));
  }

  /** The office a presented token speaks for, or undefined (unknown, wrong or revoked alike). */
  verify(presented: string): string | undefined {
    return this.identify(presented)?.office;
  }

  /** The token's id and office (a session is tied to the id), or undefined as for verify. */
  identify(presented: string): { id: string; office: string } | undefined {
    const dot = presented.indexOf('.');
    const id = dot > 0 ? presented.slice(0, dot) : '';
    const secret = dot > 0 ? presented.slice(dot + 1) : presented;
    const row = id ? this.db.select().from(t.tokens).where(eq(t.tokens.id, id)).get() : undefined;
    const expected = row ? Buffer.from(row.secretHash, 'hex') : DUMMY;
    const matches = timingSafeEqual(hash(secret), expected);
    return row && matches && !row.revokedAt ? { id: row.id, office: row.officeId } : undefined;
  }
}
