import t from 'tap';
import { deriveEventTimes, isKnownZone, isTimeProblem, resolveLocal } from '../src/domain/time.js';

t.test('an ordinary local time has one instant', async (t) => {
  t.same(resolveLocal('2023-09-20T09:00', 'Africa/Dar_es_Salaam'), { kind: 'exact', instant: Date.parse('2023-09-20T06:00:00Z') });
});

t.test('a time inside the spring-forward gap does not exist', async (t) => {
  t.same(resolveLocal('2027-03-28T02:30', 'Europe/Zurich'), { kind: 'nonexistent' });
  const problem = deriveEventTimes('2027-03-28T02:30', '2027-03-28T04:00', 'Europe/Zurich');
  t.ok(isTimeProblem(problem));
  t.match(problem, { field: 'start', message: /does not exist in Europe\/Zurich/ });
  const endProblem = deriveEventTimes('2027-03-28T01:00', '2027-03-28T02:15', 'Europe/Zurich');
  t.match(endProblem, { field: 'end' });
});

t.test('a time in the autumn overlap resolves to its first occurrence (RFC 5545 3.3.5)', async (t) => {
  const r = resolveLocal('2027-10-31T02:30', 'Europe/Zurich');
  t.equal(r.kind, 'ambiguous');
  t.equal(new Date((r as { instant: number }).instant).toISOString(), '2027-10-31T00:30:00.000Z', 'CEST, the first pass');
  t.equal(new Date((r as { later: number }).later).toISOString(), '2027-10-31T01:30:00.000Z');
  const times = deriveEventTimes('2027-10-31T02:30', '2027-10-31T03:30', 'Europe/Zurich');
  t.notOk(isTimeProblem(times));
  t.match(times, { startAt: '2027-10-31T00:30:00.000Z', endAt: '2027-10-31T02:30:00.000Z' });
});

t.test('all-day events span local midnights', async (t) => {
  const times = deriveEventTimes('2023-09-13', '2023-09-22', 'Africa/Dar_es_Salaam');
  t.match(times, {
    allDay: true,
    startDate: '2023-09-13',
    endDate: '2023-09-22',
    startAt: '2023-09-12T21:00:00.000Z',
    endAt: '2023-09-22T21:00:00.000Z',
  });
  // Adelaide is +10:30 in April before the change and +9:30 after
  t.match(deriveEventTimes('2024-04-07', '2024-04-07', 'Australia/Adelaide'), {
    startAt: '2024-04-06T13:30:00.000Z',
    endAt: '2024-04-07T14:30:00.000Z',
  });
});

t.test('timed events keep seconds only when given, and a midnight end stays on the day before', async (t) => {
  t.match(deriveEventTimes('2024-03-05T09:00:00', '2024-03-06T00:00', 'UTC'), {
    startLocal: '2024-03-05T09:00',
    endDate: '2024-03-05',
  });
  t.match(deriveEventTimes('2024-03-05T09:00:30', '2024-03-05T10:00', 'UTC'), { startLocal: '2024-03-05T09:00:30' });
});

t.test('refusals name the field', async (t) => {
  t.match(deriveEventTimes('2024-03-05', '2024-03-05T10:00', 'UTC'), { field: 'end', message: /both be dates/ });
  t.match(deriveEventTimes('2024-03-05', '2024-03-04', 'UTC'), { field: 'end', message: /before start/ });
  t.match(deriveEventTimes('2024-03-05T10:00', '2024-03-05T10:00', 'UTC'), { field: 'end', message: /not after start/ });
  t.match(deriveEventTimes('2024-02-30', '2024-03-01', 'UTC'), { field: 'start' });
  t.match(deriveEventTimes('2024-03-01', '5 March', 'UTC'), { field: 'end' });
  t.match(deriveEventTimes('2024-03-01', '2024-03-01', 'Europe/Geneva'), { field: 'timeZone' });
});

t.test('zones must be spelt as published', async (t) => {
  t.ok(isKnownZone('Europe/Zurich'));
  t.ok(isKnownZone('America/Argentina/Buenos_Aires'));
  t.ok(isKnownZone('UTC'));
  t.ok(isKnownZone('Etc/GMT+1'));
  t.notOk(isKnownZone('europe/zurich'));
  t.notOk(isKnownZone('Europe/Zurch'));
  t.notOk(isKnownZone('Mars/Olympus_Mons'));
  t.notOk(isKnownZone('+02:00'));
});
