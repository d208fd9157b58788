import type { FeedCache } from '../calendar/feed-cache.js';
import type { Clock } from '../config.js';
import { mayOperate, type Actor } from '../domain/access.js';
import type { Group, Office, Partner } from '../domain/reference.js';
import { GroupCreate, OfficeChange, PartnerCreate, ReferenceRename, type FieldChange } from '../domain/shapes.js';
import { textProblem } from '../domain/text.js';
import { LANGUAGES, type AuditAction } from '../domain/vocabulary.js';
import { badRequest, forbidden, notFound, refusal } from '../http-problem.js';
import type { AuditStore } from '../store/audit.js';
import { dataVersion, writeTransaction, type Db } from '../store/database.js';
import type { Reference, ReferenceStore } from '../store/reference.js';
import { checked } from './validate.js';

export interface ReferenceServiceDeps {
  db: Db;
  reference: Reference;
  store: ReferenceStore;
  audit: AuditStore;
  feedCache: FeedCache;
  clock: Clock;
  /** plans an office's events again when what its reminders depend on changed (its addresses, languages, working days) */
  replanOffice?: (office: string) => void;
}

type Names = Record<string, string>;

/** The other languages' names as given: blank ones taken out, each checked as text a person enters. */
function namesOf(given: Partial<Record<string, string | null>> | undefined, base: Names = {}): Names {
  const names: Names = { ...base };
  for (const [language, value] of Object.entries(given ?? {})) {
    const text = value?.trim() ?? '';
    if (text === '') {
      delete names[language];
      continue;
    }
    const found = textProblem(text);
    if (found) throw refusal(400, { ...found, field: `names.${language}` });
    names[language] = text;
  }
  return names;
}

function checkName(name: string): string {
  const text = name.trim();
  const found = textProblem(text);
  if (found) throw refusal(400, { ...found, field: 'name' });
  return text;
}

/** name and names.<language>: what a rename changed, as the audit log says it */
function nameChanges(before: { name: string | null; names: Names }, after: { name: string; names: Names }): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.name !== after.name) changes.push({ field: 'name', from: before.name, to: after.name });
  for (const language of LANGUAGES) {
    const from = before.names[language] ?? null;
    const to = after.names[language] ?? null;
    if (from !== to) changes.push({ field: `names.${language}`, from, to });
  }
  return changes;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * TSB's changes of the reference data: groups and partners added or renamed (their ids chosen
 * once, never changed), an office's addresses, reply contact, languages and working week. Each is
 * TSB's only, checked with the API's schema, written in one transaction with its audit row; the
 * in-memory snapshot every layer reads is then read again and the feed cache emptied, so feeds,
 * filters, forms and reports show the change at once.
 */
export class ReferenceService {
  /** the database's data_version when this process last read the reference tables */
  private readonly version: () => unknown;
  private seen: unknown;
  private seenGeneration: string;

  constructor(private readonly deps: ReferenceServiceDeps) {
    this.version = dataVersion(deps.db);
    this.seen = this.version();
    this.seenGeneration = this.generation();
  }

  addGroup(actor: Actor, input: unknown): Group {
    this.mayChange(actor);
    const body = checked(GroupCreate, input);
    const { reference } = this.deps;
    this.freeId(body.id);
    const parent = body.parent ?? null;
    if (body.kind === 'regional-group' && parent === null) throw badRequest('parent', 'parentRequired');
    if (parent !== null && reference.groupsById.get(parent)?.kind !== 'study-group')
      throw badRequest('parent', 'parentNotStudyGroup', { value: parent });
    const group: Group = { id: body.id, kind: body.kind, name: checkName(body.name), parent, names: namesOf(body.names) };
    this.write(
      actor,
      'group.created',
      group.id,
      [
        { field: 'kind', from: null, to: group.kind },
        ...(parent ? [{ field: 'parent', from: null, to: parent }] : []),
        ...nameChanges({ name: null, names: {} }, group),
      ],
      () => this.deps.store.insertGroup(group),
    );
    return this.deps.reference.groupsById.get(group.id)!;
  }

