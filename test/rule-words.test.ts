import t from 'tap';
import { expandSeries } from '../src/domain/recurrence.js';
import { english } from '../src/i18n/index.js';
import * as words from '../src/i18n/rule-words.js';

// the rule in words in English, as a report or list says it
const en = english();
const describeRule = (...args: Parameters<typeof words.describeRule> extends [unknown, ...infer R] ? R : never) =>
  words.ruleText(en, words.describeRule(en, ...args));
const ordinal = (n: number) => words.ordinal(en, n);
const zoneCity = (zone: string) => words.zoneCity(en, zone);

// describeRule(rule, first start, zone, all-day): what a report or list says a series repeats
t.test('rules in words, with the time of day in the zone and how the series ends', async (t) => {
  const cases: [rule: string, start: string, zone: string, words: string][] = [
    [
      'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z',
      '2023-09-06T13:00',
      'Europe/Zurich',
      'monthly, first Wednesday, 13:00 Geneva time, until 31 December 2027',
    ],
    [
      'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12',
      '2024-01-09T09:00',
      'Africa/Nairobi',
      'weekly on Tuesday and Thursday, 09:00 Nairobi time, 12 times',
    ],
    [
      'FREQ=WEEKLY;BYDAY=TH,TU;COUNT=12',
      '2024-01-09T09:00',
      'Africa/Nairobi',
      'weekly on Tuesday and Thursday, 09:00 Nairobi time, 12 times',
    ],
    [
      'FREQ=MONTHLY;BYDAY=-1FR;COUNT=1',
      '2024-03-29T10:00',
      'America/Argentina/Buenos_Aires',
      'monthly, last Friday, 10:00 Buenos Aires time, once',
    ],
    [
      'FREQ=MONTHLY;BYDAY=-2TU;COUNT=3',
      '2024-03-19T10:00',
      'Africa/Addis_Ababa',
      'monthly, second-to-last Tuesday, 10:00 Addis Ababa time, 3 times',
    ],
    [
      'FREQ=MONTHLY;BYDAY=1WE,3WE;COUNT=4',
      '2024-09-04T15:00',
      'America/Port-au-Prince',
      'monthly, first and third Wednesday, 15:00 Port-au-Prince time, 4 times',
    ],
    [
      'FREQ=MONTHLY;BYDAY=1MO,-1FR;COUNT=4',
      '2024-09-02T15:00',
      'Asia/Bangkok',
      'monthly, first Monday and last Friday, 15:00 Bangkok time, 4 times',
    ],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4', '2024-03-29T10:00', 'UTC', 'monthly, last weekday, 10:00 UTC, 4 times'],
    [
      'FREQ=MONTHLY;BYDAY=MO,FR;BYSETPOS=1;COUNT=4',
      '2024-03-01T10:00',
      'Etc/GMT-3',
      'monthly, first day that is a Monday or Friday, 10:00 UTC+03:00, 4 times',
    ],
    ['FREQ=MONTHLY;BYDAY=TU;COUNT=8', '2024-03-05T10:00', 'Asia/Tashkent', 'monthly, every Tuesday, 10:00 Tashkent time, 8 times'],
    [
      'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=2TU;UNTIL=20271231',
      '2024-03-12T14:00',
      'Europe/Zurich',
      'monthly, second Tuesday, in March, June, September and December, 14:00 Geneva time, until 31 December 2027',
    ],
  ];
  const allDay: [rule: string, start: string, words: string][] = [
    ['FREQ=DAILY;COUNT=5', '2024-03-05', 'daily, 5 times'],
    ['FREQ=DAILY;INTERVAL=3;COUNT=5', '2024-03-05', 'every 3 days, 5 times'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10', '2024-03-04', 'daily on weekdays, 10 times'],
    ['FREQ=DAILY;BYMONTH=7,8;COUNT=10', '2024-07-01', 'daily, in July and August, 10 times'],
    ['FREQ=WEEKLY;INTERVAL=2;COUNT=5', '2024-01-08', 'every 2 weeks on Monday, 5 times'],
    ['FREQ=WEEKLY;COUNT=5', '2024-01-13', 'weekly on Saturday, 5 times'],
    ['FREQ=WEEKLY;BYDAY=SA,SU;COUNT=5', '2024-01-13', 'weekly at weekends, 5 times'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR;WKST=SU;INTERVAL=2;COUNT=6', '2024-01-08', 'every 2 weeks on Monday, Wednesday and Friday, 6 times'],
    ['FREQ=YEARLY;COUNT=3', '2024-03-05', 'yearly, 5 March, 3 times'],
    ['FREQ=YEARLY;INTERVAL=4;COUNT=3', '2024-02-29', 'every 4 years, 29 February (in leap years only), 3 times'],
    ['FREQ=YEARLY;BYMONTH=3,9;COUNT=4', '2024-03-05', 'yearly, 5 March and 5 September, 4 times'],
    ['FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1,15;COUNT=4', '2024-03-01', 'yearly, 1 and 15 March, 4 times'],
    ['FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1,15;COUNT=4', '2024-03-01', 'yearly, days 1 and 15 of March and September, 4 times'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=4', '2024-02-29', 'yearly, the last day of February, 4 times'],
    ['FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;COUNT=4', '2024-05-27', 'yearly, last Monday of May, 4 times'],
    ['FREQ=YEARLY;BYMONTH=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4', '2024-03-29', 'yearly, last weekday of March, 4 times'],
    ['FREQ=YEARLY;BYDAY=MO;COUNT=4', '2024-01-01', 'yearly, every Monday, 4 times'],
    ['FREQ=YEARLY;BYMONTH=3;BYDAY=MO;COUNT=4', '2024-03-04', 'yearly, every Monday in March, 4 times'],
    ['FREQ=YEARLY;BYMONTH=9,12;BYMONTHDAY=13;BYDAY=FR;COUNT=2', '2024-09-13', 'yearly, 13 September and 13 December, if a Friday, 2 times'],
    ['FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20250630', '2024-03-15', 'monthly on day 15, until 30 June 2025'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=6', '2024-03-01', 'monthly on days 1 and 15, 6 times'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6', '2024-03-31', 'monthly on the last day, 6 times'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=6', '2024-03-01', 'monthly on day 1 and the last day, 6 times'],
    ['FREQ=MONTHLY;COUNT=4', '2024-01-31', 'monthly on day 31 (not in months without that day), 4 times'],
    ['FREQ=MONTHLY;COUNT=4', '2024-01-10', 'monthly on day 10, 4 times'],
    ['FREQ=MONTHLY;INTERVAL=3;COUNT=4', '2024-01-10', 'every 3 months on day 10, 4 times'],
    ['FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;COUNT=4', '2024-09-13', 'monthly on day 13, if a Friday, 4 times'],
  ];
  for (const [rule, start, zone, words] of cases) t.equal(describeRule(rule, start, zone, false), words, rule);
  for (const [rule, start, words] of allDay) t.equal(describeRule(rule, start, 'Africa/Nairobi', true), words, `${rule} (all day)`);
});

t.test('the end as the expansion reads it, or left out', async (t) => {
  // a UTC UNTIL at local midnight (31 December 23:00Z is 1 January 00:00 in Geneva) allows no 13:00 on 1 January
  t.equal(
    describeRule('FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z', '2023-09-06T13:00', 'Europe/Zurich', false),
    'monthly, first Wednesday, 13:00 Geneva time, until 31 December 2027',
  );
  t.equal(
    describeRule('FREQ=DAILY;UNTIL=20240331T000000', '2024-03-01T08:00', 'Europe/London', false),
    'daily, 08:00 London time, until 30 March 2024',
    'a floating UNTIL at midnight, before 08:00',
  );
  t.equal(
    describeRule('FREQ=DAILY;UNTIL=20240331T080000', '2024-03-01T08:00', 'Europe/London', false),
    'daily, 08:00 London time, until 31 March 2024',
    'an UNTIL at the very time is inclusive',
  );
  t.equal(
    describeRule('FREQ=DAILY;UNTIL=20240331T200000Z', '2024-03-01T08:00', 'Asia/Tokyo', false),
    'daily, 08:00 Tokyo time, until 31 March 2024',
    '20:00Z is 05:00 on 1 April in Tokyo: before 08:00, so none that day',
  );
  t.equal(
    describeRule('FREQ=DAILY;UNTIL=20240331T230000Z', '2024-03-01T08:00', 'Asia/Tokyo', false),
    'daily, 08:00 Tokyo time, until 1 April 2024',
    '23:00Z is 08:00 on 1 April in Tokyo',
  );
  t.equal(
    describeRule('FREQ=DAILY;UNTIL=20240331T230000Z', '2024-03-01', 'Asia/Tokyo', true),
    'daily, until 1 April 2024',
    'an all-day series takes the local date',
  );
  t.equal(
    describeRule('FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z', '2023-09-06T13:00', 'Europe/Zurich', false, { ending: false }),
    'monthly, first Wednesday, 13:00 Geneva time',
  );
  t.equal(describeRule('FREQ=YEARLY;COUNT=2', '2024-03-05', 'Africa/Nairobi', true, { ending: false }), 'yearly, 5 March');
});

t.test('any spelling of a rule reads as its canonical form; what cannot be worded is given as the rule', async (t) => {
  t.equal(
    describeRule('COUNT=04;BYDAY=+1WE;FREQ=MONTHLY;INTERVAL=1', '2024-01-03T13:00', 'Europe/Zurich', false),
    'monthly, first Wednesday, 13:00 Geneva time, 4 times',
  );
  // ical.js ignores BYSETPOS beside BYMONTHDAY (it gives the 1st and the 15th): no words
  t.equal(
    describeRule('FREQ=MONTHLY;BYMONTHDAY=1,15;BYSETPOS=1;COUNT=4', '2024-03-01', 'Africa/Nairobi', true),
    'repeats: FREQ=MONTHLY;BYMONTHDAY=1,15;BYSETPOS=1;COUNT=4',
  );
  t.equal(
    describeRule('FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=4', '2024-03-01', 'Africa/Nairobi', true),
    'repeats: FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=4',
    'positions on some days only',
  );
  // without BYMONTH, ical.js (the expansion) does not read these as RFC 5545 does: no words that would mislead
  t.equal(describeRule('FREQ=YEARLY;BYDAY=20MO;COUNT=4', '2024-05-13', 'Africa/Nairobi', true), 'repeats: FREQ=YEARLY;BYDAY=20MO;COUNT=4');
  t.equal(
    describeRule('FREQ=YEARLY;BYMONTHDAY=15;COUNT=4', '2024-01-15', 'Africa/Nairobi', true),
    'repeats: FREQ=YEARLY;BYMONTHDAY=15;COUNT=4',
  );
  t.equal(
    describeRule('FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3', '2024-12-31', 'Africa/Nairobi', true),
    'repeats: FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3',
  );
  t.equal(
    describeRule('FREQ=HOURLY;COUNT=4', '2024-03-01T10:00', 'Africa/Nairobi', false),
    'repeats: FREQ=HOURLY;COUNT=4',
    'a rule the service refuses is shown as it is',
  );
});

t.test('cities of zones and ordinals', async (t) => {
  t.equal(zoneCity('Europe/Zurich'), 'Geneva', 'the zone of ITU headquarters reads as Geneva');
  t.equal(zoneCity('Africa/Addis_Ababa'), 'Addis Ababa');
  t.equal(zoneCity('America/Argentina/Buenos_Aires'), 'Buenos Aires');
  t.equal(zoneCity('Europe/Geneva'), 'Geneva');
  t.equal(zoneCity('UTC'), undefined);
  t.equal(zoneCity('Etc/GMT+5'), undefined, 'Etc/GMT+5 is UTC-5: no city, an offset');
  t.equal(describeRule('FREQ=DAILY;COUNT=2', '2024-03-01T10:00', 'Etc/GMT+5', false), 'daily, 10:00 UTC-05:00, 2 times');
  t.same([1, 2, 3, 4, 5, 11, 12, 13, 20, 21, 22, 23, 53, -1, -2, -3].map(ordinal), [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    '11th',
    '12th',
    '13th',
    '20th',
    '21st',
    '22nd',
    '23rd',
    '53rd',
    'last',
    'second-to-last',
    'third-to-last',
  ]);
});

t.test('the words say what the expansion does', async (t) => {
  const dates = (start: string, recurrence: string) =>
    expandSeries({ start, end: start, allDay: true, timeZone: 'UTC', recurrence }).map((o) => o.start);
  const check = (start: string, rule: string, words: string, expected: string[]) => {
    t.equal(describeRule(rule, start, 'UTC', true), words, rule);
    t.same(dates(start, rule), expected, `${words}: ${expected.join(', ')}`);
  };
  check('2024-03-29', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4', 'monthly, last weekday, 4 times', [
    '2024-03-29',
    '2024-04-30',
    '2024-05-31',
    '2024-06-28',
  ]);
  check('2024-01-31', 'FREQ=MONTHLY;COUNT=3', 'monthly on day 31 (not in months without that day), 3 times', [
    '2024-01-31',
    '2024-03-31',
    '2024-05-31',
  ]);
  check('2024-02-29', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=3', 'yearly, the last day of February, 3 times', [
    '2024-02-29',
    '2025-02-28',
    '2026-02-28',
  ]);
  check('2024-05-27', 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;COUNT=3', 'yearly, last Monday of May, 3 times', [
    '2024-05-27',
    '2025-05-26',
    '2026-05-25',
  ]);
  check('2024-09-13', 'FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;COUNT=3', 'monthly on day 13, if a Friday, 3 times', [
    '2024-09-13',
    '2024-12-13',
    '2025-06-13',
  ]);
  check('2024-01-08', 'FREQ=WEEKLY;INTERVAL=2;COUNT=3', 'every 2 weeks on Monday, 3 times', ['2024-01-08', '2024-01-22', '2024-02-05']);
});
