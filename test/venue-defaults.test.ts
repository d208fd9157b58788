import t from 'tap';
import { dumpData, startApp, workshopBody } from './support/helpers.js';

const { venue: _venue, ...noVenue } = workshopBody;

t.test('the venue people write: a city is in person, a link online, both hybrid; only an empty venue is refused', async (t) => {
  const { app, auth } = await startApp(t);
  const headers = auth('ro-africa');
  const create = (venue: unknown) =>
    app.inject({ method: 'POST', url: '/api/events', headers, payload: venue === undefined ? noVenue : { ...noVenue, venue } });

  for (const [venue, virtual, text] of [
    [{ city: 'Nairobi', country: 'Kenya' }, false, 'Nairobi, Kenya'],
    [{ url: 'https://itu.zoom.us/j/1' }, true, 'Online: itu.zoom.us'],
    [{ city: 'Nairobi', country: 'Kenya', url: 'https://itu.zoom.us/j/1' }, true, 'Nairobi, Kenya and online'],
    [{ name: 'UNCC', city: 'Addis Ababa', virtual: false, url: 'https://itu.int/event' }, false, 'UNCC, Addis Ababa'],
    [{ virtual: true }, true, 'Online'],
  ] as const) {
    const res = await create(venue);
    t.equal(res.statusCode, 201, JSON.stringify(venue));
    t.equal(res.json().venue.virtual, virtual, `${JSON.stringify(venue)}: virtual ${virtual}`);
    const feed = await app.inject(`/events/${res.json().id}.ics`);
    t.match(feed.body, `LOCATION:${text.replace(/,/g, '\\,')}`, `${JSON.stringify(venue)}: ${text}`);
  }
  const unknown = await create(undefined);
  t.equal(unknown.statusCode, 201, 'no venue yet: to be confirmed');
  t.same(unknown.json().venue, { name: null, city: null, country: null, virtual: false, url: null });

  const before = dumpData(app);
  for (const empty of [{}, { city: null, url: null }]) {
    const res = await create(empty);
    t.equal(res.statusCode, 400, JSON.stringify(empty));
    t.equal(res.json().field, 'venue');
    t.match(res.json().message, /venue: is empty: give a city \(in person\), a url \(online\) or both \(hybrid\)/);
  }
  t.equal(dumpData(app), before, 'nothing written');

  const inPerson = (await create({ city: 'Nairobi', country: 'Kenya' })).json();
  const patch = (id: string, venue: unknown) => app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers, payload: { venue } });
  const linked = await patch(inPerson.id, { url: 'https://itu.zoom.us/j/2' });
  t.equal(linked.json().venue.virtual, true, 'a link added makes it hybrid');
  t.equal(linked.json().venue.city, 'Nairobi');
  t.equal((await patch(inPerson.id, { city: 'Mombasa' })).json().venue.virtual, true, 'a change of city keeps it hybrid');
  t.equal((await patch(inPerson.id, { virtual: false })).json().venue.virtual, false, 'saying so wins');
});

t.test('the API document says virtual is optional and what it follows from', async (t) => {
  const { app } = await startApp(t);
  const doc = (await app.inject('/openapi.json')).json();
  const body = doc.paths['/api/events'].post.requestBody.content['application/json'].schema;
  const venue = body.properties.venue;
  t.notOk((venue.required ?? []).includes('virtual'));
  t.match(venue.properties.virtual.description, /a venue with a city \(or a name\) is in person, one with only a url online, both hybrid/);
});
