/** Reading what a person types into "find a child": an id, a date of birth, name words, or a mix. */
import { describe, expect, it } from 'vitest';
import { parseChildQuery } from '../../../engine/directory/search.js';

describe('child search: reading the query', () => {
  it('reads an id (or its start) when the text has a digit and is not a date', () => {
    expect(parseChildQuery('C9990002')).toEqual({ search: { id: 'C9990002' }, parts: ['id'] });
    expect(parseChildQuery('  c999 ')).toEqual({ search: { id: 'c999' }, parts: ['id'] });
  });

  it('reads a date of birth written as 2015-03-02 or as day/month/year', () => {
    expect(parseChildQuery('2015-03-02')).toEqual({ search: { dateOfBirth: '2015-03-02' }, parts: ['date'] });
    expect(parseChildQuery('2/3/2015')).toEqual({ search: { dateOfBirth: '2015-03-02' }, parts: ['date'] });
    expect(parseChildQuery('02.03.2015')).toEqual({ search: { dateOfBirth: '2015-03-02' }, parts: ['date'] });
  });

  it('reads name words, without punctuation around them, and a mix of name and date of birth', () => {
    expect(parseChildQuery('jo smi')).toEqual({ search: { name: 'jo smi' }, parts: ['name'] });
    expect(parseChildQuery('Smith, Jordan')).toEqual({ search: { name: 'Smith Jordan' }, parts: ['name'] });
    expect(parseChildQuery("O'Neil-Brown")).toEqual({ search: { name: "O'Neil-Brown" }, parts: ['name'] });
    expect(parseChildQuery('jordan 2/3/2015')).toEqual({ search: { name: 'jordan', dateOfBirth: '2015-03-02' }, parts: ['date', 'name'] });
  });

  it('finds nothing to search for in an empty query', () => {
    expect(parseChildQuery('   ')).toEqual({ search: {}, parts: [] });
  });

  it('refuses, in words, a day that does not exist, two ids, two dates and an id with characters no id has', () => {
    expect(parseChildQuery('31/2/2015')).toEqual({ problem: 'There is no 31 February 2015: write a date of birth like 2/3/2015 (day/month/year) or 2015-03-02.' });
    expect(parseChildQuery('2015-13-01')).toMatchObject({ problem: expect.stringContaining('There is no month 13: write') });
    expect(parseChildQuery('C1 C2')).toEqual({ problem: 'Give one ICS person id at a time.' });
    expect(parseChildQuery('2/3/2015 3/3/2015')).toEqual({ problem: 'Give one date of birth at a time.' });
    expect(parseChildQuery('C1+2')).toMatchObject({ problem: expect.stringContaining('"C1+2" is not an ICS person id') });
    expect(parseChildQuery('x'.repeat(101))).toMatchObject({ problem: expect.stringContaining('at most 100 characters') });
  });
});
