import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../engine/json/canonical.js';

describe('content hash', () => {
  it('is the same whatever the key order, and follows RFC 8785 number and string forms', () => {
    const a = { uischema: { type: 'VerticalLayout', elements: [] }, schema: { type: 'object', maximum: 1e21, title: 'Café \u2028' } };
    const b = { schema: { title: 'Café \u2028', maximum: 1e21, type: 'object' }, uischema: { elements: [], type: 'VerticalLayout' } };
    expect(canonicalJson(a)).toBe('{"schema":{"maximum":1e+21,"title":"Café \u2028","type":"object"},"uischema":{"elements":[],"type":"VerticalLayout"}}');
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toBe('sha256:' + createHash('sha256').update(canonicalJson(a)).digest('hex'));
  });

  it('changes when any content changes', () => {
    expect(contentHash({ schema: { title: 'a' } })).not.toBe(contentHash({ schema: { title: 'b' } }));
  });
});
