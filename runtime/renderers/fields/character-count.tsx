/**
 * The GOV.UK character count under a textarea: a visible count that follows every keystroke, and
 * a spoken one that waits until typing pauses (a count read out per keystroke drowns the
 * typing). Counts characters as JSON Schema's maxLength does (code points), so the count and
 * the server agree.
 */
import { memo, useEffect, useState } from 'react';

/** How long typing must pause before the new count is announced. */
export const SPEAK_AFTER_MS = 1000;

export function countCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    n++;
  }
  return n;
}

const number = new Intl.NumberFormat('en-GB');

export function countMessage(remaining: number): string {
  if (remaining === 0) return 'You have 0 characters remaining';
  const n = Math.abs(remaining);
  const noun = n === 1 ? 'character' : 'characters';
  return remaining > 0 ? `You have ${number.format(n)} ${noun} remaining` : `You have ${number.format(n)} ${noun} too many`;
}

/** The id of the sentence stating the limit, for the textarea's aria-describedby. */
export function countInfoId(fieldId: string): string {
  return `${fieldId}-info`;
}

function CharacterCountMessages(props: { fieldId: string; max: number; remaining: number }) {
  const message = countMessage(props.remaining);
  const [spoken, setSpoken] = useState(message);
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(message), SPEAK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <>
      <div id={countInfoId(props.fieldId)} className="govuk-hint govuk-character-count__message govuk-visually-hidden">
        You can enter up to {number.format(props.max)} characters
      </div>
      <div className={`govuk-character-count__message govuk-character-count__status ${props.remaining < 0 ? 'govuk-error-message' : 'govuk-hint'}`} aria-hidden="true">
        {message}
      </div>
      <div className="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
        {spoken}
      </div>
    </>
  );
}

export const CharacterCount = memo(CharacterCountMessages);
