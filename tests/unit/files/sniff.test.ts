import { describe, expect, it } from 'vitest';
import { looksLikeEmail, sniff, typesInWords } from '../../../engine/files/sniff.js';
import { cleanFileName, filesQuestionAt } from '../../../engine/files/upload.js';
import { sizeInWords } from '../../../engine/files/model.js';
import { EML, PNG, docx, exe, pdf } from '../../support/file-samples.js';

const cfb = () => {
  const b = Buffer.alloc(2048);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b);
  return b;
};

describe('what a file is, from its content', () => {
  it('knows a PDF, an image, a Word document and an email by their bytes, whatever their names say', async () => {
    expect(await sniff(pdf(), 'scan.jpg', ['pdf'])).toEqual({ ok: true, mediaType: 'application/pdf' });
    expect(await sniff(PNG, 'note', ['image'])).toEqual({ ok: true, mediaType: 'image/png' });
    expect(await sniff(await docx(), 'plan.pdf', ['word'])).toEqual({ ok: true, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(await sniff(EML, 'mail.txt', ['email'])).toEqual({ ok: true, mediaType: 'message/rfc822' });
  });

  it('says what a refused file looks like', async () => {
    expect(await sniff(exe(), 'fit-note.pdf', ['pdf'])).toEqual({ ok: false, looksLike: 'a Windows program' });
    expect(await sniff(PNG, 'a.pdf', ['pdf'])).toEqual({ ok: false, looksLike: 'an image' });
    expect(await sniff(EML, 'a.pdf', ['pdf'])).toEqual({ ok: false, looksLike: 'an email' });
    expect(await sniff(Buffer.from('<html><script>alert(1)</script></html>'), 'a.pdf', ['pdf'])).toEqual({ ok: false, looksLike: 'a kind of file we cannot recognise' });
  });

  it('tells old Word, Excel and Outlook files apart by the name’s extension among the allowed types only', async () => {
    expect(await sniff(cfb(), 'Plan.DOC', ['word', 'excel'])).toEqual({ ok: true, mediaType: 'application/msword' });
    expect(await sniff(cfb(), 'budget.xls', ['word', 'excel'])).toEqual({ ok: true, mediaType: 'application/vnd.ms-excel' });
    expect(await sniff(cfb(), 'from GP.msg', ['email'])).toEqual({ ok: true, mediaType: 'application/vnd.ms-outlook' });
    expect(await sniff(cfb(), 'budget.xls', ['word'])).toEqual({ ok: false, looksLike: 'an older Office file' });
    expect(await sniff(cfb(), 'installer.msi', ['word', 'excel', 'email'])).toEqual({ ok: false, looksLike: 'an older Office file' });
  });

  it('an email is header lines up to a blank line, at least two of them an email’s', () => {
    expect(looksLikeEmail(EML)).toBe(true);
    expect(looksLikeEmail(Buffer.from('Received: from x\r\n\tby y\r\nFrom: a@b\r\n\r\nbody'))).toBe(true);
    expect(looksLikeEmail(Buffer.from('Subject: only one\r\n\r\nbody'))).toBe(false);
    expect(looksLikeEmail(Buffer.from('Dear Sam,\r\nFrom: me\r\nTo: you\r\n\r\n'))).toBe(false);
    expect(looksLikeEmail(Buffer.from('From: a\r\nTo: b\0\r\n\r\n'))).toBe(false);
  });

  it('lists the allowed types in words', () => {
    expect(typesInWords(['pdf'])).toBe('a PDF');
    expect(typesInWords(['pdf', 'image'])).toBe('a PDF or an image');
    expect(typesInWords(['pdf', 'image', 'email'])).toBe('a PDF, an image or an email');
  });
});

describe('names, sizes and questions', () => {
  it('cleans a name of folder parts, control and invisible characters, and keeps its extension when shortening', () => {
    expect(cleanFileName('C:\\Users\\pat\\fit note.pdf')).toBe('fit note.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('a\r\nb\t c.pdf')).toBe('ab c.pdf');
    expect(cleanFileName('..')).toBe('file');
    expect(cleanFileName('/')).toBe('file');
    const long = cleanFileName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('x.pdf')).toBe(true);
  });

  it('says sizes as people do', () => {
    expect(sizeInWords(20 * 1024 * 1024)).toBe('20 MB');
    expect(sizeInWords(31 * 1024 * 1024 + 1)).toBe('31.1 MB');
    expect(sizeInWords(300 * 1024)).toBe('300 KB');
    expect(sizeInWords(10)).toBe('10 bytes');
    expect(sizeInWords(1)).toBe('1 byte');
  });

  it('finds a files question by its pointer, in sections too, and nothing else', () => {
    const files = { type: 'array', 'x-files': { types: ['pdf'] }, items: {} };
    const schema = { type: 'object', properties: { fitNote: files, section: { type: 'object', properties: { 'a/b': files } }, reason: { type: 'string' } } };
    expect(filesQuestionAt(schema, '/fitNote')).toEqual({ types: ['pdf'] });
    expect(filesQuestionAt(schema, '/section/a~1b')).toEqual({ types: ['pdf'] });
    expect(filesQuestionAt(schema, '/reason')).toBeUndefined();
    expect(filesQuestionAt(schema, '/missing')).toBeUndefined();
    expect(filesQuestionAt(schema, 'fitNote')).toBeUndefined();
  });
});
