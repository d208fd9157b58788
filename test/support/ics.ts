import ICAL from 'ical.js';
import nodeIcal from 'node-ical';

/** A VEVENT as ical.js reads it, using only the VTIMEZONEs inside the feed itself. */
export interface IcalJsEvent {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  status: string | null;
  sequence: number;
  allDay: boolean;
  /** all-day: YYYY-MM-DD of DTSTART/DTEND; timed: UTC ISO instants */
  start: string;
  end: string;
  tzid: string | null;
  categories: string[];
}

/** Makes ical.js resolve TZIDs against this calendar's VTIMEZONEs only, never a zone it might know otherwise; their ids. */
export function registerOwnZones(calendar: ICAL.Component): string[] {
  ICAL.TimezoneService.reset();
  const tzids: string[] = [];
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtz);
    tzids.push(zone.tzid);
    ICAL.TimezoneService.register(zone, zone.tzid);
  }
  return tzids;
}

export function parseWithIcalJs(text: string): { calendar: ICAL.Component; events: IcalJsEvent[]; tzids: string[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const tzids = registerOwnZones(calendar);
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const dtstart = vevent.getFirstProperty('dtstart')!;
    const tzid = (dtstart.getParameter('tzid') as string | undefined) ?? null;
    const allDay = event.startDate.isDate;
    const when = (time: ICAL.Time) => (allDay ? time.toString() : new Date(time.toUnixTime() * 1000).toISOString());
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location ?? null,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
      sequence: event.sequence,
      allDay,
      start: when(event.startDate),
      end: when(event.endDate),
      tzid,
      categories: vevent.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
    };
  });
  return { calendar, events, tzids };
}

export interface NodeIcalEvent {
  uid: string;
  summary: string;
  status: string | undefined;
  allDay: boolean;
  start: Date;
  end: Date;
}

export function parseWithNodeIcal(text: string): NodeIcalEvent[] {
  const parsed = nodeIcal.sync.parseICS(text);
  return Object.values(parsed)
    .filter((c): c is nodeIcal.VEvent => c?.type === 'VEVENT')
    .map((e) => ({
      uid: e.uid,
      summary: typeof e.summary === 'string' ? e.summary : String((e.summary as { val?: string })?.val ?? ''),
      status: e.status,
      allDay: e.datetype === 'date',
      start: e.start,
      end: e.end as Date,
    }));
}

/** Physical lines of a feed; throws unless every one ends in CRLF. */
export function physicalLines(text: string): string[] {
  if (!text.endsWith('\r\n')) throw new Error('the feed does not end with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  if (lines.some((l) => l.includes('\n') || l.includes('\r'))) throw new Error('a bare LF or CR inside the feed');
  return lines;
}

/** Content lines after unfolding (RFC 5545 3.1). */
export function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}
