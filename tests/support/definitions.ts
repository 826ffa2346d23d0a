/** A small, valid definition to vary in tests. */
import type { JsonObject } from '../../engine/forms/model.js';

export function sampleDefinition(): { schema: JsonObject; uischema: JsonObject } {
  return {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['childId', 'caseType'],
      properties: {
        childId: { type: 'string', title: 'Child ID', maxLength: 20, pattern: '^[A-Z0-9]+$' },
        caseType: {
          type: 'string',
          maxLength: 10,
          oneOf: [
            { const: 'CIN', title: 'Child in Need' },
            { const: 'CP', title: 'Child Protection' },
            { const: 'CLA', title: 'Child Looked After' },
          ],
        },
        periodFrom: { type: 'string', format: 'date', maxLength: 10 },
        periodTo: { type: 'string', format: 'date', maxLength: 10 },
        score: { type: 'integer', minimum: 0, maximum: 10 },
        concern: { type: 'boolean' },
        escalatedTo: { type: 'string', maxLength: 20 },
        summary: { type: 'string', maxLength: 5000 },
        actions: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['action', 'dueDate'],
            properties: {
              action: { type: 'string', maxLength: 500 },
              dueDate: { type: 'string', format: 'date', maxLength: 10 },
              priority: { type: 'string', maxLength: 20, enum: ['immediate', 'week', 'month'] },
            },
          },
        },
      },
      allOf: [{ if: { properties: { concern: { const: true } }, required: ['concern'] }, then: { required: ['escalatedTo'] } }],
      'x-compare': [{ field: '/periodTo', op: '>=', other: '/periodFrom' }],
    },
    uischema: {
      type: 'Categorization',
      elements: [
        {
          type: 'Category',
          label: 'About the child',
          elements: [
            { type: 'Control', scope: '#/properties/childId', label: "Child's ICS person ID" },
            { type: 'Control', scope: '#/properties/caseType', label: 'Case type', options: { format: 'radio' } },
            { type: 'HorizontalLayout', elements: [
              { type: 'Control', scope: '#/properties/periodFrom', label: 'Period from' },
              { type: 'Control', scope: '#/properties/periodTo', label: 'Period to' },
            ] },
          ],
        },
        {
          type: 'Category',
          label: 'Findings',
          elements: [
            { type: 'Control', scope: '#/properties/score', label: 'Score' },
            { type: 'Control', scope: '#/properties/concern', label: 'Safeguarding concern found?' },
            {
              type: 'Control',
              scope: '#/properties/escalatedTo',
              label: 'Escalated to',
              rule: { effect: 'SHOW', condition: { scope: '#/properties/concern', schema: { const: true } } },
            },
            { type: 'Control', scope: '#/properties/summary', label: 'Summary', options: { multi: true } },
            {
              type: 'Control',
              scope: '#/properties/actions',
              label: 'Actions',
              options: {
                detail: {
                  type: 'VerticalLayout',
                  elements: [
                    { type: 'Control', scope: '#/properties/action', label: 'Action' },
                    { type: 'Control', scope: '#/properties/dueDate', label: 'Due date' },
                    { type: 'Control', scope: '#/properties/priority', label: 'Priority' },
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

/** Deep-clones `def` and applies `change` to the copy. */
export function varied<T>(def: T, change: (d: T) => void): T {
  const copy = structuredClone(def);
  change(copy);
  return copy;
}
