import t from 'tap';
import type { Venue } from '../src/domain/event.js';
import { english } from '../src/i18n/index.js';
import { venueText as venueTextIn } from '../src/i18n/words.js';

const venueText = (v: Venue) => venueTextIn(english(), v);
import { startApp, workshopBody } from './support/helpers.js';

// One wording of where an event is: the feeds' LOCATION, the pages, the reminders and the report
// used three (the report left out the venue's name and said "virtual" for "Online").

const venue = (v: Partial<Venue>): Venue => ({ name: null, city: null, country: null, virtual: false, url: null, ...v });

t.test('venue text', async (t) => {
  t.equal(venueText(venue({ city: 'Nairobi', country: 'Kenya' })), 'Nairobi, Kenya');
  t.equal(venueText(venue({ name: 'AICC', city: 'Arusha', country: 'Tanzania' })), 'AICC, Arusha, Tanzania');
  t.equal(venueText(venue({ city: 'Geneva', country: 'Switzerland', virtual: true })), 'Geneva, Switzerland and online');
  t.equal(venueText(venue({ virtual: true, url: 'https://meet.itu.example/x' })), 'Online');
  t.equal(venueText(venue({ country: 'Ethiopia' })), 'Ethiopia');
  t.equal(venueText(venue({ city: '' })), null, 'nothing known: each reader says so its own way');
});

t.test('the feed, the event page, the list and the report say the same', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const hybrid = {
    ...workshopBody,
    venue: { name: 'CICG', city: 'Geneva', country: 'Switzerland', virtual: true, url: 'https://meet.itu.example/x' },
  };
  const res = await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: hybrid });
  t.equal(res.statusCode, 201, res.body);
  const { id } = res.json();
  const text = 'CICG, Geneva, Switzerland and online';
  t.match((await app.inject({ url: `/events/${id}.ics` })).body, 'LOCATION:CICG\\, Geneva\\, Switzerland and online');
  t.match((await app.inject({ url: `/events/${id}` })).body, `<dt>Where</dt><dd>${text}</dd>`);
  t.match((await app.inject({ url: '/?from=2024-03-01&to=2024-03-31' })).body, `<p class="meta">${text}</p>`);
  const report = (await app.inject({ url: '/api/reports/activity?from=2024-03-01&to=2024-03-31&region=africa' })).json();
  t.equal(report.regions[0].events.find((e: { id: string }) => e.id === id).venue, text);
});
