import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the mail tests (smtp-server, same maintainers as
 * nodemailer). It can refuse the next N messages with a temporary 451, as a busy server does.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** Refuse this many of the next messages with "451 try again later". */
  rejectNext(count: number): void;
  /** How many messages were refused so far. */
  rejected(): number;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let toReject = 0;
  let rejectedCount = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to make; the login is checked all the same.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'leadpond' && auth.password === 's3cret') {
        callback(null, { user: auth.username });
      } else callback(new Error('invalid login'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (toReject > 0) {
          toReject--;
          rejectedCount++;
          const error = Object.assign(new Error('mailbox busy, try again later'), {
            responseCode: 451,
          });
          callback(error);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://leadpond:s3cret@127.0.0.1:${port}`,
    received,
    rejectNext(count) {
      toReject = count;
    },
    rejected: () => rejectedCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of every part of a MIME message (base64 or quoted-printable). */
export function decodedParts(raw: string): string[] {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  return parts.map((part) => {
    const split = part.search(/\r?\n\r?\n/);
    const headers = split >= 0 ? part.slice(0, split) : '';
    const body = split >= 0 ? part.slice(split).trim() : part;
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    if (encoding === 'base64')
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const soft = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < soft.length; i++) {
        if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
          bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
      }
      return Buffer.from(bytes).toString('utf8');
    }
    return body;
  });
}

/** The download links (`…/d/<token>`) a mail carries. */
export function linksIn(mail: ReceivedMail): string[] {
  const text = decodedParts(mail.raw).join('\n');
  return [
    ...new Set([...text.matchAll(/https?:\/\/[^\s"<>]+\/d\/[A-Za-z0-9_-]{43}/g)].map((m) => m[0])),
  ];
}

/** The message's subject, decoded (RFC 2047 encoded words). */
export function subjectOf(mail: ReceivedMail): string {
  const line = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(mail.raw)?.[1] ?? '';
  return line
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : (decodedParts(
            `Content-Transfer-Encoding: quoted-printable\n\n${text.replace(/_/g, ' ')}`,
          )[0] ?? ''),
    );
}
