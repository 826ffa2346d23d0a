/** The little of `smtp-server` and `mailparser` (which ship no types) that the tests' mail server uses. */
declare module 'smtp-server' {
  import type { Server } from 'node:net';
  import type { Readable } from 'node:stream';

  export interface SMTPServerOptions {
    disabledCommands?: string[];
    authOptional?: boolean;
    logger?: boolean;
    onData?(stream: Readable, session: unknown, callback: (err?: Error | null) => void): void;
  }

  export class SMTPServer {
    constructor(options: SMTPServerOptions);
    server: Server;
    listen(port: number, host: string, callback?: () => void): void;
    close(callback?: () => void): void;
  }
}

declare module 'mailparser' {
  import type { Readable } from 'node:stream';

  export interface ParsedMail {
    messageId?: string;
    subject?: string;
    text?: string;
    to?: { text: string };
    from?: { text: string };
  }

  export function simpleParser(source: Readable | Buffer | string): Promise<ParsedMail>;
}
