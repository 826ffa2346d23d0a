/** Content-Disposition of downloads: the UTF-8 name must be a well-formed RFC 8187 ext-value, whatever the name holds. */
import { describe, expect, it } from 'vitest';
import { attachment } from '../../../engine/http/download.js';

// RFC 8187: ext-value = charset "'" [ language ] "'" value-chars; value-chars = *( pct-encoded / attr-char )
const ATTR_CHAR = /^(?:%[0-9A-F]{2}|[A-Za-z0-9!#$&+\-.^_`|~])*$/;

describe('attachment', () => {
  it('percent-encodes apostrophes, brackets and stars, which encodeURIComponent leaves (the signed-link route sent them raw)', () => {
    const name = "O'Brien (fit note)*.pdf";
    const header = attachment(name, true);
    const ext = /filename\*=UTF-8''(.*)$/.exec(header)![1]!;
    expect(ext).toMatch(ATTR_CHAR);
    expect(decodeURIComponent(ext)).toBe(name);
    expect(header).toBe(`attachment; filename="O'Brien (fit note)*.pdf"; filename*=UTF-8''O%27Brien%20%28fit%20note%29%2A.pdf`);
  });

  it('never lets a line break or quote out of the name', () => {
    const header = attachment('a"\r\nSet-Cookie: x=1\\.pdf', true);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="a___Set-Cookie: x=1_.pdf"; filename*=UTF-8''a%22%0D%0ASet-Cookie%3A%20x%3D1%5C.pdf`);
    expect(attachment('fit note “Alex”.pdf')).toBe("attachment; filename*=UTF-8''fit%20note%20%E2%80%9CAlex%E2%80%9D.pdf");
  });
});