  renameGroup(actor: Actor, id: string, input: unknown): Group {
    this.mayChange(actor);
    const body = checked(ReferenceRename, input);
    const current = this.deps.reference.groupsById.get(id);
    if (!current) throw notFound('noGroup', { id });
    const after = { name: body.name === undefined ? current.name : checkName(body.name), names: namesOf(body.names, current.names) };
    const changes = nameChanges(current, after);
    if (changes.length) this.write(actor, 'group.renamed', id, changes, () => this.deps.store.renameGroup(id, after.name, after.names));
    return this.deps.reference.groupsById.get(id)!;
  }

  addPartner(actor: Actor, input: unknown): Partner {
    this.mayChange(actor);
    const body = checked(PartnerCreate, input);
    this.freeId(body.id);
    const partner: Partner = { id: body.id, name: checkName(body.name), names: namesOf(body.names) };
    this.write(actor, 'partner.created', partner.id, nameChanges({ name: null, names: {} }, partner), () =>
      this.deps.store.insertPartner(partner),
    );
    return this.deps.reference.partnersById.get(partner.id)!;
  }

  renamePartner(actor: Actor, id: string, input: unknown): Partner {
    this.mayChange(actor);
    const body = checked(ReferenceRename, input);
    const current = this.deps.reference.partnersById.get(id);
    if (!current) throw notFound('noPartner', { id });
    const after = { name: body.name === undefined ? current.name : checkName(body.name), names: namesOf(body.names, current.names) };
    const changes = nameChanges(current, after);
    if (changes.length) this.write(actor, 'partner.renamed', id, changes, () => this.deps.store.renamePartner(id, after.name, after.names));
    return this.deps.reference.partnersById.get(id)!;
  }

  /** An office's addresses, reply contact, languages (the first first) and working week. */
  changeOffice(actor: Actor, id: string, input: unknown): Office {
    this.mayChange(actor);
    const body = checked(OfficeChange, input);
    const current = this.deps.reference.officesById.get(id);
    if (!current) throw notFound('noOffice', { id });
    const after = {
      emails: body.emails ?? current.emails,
      contact: body.contact === undefined ? current.contact : body.contact,
      languages: body.languages ?? current.languages,
      workingDays: body.workingDays ?? current.workingDays,
    };
    const changes = (['emails', 'contact', 'languages', 'workingDays'] as const)
      .filter((field) => !same(current[field], after[field]))
      .map((field) => ({ field, from: current[field], to: after[field] }));
    if (changes.length) this.write(actor, 'office.changed', id, changes, () => this.deps.store.updateOffice(id, after));
    // the contact is read as each mail is sent; the rest decides who is told, in which language and on which day
    if (changes.some((c) => c.field !== 'contact')) this.deps.replanOffice?.(id);
    return this.deps.reference.officesById.get(id)!;
  }

  /**
   * Reads the reference tables again when another process (a second service on the same file)
   * changed them since this one last read them: one look at the database's data_version, and a
   * second at the reference's own version only when something was committed elsewhere. True when
   * the snapshot was read again.
   */
  refreshIfChangedElsewhere(): boolean {
    const now = this.version();
    if (now === this.seen) return false;
    this.seen = now;
    const generation = this.generation();
    if (generation === this.seenGeneration) return false;
    this.seenGeneration = generation;
    this.deps.reference.reload(this.deps.db);
    this.deps.feedCache.invalidate(this.deps.clock().getTime());
    return true;
  }

  private mayChange(actor: Actor): void {
    if (!mayOperate(actor, 'reference')) throw forbidden('referenceTsbOnly');
  }

  /** Ids are unique across groups and partners, so a filter or a feed's path never means two things. */
  private freeId(id: string): void {
    const { reference } = this.deps;
    if (reference.groupsById.has(id) || reference.partnersById.has(id)) throw badRequest('id', 'idTaken', { id });
  }

  private generation(): string {
    return this.deps.store.generation();
  }

  /** The write and its audit row in one transaction; then the snapshot read again and the feeds rendered anew. */
  private write(actor: Actor, action: AuditAction, subject: string, changes: FieldChange[], change: () => void): void {
    const at = this.deps.clock().toISOString();
    try {
      writeTransaction(this.deps.db, () => {
        change();
        this.deps.audit.record({ at, action, event: null, subject, office: actor.office, token: actor.tokenId, changes });
        this.deps.store.bumpGeneration();
      });
    } finally {
      this.deps.reference.reload(this.deps.db);
      this.seenGeneration = this.generation();
      this.deps.feedCache.invalidate(this.deps.clock().getTime());
    }
  }
}
