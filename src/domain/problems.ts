/**
 * Every refusal the service gives, as a code and the values its sentence needs: no words here. A
 * page says a problem in its reader's language through the catalog (`problem.<code>`), the API in
 * English beside the code, the command line in English. Each code lists the names of its values,
 * so a problem is made with exactly those (see `problem`) and a test holds the catalog's messages
 * to the same names.
 */
export const PROBLEMS = {
  // ---------------------------------------------------------------- a request's shape (JSON Schema)
  required: [],
  unknownField: [],
  /** `allowed`: the values, comma-separated, as the API spells them */
  oneOf: ['allowed'],
  noFields: [],
  tooShort: ['min'],
  tooLong: ['max'],
  tooFewItems: ['min'],
  tooManyItems: ['max'],
  duplicateItems: [],
  format: ['format'],
  pattern: ['pattern'],
  type: ['type'],
  atLeast: ['limit'],
  atMost: ['limit'],
  above: ['limit'],
  below: ['limit'],
  multipleOf: ['of'],
  invalid: [],

  // ---------------------------------------------------------------- reference data and filters
  unknownOffice: ['value'],
  unknownGroup: ['value'],
  unknownRegion: ['value'],
  unknownKind: ['value'],
  unknownStatus: ['value'],
  notADate: ['value'],
  periodBackwards: ['from', 'to'],
  periodTooLong: ['max'],
  pageAndOffset: [],

  // ---------------------------------------------------------------- text a person enters
  textControls: [],
  textControlsMultiline: [],
  textBrokenCharacter: [],
  textBidi: [],
  textInvisible: [],

  // ---------------------------------------------------------------- an event's fields
  venueEmpty: [],
  /** `language`: the event's own language, as a tag ('fr') */
  translationInOwnLanguage: ['language'],
  notifyDomain: ['address', 'domains'],
  reminderOffsetFormat: ['value'],
  reminderOffsetRange: ['value', 'max'],
  reminderVolume: ['occurrences', 'offsets', 'recipients', 'total', 'max'],
  unknownZone: ['zone'],
  notDateOrTime: ['value'],
  outsideYears: ['value', 'first', 'last'],
  mixedDatesAndTimes: [],
  endBeforeStart: ['start', 'end'],
  endNotAfterStart: ['start', 'end'],
  timeSkipped: ['value', 'zone'],

  // ---------------------------------------------------------------- a recurrence rule
  ruleShape: ['rule'],
  rulePartTwice: ['part'],
  rulePartUnsupported: ['part', 'parts'],
  ruleFrequency: ['allowed'],
  ruleEnd: [],
  ruleCount: ['max'],
  ruleUntilFormat: [],
  ruleUntilYears: ['first', 'last'],
  /** `detail`: what the iCalendar library said, in English */
  ruleInvalid: ['detail'],
  ruleInterval: ['max'],
  ruleByMonth: [],
  ruleByMonthDay: [],
  ruleBySetPos: [],
  ruleByDay: ['weekdays'],
  ruleByDayPosition: ['frequency', 'max'],
  ruleByDayNoPosition: ['frequency'],
  ruleWeekStart: ['weekdays'],
  ruleMonthlyParts: [],
  ruleNoDate: [],
  ruleNotExpanded: ['detail'],
  ruleMatchesNothing: [],
  ruleTooLong: ['max'],
  ruleCountShort: ['found', 'count', 'last'],
  ruleOutsideYears: ['start', 'first', 'last'],

  // ---------------------------------------------------------------- events and occurrences
  noEvent: ['id'],
  notRecurring: ['id'],
  noOccurrence: ['id', 'date'],
  /** `action`: 'change' or 'cancel' */
  eventNotYours: ['organizer', 'office', 'action'],
  createForOther: ['office'],
  handOverTsbOnly: [],
  skipOrMove: [],
  moveNeedsTime: [],
  seriesAllDay: [],
  seriesTimed: [],

  // ---------------------------------------------------------------- participant figures
  figuresNotYours: ['organizer', 'office'],
  figuresCancelled: [],
  figuresTooEarly: ['start'],
  figuresSplit: ['parts', 'participants'],
  figuresWomen: ['women', 'participants'],
  figuresCountries: ['countries', 'participants'],
  figuresCountriesListed: ['countries', 'listed'],
  /** `value`: a country that is not an ISO 3166-1 code (a count's list; GET /api/clashes' `country`, which also takes an English name) */
  unknownCountry: ['value'],

  // ---------------------------------------------------------------- tokens, links, sessions
  tokenNotYours: ['office', 'owner'],
  feedLinkNotYours: ['office', 'owner'],
  tokensForOther: ['office', 'owner'],
  feedLinksForOther: ['office', 'owner'],
  tokenRequired: [],
  tokenInvalid: [],
  tooManyFailures: ['seconds'],
  noFeedLink: ['id'],
  sessionEnded: [],
  crossSiteFetch: ['site'],
  crossSiteOrigin: ['origin'],
  formForged: [],

  // ---------------------------------------------------------------- TSB's operations
  outboxTsbOnly: [],
  auditLogTsbOnly: [],
  eventHealthTsbOnly: [],
  metricsTsbOnly: [],
  referenceTsbOnly: [],
  /** a group's or partner's id is taken (or an id of the other list: ids are unique) */
  idTaken: ['id'],
  noGroup: ['id'],
  noPartner: ['id'],
  noOffice: ['id'],
  parentRequired: [],
  /** `value`: the parent asked for, not a study group */
  parentNotStudyGroup: ['value'],
  noReminder: ['id'],
  /** `status`: the reminder's status in the outbox ('pending', 'sending', 'sent', 'skipped') */
  reminderNotFailed: ['id', 'status'],

  // ---------------------------------------------------------------- public holidays and TSB's corrections
  notACountryCode: ['value'],
  holidaysTsbOnly: [],
  noHolidayCorrection: ['id'],
  /** `kind`: the correction's kind ('add', 'remove', 'move', 'confirm') */
  holidayFieldNotFor: ['kind'],
  holidayNotInLibrary: ['date', 'country'],
  holidayNotPredicted: ['date'],
  holidayMoveSameDay: [],
  holidayMoveTooFar: ['max'],
  holidayCorrectionExists: ['date'],

  // ---------------------------------------------------------------- feeds
  noFeed: ['path'],
  noPrivateFeed: [],
  badUrl: ['path'],

  // ---------------------------------------------------------------- the service and HTTP itself
  writesRefused: [],
  serverError: [],
  noRoute: ['method', 'path'],
  badJson: [],
  bodyTooLarge: [],
  unsupportedMediaType: [],
  badContentLength: [],
  paramTooLong: [],
  /** a refusal of the HTTP layer no other code names */
  clientError: [],
} as const satisfies Record<string, readonly string[]>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Every code, for the API's documentation and the tests. */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** The values a code's sentence says: dates, ids and rules as text, counts as numbers (a catalog may count them). */
export type ProblemParams<C extends ProblemCode> = { [K in (typeof PROBLEMS)[C][number]]: string | number };

/** A refusal: what is wrong (`code`, `params`) and, where one field is, that field as the API names it ('venue.city', 'notify.0'). */
export type Problem<C extends ProblemCode = ProblemCode> = C extends ProblemCode
  ? { field?: string; code: C; params: ProblemParams<C> }
  : never;

/** The values of a code, left out when it has none. */
export type ParamsOf<C extends ProblemCode> = keyof ProblemParams<C> extends never
  ? [params?: ProblemParams<C>]
  : [params: ProblemParams<C>];

/** A problem of `code` with its values, about no one field. */
export function problem<C extends ProblemCode>(code: C, ...[params]: ParamsOf<C>): Problem<C> {
  return { code, params: params ?? {} } as Problem<C>;
}

/** A problem about `field`. */
export function fieldProblem<C extends ProblemCode>(field: string, code: C, ...[params]: ParamsOf<C>): FieldProblem<C> {
  return { field, code, params: params ?? {} } as FieldProblem<C>;
}

/** A problem that names its field. */
export type FieldProblem<C extends ProblemCode = ProblemCode> = Problem<C> & { field: string };

/** A problem about no field put on `field`. */
export const at = <P extends Problem>(field: string, found: P): P & { field: string } => ({ ...found, field });
