/** Merging a draft definition edited in two tabs: different changes both kept, the same thing changed twice refused. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { template } from './support.js';

const base = () => M.addField(M.addField(M.emptyDefinition(), '', 0, 'short-text', 'Name').definition, '', 1, 'date', 'Date of visit').definition;

describe('merging two tabs’ edits of one draft', () => {
  it('keeps a label changed in one tab and a question added in the other', () => {
    const b = base();
    const mine = M.setLabel(b, '0', 'Full name').definition;
    const theirs = M.addField(b, '', 2, 'long-text', 'What did you see?').definition;
    const { merged, overlaps } = M.mergeDefinitions(b, mine, theirs);
    expect(overlaps).toEqual([]);
    expect(M.outline(merged!).children.map((c) => c.label)).toEqual(['Full name', 'Date of visit', 'What did you see?']);
  });

  it('refuses to merge when both tabs relabelled the same question, and names it', () => {
    const b = base();
    const mine = M.setLabel(b, '0', 'Full name').definition;
    const theirs = M.setLabel(b, '0', 'Child’s name').definition;
    const { merged, overlaps } = M.mergeDefinitions(b, mine, theirs);
    expect(merged).toBeNull();
    expect(overlaps.map((p) => M.describeOverlap(mine, p))).toContain('the question “Full name”');
  });

  it('treats a layout changed on both sides as one overlap, never mixing elements place by place', () => {
    const b = base();
    const mine = M.addField(b, '', 0, 'yes-no', 'Seen alone?').definition;
    const theirs = M.addField(b, '', 2, 'number', 'Visits').definition;
    const { merged, overlaps } = M.mergeDefinitions(b, mine, theirs);
    expect(merged).toBeNull();
    expect(overlaps.map((p) => M.describeOverlap(mine, p))).toContain('the layout (the order of questions, sections, pages and their rules)');
  });

  it('returns either side unchanged when only one side changed, on every template', () => {
    for (const id of ['case-file-audit', 'case-supervision', 'reflective-supervision', 'return-to-work']) {
      const b = template(id);
      const changed = M.setLabel(b, '0', 'Changed').definition;
      expect(M.mergeDefinitions(b, changed, b).merged).toEqual(changed);
      expect(M.mergeDefinitions(b, b, changed).merged).toEqual(changed);
    }
  });
});
