/** A small form with a File upload question ("Fit note"), as the designer writes one, to vary in tests. */
import { FILE_REF_SCHEMA, type FileRef } from '../../engine/files/model.js';
import type { JsonObject } from '../../engine/forms/model.js';

export function filesDefinition(): { schema: JsonObject; uischema: JsonObject } {
  return {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['reason', 'fitNote'],
      properties: {
        reason: { type: 'string', maxLength: 200 },
        hadNote: { type: 'boolean' },
        fitNote: {
          type: 'array',
          title: 'Fit note',
          description: 'A photo or scan of the fit note',
          'x-files': { types: ['pdf', 'image'], maxFileSize: 10 * 1024 * 1024 },
          minItems: 1,
          maxItems: 3,
          items: structuredClone(FILE_REF_SCHEMA) as unknown as JsonObject,
        },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/reason', label: 'Reason for absence' },
        { type: 'Control', scope: '#/properties/hadNote', label: 'Did they get a fit note?' },
        { type: 'Control', scope: '#/properties/fitNote', label: 'Fit note' },
      ],
    },
  };
}

/** A well-formed answer item (the bytes are not stored anywhere). */
export function fileRef(name: string, size: number, mediaType = 'application/pdf', n = 1): FileRef {
  return { id: `f_${String(n).padStart(10, '0')}`, name, size, mediaType, sha256: String(n % 10).repeat(64) };
}
