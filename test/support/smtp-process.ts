/**
 * A real SMTP server (smtp-server) in a process of its own, as a relay is to the service: each
 * message it accepts is written into the folder given as its argument, as `<n>.eml` with its
 * envelope beside it in `<n>.json` (with the MAIL FROM command as it came). It prints `{"port": …}` once it listens and stops on SIGTERM.
 * Started by `startSmtpProcess` (smtp.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const dir = process.argv[2];
if (!dir) throw new Error('usage: smtp-process.ts <folder>');
fs.mkdirSync(dir, { recursive: true });
let count = 0;
/** the MAIL FROM command as the client wrote it, per connection: smtp-server hands the address on decoded (punycode to Unicode) */
const mailFromLines = new Map<string, string>();
const quiet = () => {};

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: {
    debug(entry: { tnx?: string; cid?: string; command?: string }, _message: string, line: string) {
      if (entry.tnx === 'command' && entry.command === 'MAIL' && entry.cid) mailFromLines.set(entry.cid, line);
    },
    trace: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
    fatal: quiet,
  } as never,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const n = ++count;
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        utf8: Boolean((session.envelope as { utf8?: boolean }).utf8),
        mailFromCommand: mailFromLines.get(session.id) ?? null,
      };
      // the envelope first, the message last and whole: a reader that sees the .eml sees both
      fs.writeFileSync(path.join(dir, `${n}.json`), JSON.stringify(envelope));
      fs.writeFileSync(path.join(dir, `${n}.eml.tmp`), Buffer.concat(chunks));
      fs.renameSync(path.join(dir, `${n}.eml.tmp`), path.join(dir, `${n}.eml`));
      callback();
    });
  },
});
server.on('error', (error) => console.error(error));
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
