import t, { type Test } from 'tap';
import { ReminderPlanner } from '../src/mail/planner.js';
import { HttpProblem } from '../src/http-problem.js';
import { EventService } from '../src/services/events.js';
import { dumpData, startApp, TestClock, workshopBody } from './support/helpers.js';

// The services are what the API, the pages and the command line call: here they are called as
// a page or a command would, with plain values and an actor, and no HTTP in between.

const TSB = { office: 'tsb', tokenId: null };
const AFRICA = { office: 'ro-africa', tokenId: 'tok-africa' };
const EUROPE = { office: 'ro-europe', tokenId: 'tok-europe' };

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const { app, config } = await startApp(t, { clock: clock.read });
  const { root } = app;
  // what an EventService is made of, for a test that makes one with a planner that fails
  const deps = {
    db: root.stores.db,
    audit: root.stores.audit,
    events: root.stores.events,
    reference: root.stores.reference,
    planner: root.reminders.planner,
    feedCache: root.feedCache,
    clock: clock.read,
  };
  return {
    app,
    clock,
    config,
    deps,
    events: root.services.events,
    attendance: root.services.attendance,
  };
}

/** The HttpProblem fn throws (or fails the test). */
function refusal(t: Test, fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  t.fail('expected a refusal');
  return new HttpProblem(0, { code: 'invalid', params: {} });
}

t.test('a service checks what it is given against the API schema: a caller without HTTP passes nothing a request could not', async (t) => {
  const { app, events } = await setUp(t);
  const before = dumpData(app);
  for (const [input, field] of [
    [{ ...workshopBody, venue: { city: 'Nairobi', virtual: 'no' } }, 'venue.virtual'],
    [{ ...workshopBody, title: '' }, 'title'],
    [{ ...workshopBody, colour: 'red' }, 'colour'],
    [{ ...workshopBody, kind: 'party' }, 'kind'],
    [{ ...workshopBody, groups: 'sg13' }, 'groups'],
    [{ ...workshopBody, start: '2024-03-05T18:00' }, 'end'],
  ] as const) {
    const problem = refusal(t, () => events.create(AFRICA, input));
    t.equal(problem.statusCode, 400, field);
    t.equal(problem.field, field, `names ${field}`);
  }
  t.equal(dumpData(app), before, 'nothing written');
});

t.test('who may: an office acts on its own events, TSB on all; each refusal writes nothing', async (t) => {
  const { app, events } = await setUp(t);
  const before = dumpData(app);
  t.equal(refusal(t, () => events.create(EUROPE, workshopBody)).statusCode, 403, 'not for another office');
  t.equal(dumpData(app), before);
  const made = events.create(AFRICA, workshopBody);
  t.equal(made.office, 'ro-africa');
  const afterCreate = dumpData(app);
  t.equal(refusal(t, () => events.update(EUROPE, made.id, { title: 'Taken over' })).statusCode, 403);
  t.equal(refusal(t, () => events.update(AFRICA, made.id, { office: 'ro-europe' })).statusCode, 403, 'only TSB hands an event over');
  t.equal(refusal(t, () => events.cancel(EUROPE, made.id)).statusCode, 403);
  t.equal(refusal(t, () => events.update(AFRICA, 'no-such-event', { title: 'x' })).statusCode, 404);
  t.equal(dumpData(app), afterCreate, 'nothing written by the refusals');
  t.equal(events.update(TSB, made.id, { office: 'ro-europe' }).office, 'ro-europe', 'TSB may');
});

