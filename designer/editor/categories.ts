/** A form's categories, with the words analysts see. */
export const CATEGORIES = [
  ['audit', 'Audit'],
  ['supervision', 'Supervision'],
  ['return-to-work', 'Return to work'],
  ['case-record', 'Case record'],
  ['other', 'Other'],
] as const;
