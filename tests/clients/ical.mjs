// Reads an iCalendar file on stdin with ical.js (the parser of Thunderbird) and prints
// what a calendar client would take from it, as JSON. Used by tests/clients/ical.py.
// Several calendars at once (one node start for many files): a JSON array of their texts.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = Buffer.concat(chunks).toString("utf8");

function instant(time) {
  if (!time) return null;
  return {
    utc: time.isDate ? null : time.toJSDate().toISOString(),
    date: time.isDate ? time.toString() : null,
    zone: time.zone ? time.zone.tzid : null,
  };
}

function person(property) {
  const parameters = {};
  for (const name of ["cn", "partstat", "role", "rsvp", "cutype"]) {
    const value = property.getParameter(name);
    if (value !== undefined && value !== null) parameters[name] = value;
  }
  return { value: property.getFirstValue(), ...parameters };
}

function read(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const organizer = component.getFirstProperty("organizer");
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: component.getFirstPropertyValue("url"),
      status: component.getFirstPropertyValue("status"),
      transp: component.getFirstPropertyValue("transp"),
      start: instant(event.startDate),
      end: instant(event.endDate),
      organizer: organizer ? person(organizer) : null,
      attendees: event.attendees.map(person),
    };
  });
  return {
    method: calendar.getFirstPropertyValue("method"),
    prodid: calendar.getFirstPropertyValue("prodid"),
    version: calendar.getFirstPropertyValue("version"),
    timezones: calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    events,
  };
}

process.stdout.write(JSON.stringify(
  input.startsWith("[") ? JSON.parse(input).map(read) : read(input)));
