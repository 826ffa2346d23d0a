/** A form with files questions, and raw upload and download calls checked against the OpenAPI document, for the files API tests. */
import { createHash } from 'node:crypto';
import { FILE_REF_SCHEMA } from '../../engine/files/model.js';
import type { Client } from './api.js';
import { checkResponse } from './openapi.js';

export const FORM = 'rtw-files';
const MB = 1024 * 1024;

const filesQuestion = (title: string, settings: Record<string, unknown>, maxItems = 5) => ({ type: 'array', title, 'x-files': settings, maxItems, items: structuredClone(FILE_REF_SCHEMA) });

export const DEFINITION = {
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      reason: { type: 'string', title: 'Reason for absence', maxLength: 200 },
      // No size of its own: the server's 20 MB.
      evidence: filesQuestion('Evidence', { types: ['pdf', 'image', 'word', 'email'] }),
      photo: filesQuestion('Photo', { types: ['image'], maxFileSize: 1 * MB }, 2),
      report: filesQuestion('Report', { types: ['pdf'], maxFileSize: 20 * MB }, 2),
    },
  },
  uischema: {
    type: 'VerticalLayout',
    elements: [
      { type: 'Control', scope: '#/properties/reason', label: 'Reason for absence' },
      { type: 'Control', scope: '#/properties/evidence', label: 'Evidence' },
      { type: 'Control', scope: '#/properties/photo', label: 'Photo' },
      { type: 'Control', scope: '#/properties/report', label: 'Report' },
    ],
  },
};

export interface Uploaded {
  status: number;
  headers: Headers;
  body: any;
}

/** POST the bytes as a browser's upload does (raw body, Content-Length), checked against the OpenAPI document. */
export async function upload(who: Client, id: string, pointer: string, name: string, bytes: Buffer, contentType = 'application/octet-stream'): Promise<Uploaded> {
  const path = `/api/submissions/${id}/files?pointer=${encodeURIComponent(pointer)}&name=${encodeURIComponent(name)}`;
  const res = await fetch(who.base + path, { method: 'POST', headers: { authorization: `Bearer ${who.token}`, 'content-type': contentType }, body: new Uint8Array(bytes) });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  await checkResponse('POST', path, res.status, res.headers.get('content-type'), body);
  return { status: res.status, headers: res.headers, body };
}

export async function download(who: Client, fileId: string): Promise<{ status: number; headers: Headers; bytes: Buffer; body: any }> {
  const res = await fetch(`${who.base}/api/files/${fileId}`, { headers: { authorization: `Bearer ${who.token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = /json/.test(res.headers.get('content-type') ?? '');
  await checkResponse('GET', `/api/files/${fileId}`, res.status, res.headers.get('content-type'), json ? JSON.parse(bytes.toString()) : null);
  return { status: res.status, headers: res.headers, bytes, body: json ? JSON.parse(bytes.toString()) : null };
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const refOf = (f: { id: string; name: string; size: number; mediaType: string; sha256: string }) => ({ id: f.id, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256 });

