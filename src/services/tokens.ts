import type { Clock } from '../config.js';
import { mayManage, type Actor } from '../domain/access.js';
import { TokenCreate } from '../domain/shapes.js';
import { textProblem } from '../domain/text.js';
import { at } from '../domain/problems.js';
import { badRequest, forbidden, refusal } from '../http-problem.js';
import { writeTransaction, type Db } from '../store/database.js';
import type { AuditStore } from '../store/audit.js';
import type { FeedTokenInfo, FeedTokenStore } from '../store/feed-tokens.js';
import type { ReferenceData } from '../domain/reference.js';
import type { SessionStore } from '../store/sessions.js';
import type { TokenInfo, TokenStore } from '../store/tokens.js';
import { checked } from './validate.js';

export interface TokenServiceDeps {
  db: Db;
  feedTokens: FeedTokenStore;
  audit: AuditStore;
  tokens: TokenStore;
  sessions: SessionStore;
  reference: ReferenceData;
  clock: Clock;
}

/** Write tokens: made for an office, listed, revoked. The secret is returned once and stored only as a hash. */
export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  create(actor: Actor, input: unknown): { token: string; info: TokenInfo } {
    const { office, label } = this.request(actor, input, 'tokensForOther');
    return writeTransaction(this.deps.db, () => {
      const made = this.deps.tokens.create(office, label, this.now());
      // the id and what it is for; the secret is shown once and recorded nowhere
      const changes = [{ field: 'office', from: null, to: office }, ...(label === null ? [] : [{ field: 'label', from: null, to: label }])];
      this.deps.audit.record({
        at: made.info.createdAt,
        action: 'token.created',
        event: null,
        subject: made.info.id,
        office: actor.office,
        token: actor.tokenId,
        changes,
      });
      return made;
    });
  }

  /** Revokes the token and ends its web page sessions together; false when no active token has that id. */
  revoke(actor: Actor, id: string): boolean {
    return writeTransaction(this.deps.db, () => {
      const token = this.deps.tokens.list().find((t) => t.id === id && t.revokedAt === null);
      if (!token) return false;
      if (!mayManage(actor.office, token.office)) throw forbidden('tokenNotYours', { office: actor.office, owner: token.office });
      const now = this.now();
      this.deps.tokens.revoke(id, now);
      this.deps.sessions.endForToken(id, this.deps.clock());
      this.deps.audit.record({
        at: now,
        action: 'token.revoked',
        event: null,
        subject: id,
        office: actor.office,
        token: actor.tokenId,
        changes: [{ field: 'revokedAt', from: null, to: now }],
      });
      return true;
    });
  }

  list(actor: Actor): TokenInfo[] {
    return this.deps.tokens.list().filter((t) => mayManage(actor.office, t.office));
  }

  /**
   * A private feed link for an office's calendar app: read-only, internal events included, the
   * same feeds and filters as the public ones under `/feeds/private/<secret>/`. Its secret is
   * returned once; the path is what to subscribe to.
   */
  createFeedLink(actor: Actor, input: unknown): { path: string; info: FeedTokenInfo } {
    const { office, label } = this.request(actor, input, 'feedLinksForOther');
    return writeTransaction(this.deps.db, () => {
      const { secret, info } = this.deps.feedTokens.create(office, label, this.now());
      const changes = [{ field: 'office', from: null, to: office }, ...(label === null ? [] : [{ field: 'label', from: null, to: label }])];
      this.deps.audit.record({
        at: info.createdAt,
        action: 'feed-link.created',
        event: null,
        subject: info.id,
        office: actor.office,
        token: actor.tokenId,
        changes,
      });
      return { path: `/feeds/private/${secret}/all.ics`, info };
    });
  }

  /** The live link a secret opens (a read, the same time whatever the secret), or undefined. */
  findFeedLink(secret: string): { id: string; office: string } | undefined {
    return this.deps.feedTokens.find(secret);
  }

  /** Counts a use of a link, for its office's list; the caller decides what a refused write costs. */
  countFeedLinkUse(id: string, now: string): void {
    this.deps.feedTokens.countUse(id, now);
  }

  listFeedLinks(actor: Actor): FeedTokenInfo[] {
    return this.deps.feedTokens.list().filter((t) => mayManage(actor.office, t.office));
  }

  /** A revoked link answers 404, as an unknown one does. */
  revokeFeedLink(actor: Actor, id: string): boolean {
    return writeTransaction(this.deps.db, () => {
      const link = this.deps.feedTokens.list().find((t) => t.id === id && t.revokedAt === null);
      if (!link) return false;
      if (!mayManage(actor.office, link.office)) throw forbidden('feedLinkNotYours', { office: actor.office, owner: link.office });
      const now = this.now();
      this.deps.feedTokens.revoke(id, now);
      this.deps.audit.record({
        at: now,
        action: 'feed-link.revoked',
        event: null,
        subject: id,
        office: actor.office,
        token: actor.tokenId,
        changes: [{ field: 'revokedAt', from: null, to: now }],
      });
      return true;
    });
  }

  /** What a request for a token or a link asks, checked: a known office the actor may act for. */
  private request(actor: Actor, input: unknown, forOther: 'tokensForOther' | 'feedLinksForOther'): TokenCreate {
    const asked = checked(TokenCreate, input);
    // a label is listed on pages and printed by the command line: the rules of an event's text
    const labelProblem = asked.label === null ? undefined : textProblem(asked.label);
    if (labelProblem) throw refusal(400, at('label', labelProblem));
    if (!this.deps.reference.officesById.has(asked.office))
      throw badRequest('office', 'oneOf', { allowed: [...this.deps.reference.officesById.keys()].join(', ') });
    if (!mayManage(actor.office, asked.office)) throw forbidden(forOther, { office: actor.office, owner: asked.office });
    return asked;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}
