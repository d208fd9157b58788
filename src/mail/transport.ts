import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { MailConfig } from '../config.js';
import type { ReminderMessage } from './message.js';

/** What became of one message, in the terms the outbox acts on. */
export type Delivery =
  | { outcome: 'sent'; detail: string }
  /** try again later: no answer, a dropped connection, a 4xx reply */
  | { outcome: 'transient'; detail: string }
  /** the server refused for good (5xx): retrying cannot help */
  | { outcome: 'permanent'; detail: string }
  /** our side is wrong (login, TLS): stop sending until someone fixes the configuration */
  | { outcome: 'configuration'; detail: string };

export interface Mailer {
  /** sends one message; an aborted signal abandons it (the connection is dropped, no retry inside) */
  deliver(message: ReminderMessage, signal?: AbortSignal): Promise<Delivery>;
  /** the batch is over: lets go of the connection it kept open */
  release(): void;
  close(): void;
  /** where mail goes, for the log (no password) */
  readonly target: string;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** Sorts a nodemailer failure: by the SMTP reply code when there is one, by the error code when not. */
export function classify(error: SmtpError): Delivery {
  const detail = error.response ?? error.message;
  if (error.code === 'EAUTH' || error.command === 'AUTH PLAIN' || error.command === 'AUTH LOGIN') return { outcome: 'configuration', detail: `authentication failed: ${detail}` };
  if (error.code === 'ETLS' || /certificate|self[- ]signed|wrong version number|SSL routines|TLS/i.test(error.message)) {
    return { outcome: 'configuration', detail: `TLS failed: ${error.message}` };
  }
  if (typeof error.responseCode === 'number') {
    return error.responseCode >= 500 ? { outcome: 'permanent', detail } : { outcome: 'transient', detail };
  }
  // refused, reset, timed out, or dropped after the data without a reply: the same message again later
  return { outcome: 'transient', detail: `${error.code ?? 'error'}: ${error.message}` };
}

function smtpMailer(config: MailConfig, smtpUrl: string): Mailer {
  const options = {
    url: smtpUrl,
    // Connections reused for a batch, opened when it starts and let go when it ends, one for each
    // message the dispatcher sends at once.
    // maxRequeues 0: a message whose connection broke is the outbox's to retry, with its lease and
    // its attempts, never nodemailer's behind its back.
    pool: true,
    maxConnections: config.sendConcurrency,
    maxMessages: 500,
    maxRequeues: 0,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    dnsTimeout: config.timeoutMs,
  } as SMTPTransport.Options;
  let transport: Transporter | null = null;
  const url = new URL(smtpUrl);
  return {
    target: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
    async deliver(message, signal) {
      transport ??= nodemailer.createTransport(options);
      try {
        const info = await transport.sendMail({ ...message, signal });
        const rejected = (info.rejected as (string | { address: string })[]).map((r) => (typeof r === 'string' ? r : r.address));
        if (rejected.length > 0) {
          // with one recipient per message, a rejection is this reminder's answer
          const reason = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors?.[0];
          return reason ? classify(reason) : { outcome: 'permanent', detail: `rejected: ${rejected.join(', ')}` };
        }
        return { outcome: 'sent', detail: String(info.response) };
      } catch (error) {
        return classify(error as SmtpError);
      }
    },
    release() {
      transport?.close();
      transport = null;
    },
    close() {
      // force: a connection still stuck in a delivery is dropped, not waited for
      (transport as unknown as { close(options?: { force: boolean }): void } | null)?.close({ force: true });
      transport = null;
    },
  };
}

/**
 * With no SMTP server configured, each message is written as an .eml file named after its
 * Message-ID: a message sent twice is one file, and `npm start` works anywhere.
 */
function fileMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    target: `files in ${path.resolve(config.dir)}`,
    async deliver(message) {
      const info = await transport.sendMail(message);
      fs.mkdirSync(config.dir, { recursive: true });
      const name = `${message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
      const file = path.join(config.dir, name);
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, info.message as Buffer);
      fs.renameSync(temporary, file);
      return { outcome: 'sent', detail: `written to ${file}` };
    },
    release: () => {},
    close: () => transport.close(),
  };
}

export function createMailer(config: MailConfig): Mailer {
  return config.smtpUrl ? smtpMailer(config, config.smtpUrl) : fileMailer(config);
}
