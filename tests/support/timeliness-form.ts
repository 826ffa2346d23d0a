/** A small return-to-work section for the timeliness tests (issue 15): a return date, an interview date and a yes/no to chart. */
export function absenceSection(): Record<string, unknown> {
  return {
    type: 'object',
    title: 'Absence',
    properties: {
      returnDate: { type: 'string', format: 'date', title: 'Return date' },
      interviewDate: { type: 'string', format: 'date', title: 'Interview date' },
      triggerMet: { type: 'boolean', title: 'Trigger point met' },
    },
  };
}
