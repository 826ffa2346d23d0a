/**
 * A real SMTP server for the email tests (the `smtp-server` package, on a free port, no TLS or
 * sign-in): it keeps every message it accepts, parsed with `mailparser`, and can refuse the next
 * few with a temporary error (451) or take its time over each.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  messages: ParsedMail[];
  /** How many messages it refused. */
  refused: number;
  /** Refuse the next `n` messages with 451 (try again later). */
  refuseNext(n: number): void;
  /** Wait this long before accepting each message. */
  delayMs: number;
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  let refuse = 0;
  const state: TestSmtp = {
    url: '',
    messages: [],
    refused: 0,
    refuseNext: (n) => {
      refuse = n;
    },
    delayMs: 0,
    to: (address) => state.messages.filter((m) => m.to?.text.includes(address)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      void simpleParser(stream).then(async (mail) => {
        if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
        if (refuse > 0) {
          refuse--;
          state.refused++;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        state.messages.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
