/**
 * Issue 10, item 5 (the model's and the policy's part): "breaking change" notes only where a
 * published version holds the answer; a page with nothing on it may be in a draft but is refused
 * when publishing, in words.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { deepFreeze } from './support.js';

describe('designer model: breaking-change notes need a published version', () => {
  const def = deepFreeze(M.addField(M.emptyDefinition(), '', 0, 'single-choice', 'Colour').definition);
  const renamed = [
    { label: 'Option 1', code: 'RED' },
    { label: 'Option 2', code: 'OPT2' },
  ];

  it('a form never published: no note about breaking answers', () => {
    expect(M.setFieldProps(def, '0', { options: renamed }, { fixed: new Map() }).notes).toEqual([]);
    expect(M.setFieldProps(def, '0', { options: renamed.slice(0, 1) }, { fixed: new Map() }).notes).toEqual([]);
  });

  it('an answer a published version holds: the note says what breaks', () => {
    const fixed = new Map([['/colour', 1]]);
    expect(M.setFieldProps(def, '0', { options: renamed }, { fixed }).notes.join(' ')).toMatch(/Changing the code of “Option 1” from “OPT1” to “RED” is a breaking change/);
    expect(M.setFieldProps(def, '0', { options: renamed.slice(0, 1) }, { fixed }).notes.join(' ')).toMatch(/Removing the option “Option 2” \(“OPT2”\) is a breaking change/);
  });
});

describe('policy: a page with nothing on it', () => {
  const withEmptyPage = () => {
    const def = M.addField(M.emptyDefinition(), '', 0, 'short-text', 'Name').definition;
    return M.addPage(def, 9, 'Later').definition;
  };

  it('may be in a draft', () => {
    expect(checkDefinition(withEmptyPage()).violations).toEqual([]);
  });

  it('is refused when publishing, at the page, in words', () => {
    expect(checkDefinition(withEmptyPage(), { publishing: true }).violations).toEqual([
      { pointer: '/uischema/elements/1', message: 'The page “Later” has nothing on it: add questions or guidance to it, or remove it, before publishing.' },
    ]);
    // A page holding only an empty section shows nothing either.
    const sectioned = M.addSection(withEmptyPage(), '1', 0, 'Empty').definition;
    expect(checkDefinition(sectioned, { publishing: true }).violations.map((v) => v.pointer)).toEqual(['/uischema/elements/1']);
  });
});
