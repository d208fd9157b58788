import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Test } from 'tap';

/** How the in-process SMTP server answers the next message. */
export type Answer = 'accept' | 'temporary' | 'permanent';

export interface TestSmtp {
  port: number;
  url: string;
  /** every message accepted, parsed */
  received: ParsedMail[];
  /** answers for the next messages, in order; then 'accept' */
  answers: Answer[];
  /** messages whose DATA arrived, whatever the answer */
  attempts: number;
  /** how long each reply waits (the greeting, MAIL FROM, RCPT TO, the end of DATA): a slow server */
  delayMs: number;
  /** called when a message's data has arrived, before the server answers */
  onMessage: () => void;
  stop(): Promise<void>;
  /** listens again on the same port after stop() */
  restart(): Promise<void>;
}

/**
 * A real SMTP server on loopback (smtp-server), parsing what arrives with mailparser. It can
 * answer 421 or 550, to drive the dispatcher's retries.
 */
export async function startSmtp(options: { requireAuth?: boolean; port?: number; delayMs?: number } = {}): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    answers: [],
    attempts: 0,
    delayMs: options.delayMs ?? 0,
    onMessage: () => {},
    stop: async () => {},
    restart: async () => {},
  };
  let server: SMTPServer;
  const later = (fn: () => void) => (state.delayMs > 0 ? setTimeout(fn, state.delayMs) : fn());
  const make = () =>
    new SMTPServer({
      disabledCommands: options.requireAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !options.requireAuth,
      allowInsecureAuth: true,
      logger: false,
      onConnect(_session, callback) {
        later(() => callback());
      },
      onMailFrom(_address, _session, callback) {
        later(() => callback());
      },
      onRcptTo(_address, _session, callback) {
        later(() => callback());
      },
      onAuth(_auth, _session, callback) {
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () =>
          later(() => {
            state.attempts++;
            state.onMessage();
            const answer = state.answers.shift() ?? 'accept';
            if (answer === 'temporary') return callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
            if (answer === 'permanent') return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
            simpleParser(Buffer.concat(chunks)).then((parsed) => {
              state.received.push(parsed);
              callback();
            }, callback);
          }),
        );
      },
    });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.on('error', () => {});
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        state.port = (server.server.address() as AddressInfo).port;
        state.url = `smtp://127.0.0.1:${state.port}`;
        resolve();
      });
    });
  await listen(options.port ?? 0);
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  state.restart = () => listen(state.port);
  return state;
}

/**
 * A server that speaks just enough SMTP to take a whole message, then hangs up without a
 * reply: the case nodemailer reports with no response code.
 */
export async function startDroppingSmtp(): Promise<{ url: string; messages: string[]; stop(): Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let data = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (data) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end >= 0) {
          messages.push(buffer.slice(0, end));
          socket.destroy();
        }
        return;
      }
      let newline: number;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 test\r\n');
        else if (line.startsWith('MAIL') || line.startsWith('RCPT') || line.startsWith('RSET') || line.startsWith('NOOP'))
          socket.write('250 OK\r\n');
        else if (line === 'DATA') {
          socket.write('354 go ahead\r\n');
          data = true;
          return;
        } else if (line === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 no\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface SmtpDelivery {
  /** what the client said in MAIL FROM and RCPT TO, as smtp-server reads it (a domain in Unicode), and the MAIL FROM command as it came */
  envelope: { mailFrom: string | null; rcptTo: string[]; utf8: boolean; mailFromCommand: string | null };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpProcess {
  url: string;
  /** every message accepted so far, in the order they arrived */
  deliveries(): Promise<SmtpDelivery[]>;
  stop(): Promise<void>;
}

/**
 * A real SMTP server in another process (support/smtp-process.ts), as a relay is to the service:
 * what it accepted is read from the files it writes, parsed with mailparser. Stopped when `t` ends.
 */
export async function startSmtpProcess(t: Test, dir: string): Promise<SmtpProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'smtp-process.ts'), dir], {
    env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  t.teardown(stop);
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d;
      const match = /\{"port":(\d+)\}/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`the SMTP process exited before listening:\n${output}`)));
  });
  const parsedFiles = new Map<string, SmtpDelivery>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    async deliveries() {
      const names = fs
        .readdirSync(dir)
        .filter((f) => /^\d+\.eml$/.test(f))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
      for (const name of names) {
        if (parsedFiles.has(name)) continue;
        const raw = fs.readFileSync(path.join(dir, name));
        const envelope = JSON.parse(fs.readFileSync(path.join(dir, name.replace(/\.eml$/, '.json')), 'utf8')) as SmtpDelivery['envelope'];
        parsedFiles.set(name, { envelope, raw, parsed: await simpleParser(raw) });
      }
      return names.map((name) => parsedFiles.get(name)!);
    },
    stop,
  };
}
