/**
 * A home visit with what issue 14's review stages and tracked actions need: top-level sections
 * kept in objects of their own (the visit, with a required question; the practitioner's
 * response; moderation, required at the root), and a repeating group of actions whose rows have
 * an action (long text), an owner (an ICS id) and a due date. For the designer's unit and browser tests.
 */
const text = (title: string, maxLength = 200) => ({ type: 'string', title, maxLength });
const control = (k: string, extra: Record<string, unknown> = {}) => ({ type: 'Control', scope: `#/properties/${k}`, ...extra });
const section = (label: string, name: string, field: string) => ({ type: 'Group', label, elements: [{ type: 'Control', scope: `#/properties/${name}/properties/${field}` }] });

export function reviewForm(): { schema: Record<string, unknown>; uischema: Record<string, unknown> } {
  return {
    schema: {
      type: 'object',
      properties: {
        visit: { type: 'object', title: 'The visit', properties: { seenOn: { type: 'string', title: 'Seen on', format: 'date', maxLength: 10 } }, required: ['seenOn'] },
        actions: {
          type: 'array',
          title: 'Actions',
          maxItems: 20,
          items: {
            type: 'object',
            properties: { action: text('Action', 2000), ownerId: { type: 'string', title: 'Owner', maxLength: 20, pattern: '^[A-Za-z0-9][A-Za-z0-9/_-]*$' }, dueDate: { type: 'string', title: 'Due by', format: 'date', maxLength: 10 }, done: { type: 'boolean', title: 'Done' } },
          },
        },
        attendees: { type: 'array', title: 'Attendees', maxItems: 10, items: { type: 'object', properties: { name: text('Name'), role: text('Role') } } },
        response: { type: 'object', title: 'Response', properties: { comments: text("Practitioner's comments", 5000) } },
        moderation: { type: 'object', title: 'Moderation', properties: { grade: text('Grade') } },
      },
      required: ['visit', 'moderation'],
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        section('The visit', 'visit', 'seenOn'),
        control('actions', { label: 'Actions', options: { detail: { type: 'VerticalLayout', elements: [control('action', { options: { multi: true } }), control('ownerId'), control('dueDate'), control('done')] } } }),
        control('attendees', { options: { detail: { type: 'VerticalLayout', elements: [control('name'), control('role')] } } }),
        section('Practitioner’s response', 'response', 'comments'),
        section('Quality moderation', 'moderation', 'grade'),
      ],
    },
  };
}

/** The review the browser test gives this form: the practitioner's response, then moderation by a group. */
export const TWO_STAGES = {
  deliverAt: 'final-sign-off',
  stages: [
    {
      id: 'practitioners-response',
      name: "Practitioner's response",
      actor: { role: 'practitioner', relationship: 'allocated-worker', notAuthor: true, notEarlierActor: false },
      dueWorkingDays: 3,
      section: 'response',
    },
    {
      id: 'moderation',
      name: 'Moderation',
      actor: { role: 'manager', relationship: 'group', group: 'qa-moderators', notAuthor: true, notEarlierActor: true },
      dueWorkingDays: 10,
      section: 'moderation',
    },
  ],
} as const;
