// Reads a vCard file on stdin with ical.js (which parses vCard 3.0 and 4.0 as well as
// iCalendar) and prints it as jCard (RFC 7095) JSON. Used by tests/clients/vcard.py.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
process.stdout.write(JSON.stringify(ICAL.parse(Buffer.concat(chunks).toString("utf8"))));
