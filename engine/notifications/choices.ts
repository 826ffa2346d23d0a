/** Each person's choice of how they are told (GET/PUT /api/me/notifications). */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { InvalidRequestError, ValidationFailedError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { DEFAULT_CHOICE, DELIVERY_CHOICES, type DeliveryChoice } from './model.js';
import { addressOf } from './recipients.js';

export interface EmailSettings {
  choice: DeliveryChoice;
  /** Where emails go: the person's work email in the ICS directory (null: none, so none are sent). */
  address: string | null;
  /** Whether this service sends email at all (an SMTP server is configured). */
  sending: boolean;
}

export async function emailSettings(ctx: EngineContext, account: Account, sending: boolean): Promise<EmailSettings> {
  const choice = (await ctx.store.getDeliveryChoices([account.id])).get(account.id) ?? DEFAULT_CHOICE;
  return { choice, address: await addressOf(ctx, account), sending };
}

export async function chooseDelivery(ctx: EngineContext, account: Account, body: unknown, sending: boolean): Promise<EmailSettings> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequestError('Send a JSON object.', [{ pointer: '', message: 'Send { "choice": "immediate" | "digest" | "off" }.' }]);
  const extra = Object.keys(body).filter((k) => k !== 'choice');
  if (extra.length) throw new InvalidRequestError('The request has fields it should not.', extra.map((k) => ({ pointer: `/${k}`, message: `"${k}" is not part of this request.` })));
  const choice = (body as { choice?: unknown }).choice;
  if (typeof choice !== 'string' || !(DELIVERY_CHOICES as readonly string[]).includes(choice)) {
    throw new ValidationFailedError('Choose how you want to get emails.', [{ pointer: '/choice', message: 'Select how you want to get emails: each one as it happens, one summary a day, or none.' }]);
  }
  await ctx.store.setDeliveryChoice(account.id, choice as DeliveryChoice, newEvent(ctx.now(), account.id, 'account.email-choice', 'account', account.id, { choice }));
  return emailSettings(ctx, account, sending);
}
