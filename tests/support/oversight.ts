/**
 * A small "Management oversight record" (issue 10): the date of the oversight on one step and a
 * repeatable group of actions, each with a due date, on the next. `withRowCheck` adds the check
 * "each action's due date must be after the date of the oversight", as the designer keeps it.
 */
import type { JsonObject } from '../../engine/forms/model.js';

export const OVERSIGHT_FORM = { id: 'management-oversight', title: 'Management oversight record', category: 'supervision', team: 'business-systems' };

/** The rule the designer writes for "Due by must be after Date of the oversight". */
export const DUE_AFTER_OVERSIGHT = { field: '/actions/*/dueBy', op: '>', other: '/oversight/heldOn' };

export function oversightDefinition(withRowCheck = false): { schema: JsonObject; uischema: JsonObject } {
  return {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        oversight: {
          type: 'object',
          additionalProperties: false,
          required: ['heldOn'],
          properties: { heldOn: { type: 'string', format: 'date', maxLength: 10 } },
        },
        actions: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['action', 'dueBy'],
            properties: { action: { type: 'string', maxLength: 500 }, dueBy: { type: 'string', format: 'date', maxLength: 10 } },
          },
        },
      },
      ...(withRowCheck ? { 'x-compare': [DUE_AFTER_OVERSIGHT] } : {}),
    },
    uischema: {
      type: 'Categorization',
      elements: [
        { type: 'Category', label: 'The oversight', elements: [{ type: 'Control', scope: '#/properties/oversight/properties/heldOn', label: 'Date of the oversight' }] },
        {
          type: 'Category',
          label: 'Actions',
          elements: [
            {
              type: 'Control',
              scope: '#/properties/actions',
              label: 'Actions',
              options: {
                detail: {
                  type: 'VerticalLayout',
                  elements: [
                    { type: 'Control', scope: '#/properties/action', label: 'Action' },
                    { type: 'Control', scope: '#/properties/dueBy', label: 'Due by' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  };
}

/** A record whose second action is due before the oversight (the others after it). */
export function oversightRecord(secondDue = '2026-11-01'): JsonObject {
  return {
    oversight: { heldOn: '2026-11-10' },
    actions: [
      { action: 'Visit the child at school', dueBy: '2026-11-20' },
      { action: 'Update the plan', dueBy: secondDue },
      { action: 'Review at the next oversight', dueBy: '2026-12-10' },
    ],
  };
}