t.test('what bumps SEQUENCE: a visible change once, the same rule spelt another way not at all, a reminder setting not', async (t) => {
  const { events, clock } = await setUp(t);
  const series = events.create(AFRICA, { ...workshopBody, recurrence: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=3' });
  clock.advance(60_000);
  t.equal(events.update(AFRICA, series.id, { title: 'Renamed' }).sequence, series.sequence + 1);
  const same = events.update(AFRICA, series.id, { recurrence: 'COUNT=3;BYDAY=+1TU;FREQ=MONTHLY;INTERVAL=01' });
  t.equal(same.sequence, series.sequence + 1, 'the canonical rule is unchanged');
  const reminders = events.update(AFRICA, series.id, { reminders: ['P2D'] });
  t.equal(reminders.sequence, series.sequence + 1, 'not calendar data');
  t.same(reminders.reminders, ['P2D']);
  const moved = events.changeOccurrence(AFRICA, series.id, '2024-04-02', { start: '2024-04-03T09:00', end: '2024-04-03T17:30' });
  t.equal(moved.status, 'moved');
  t.equal(events.get(series.id).sequence, series.sequence + 2, 'a moved occurrence is a change of the series');
  const problem = refusal(t, () =>
    events.changeOccurrence(AFRICA, series.id, '2024-05-07', { cancelled: true, start: '2024-05-08T09:00' }),
  );
  t.equal(problem.field, 'cancelled');
  t.equal(
    refusal(t, () => events.changeOccurrence(AFRICA, series.id, '2024-05-08', { cancelled: true })).statusCode,
    404,
    'no occurrence planned that day',
  );
  const cancelled = events.cancel(AFRICA, series.id);
  t.equal(cancelled.status, 'cancelled');
  t.equal(events.cancel(AFRICA, series.id).sequence, cancelled.sequence, 'cancelling twice changes nothing');
});

t.test('a change and its side effects are one transaction: when planning fails, the event is not there either', async (t) => {
  const { app, deps } = await setUp(t);
  // a real planner over the real outbox that fails as a full disk would, inside the transaction
  class FailingPlanner extends ReminderPlanner {
    override planEvent(): void {
      throw new Error('SQLITE_FULL: database or disk is full');
    }
  }
  const planner = new FailingPlanner({
    outbox: app.root.stores.outbox,
    events: app.root.stores.events,
    reference: app.root.stores.reference,
    mail: { tsbFocalPoint: 'tsb@itu.int', planningHorizonMs: 86_400_000 },
    clock: deps.clock,
  });
  const failing = new EventService({ ...deps, planner });
  const before = dumpData(app);
  t.throws(() => failing.create(AFRICA, workshopBody), /disk is full/);
  t.equal(dumpData(app), before, 'no event without its reminders');
  const made = new EventService(deps).create(AFRICA, workshopBody);
  const stored = dumpData(app);
  t.throws(() => failing.update(AFRICA, made.id, { title: 'Half done' }), /disk is full/);
  t.equal(dumpData(app), stored, 'the change is rolled back with its planning');
  t.equal(app.root.stores.events.get(made.id)!.title, workshopBody.title);
});

t.test(
  'figures: the organizing office or TSB, once the event has started, consistent; the rule the form and its link ask too',
  async (t) => {
    const { app, events, attendance, clock } = await setUp(t);
    const event = events.create(AFRICA, workshopBody);
    const before = dumpData(app);
    const early = refusal(t, () => attendance.register(AFRICA, event.id, { participants: 40, countries: 5 }));
    t.equal(early.statusCode, 409);
    t.match(early.message, /once the event has started/);
    clock.set('2024-03-06T08:00:00Z');
    t.equal(refusal(t, () => attendance.register(EUROPE, event.id, { participants: 40, countries: 5 })).statusCode, 403);
    const bad = refusal(t, () => attendance.register(AFRICA, event.id, { participants: 40, countries: 5, inPerson: 30, remote: 20 }));
    t.equal(bad.field, 'remote');
    t.equal(
      refusal(t, () => attendance.register(AFRICA, event.id, { participants: '40', countries: 5 })).field,
      'participants',
      'no coercion',
    );
    t.equal(dumpData(app), before, 'nothing written');
    const owing = () => attendance.missing({ office: 'ro-africa' }).map((e) => e.id);
    t.ok(owing().includes(event.id), 'it owes figures');
    t.equal(attendance.register(TSB, event.id, { participants: 40, countries: 5 }).attendance?.participants, 40);
    t.notOk(owing().includes(event.id), 'and no longer');
    t.equal(attendance.figures(event.id).history[0]!.recordedBy, 'tsb');
    t.equal(refusal(t, () => attendance.missing({ office: 'ro-mars' })).field, 'office');
  },
);

t.test('the outbox is TSB’s', async (t) => {
  const { app } = await setUp(t);
  const reminders = app.root.services.reminders;
  t.equal(refusal(t, () => reminders.list(AFRICA, { limit: 10, offset: 0 })).statusCode, 403);
  t.equal(refusal(t, () => reminders.resume(AFRICA)).statusCode, 403);
  t.equal(refusal(t, () => reminders.retry(TSB, 999)).statusCode, 404);
  t.equal(reminders.list(TSB, { limit: 10, offset: 0 }).dispatcher.paused, false);
});
