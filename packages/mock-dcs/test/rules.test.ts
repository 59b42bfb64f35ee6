import { describe, expect, it } from 'vitest';
import { evaluateSegmentRule, evaluateTraitRule } from '../src/rules/evaluate';
import { parseRule } from '../src/rules/parse';

const trait = (rule: string, signals: Record<string, string[]>) =>
  evaluateTraitRule(parseRule(rule, 'trait'), new Map(Object.entries(signals)));
const segment = (rule: string, counts: Record<number, number>) =>
  evaluateSegmentRule(parseRule(rule, 'segment'), new Map(Object.entries(counts).map(([k, v]) => [Number(k), v])));

describe('trait rules', () => {
  it('== matches a string value, and numbers numerically', () => {
    expect(trait('c_section == "sports"', { c_section: ['sports'] })).toBe(true);
    expect(trait('c_section == "sports"', { c_section: ['news'] })).toBe(false);
    expect(trait('p_age == 25', { p_age: ['25.0'] })).toBe(true);
  });

  it('a comparison holds when any value of a repeated key satisfies it', () => {
    expect(trait('c_tag == "golf"', { c_tag: ['tennis', 'golf'] })).toBe(true);
  });

  it('an absent key satisfies no comparison, and NOT asks for absence', () => {
    expect(trait('c_section == "sports"', {})).toBe(false);
    expect(trait('c_section != "sports"', {})).toBe(false);
    expect(trait('NOT c_section == "sports"', {})).toBe(true);
  });

  it('!= holds only when no value equals', () => {
    expect(trait('c_tag != "golf"', { c_tag: ['tennis'] })).toBe(true);
    expect(trait('c_tag != "golf"', { c_tag: ['tennis', 'golf'] })).toBe(false);
  });

  it('ordering operators compare numbers and fail on text', () => {
    expect(trait('p_age < 25', { p_age: ['23'] })).toBe(true);
    expect(trait('p_age < 25', { p_age: ['25'] })).toBe(false);
    expect(trait('p_age <= 25', { p_age: ['25'] })).toBe(true);
    expect(trait('p_age > 25', { p_age: ['30'] })).toBe(true);
    expect(trait('p_age >= 25', { p_age: ['24.9'] })).toBe(false);
    expect(trait('p_age < 25', { p_age: ['young'] })).toBe(false);
  });

  it('a number may have surrounding whitespace of any kind, and nothing else', () => {
    expect(trait('p_age < 25', { p_age: [' 23\t'] })).toBe(true);
    expect(trait('p_age < 25', { p_age: ['23\u00a0'] })).toBe(true);
    expect(trait('p_age < 25', { p_age: ['23x'] })).toBe(false);
    expect(trait('p_age < 25', { p_age: ['x23'] })).toBe(false);
    expect(trait('p_age < 25', { p_age: ['1e1'] })).toBe(false);
    expect(trait('p_age < 25', { p_age: [''] })).toBe(false);
  });

  it('contains, startswith, endswith and matches test strings', () => {
    expect(trait('c_url contains "/golf/"', { c_url: ['https://x/golf/open'] })).toBe(true);
    expect(trait('c_url startswith "https:"', { c_url: ['https://x'] })).toBe(true);
    expect(trait('c_url endswith ".pdf"', { c_url: ['a.pdf'] })).toBe(true);
    expect(trait('c_zip matches "^9[0-9]{4}$"', { c_zip: ['90210'] })).toBe(true);
    expect(trait('c_zip matches "^9[0-9]{4}$"', { c_zip: ['10001'] })).toBe(false);
  });

  it('AND binds tighter than OR; parentheses and NOT group', () => {
    const signals = { c_section: ['sports'], p_age: ['30'], c_tag: ['golf'] };
    expect(trait('c_section == "sports" AND (p_age < 25 OR c_tag contains "golf")', signals)).toBe(true);
    expect(trait('c_section == "news" AND p_age < 25 OR c_tag == "golf"', signals)).toBe(true);
    expect(trait('c_section == "news" AND (p_age < 25 OR c_tag == "golf")', signals)).toBe(false);
    expect(trait('NOT (c_section == "sports" AND c_tag == "golf")', signals)).toBe(false);
    expect(trait('c_section == "sports" and not c_tag == "tennis"', signals)).toBe(true);
  });

  it('keeps quoted text verbatim, including escaped quotes', () => {
    expect(trait('c_title == "say \\"hi\\""', { c_title: ['say "hi"'] })).toBe(true);
  });

  it('reports syntax errors with their position', () => {
    expect(() => parseRule('c_a == ', 'trait')).toThrow(/expected a quoted string or a number at character 8/);
    expect(() => parseRule('c_a = "x"', 'trait')).toThrow(/unknown operator/);
    expect(() => parseRule('(c_a == "x"', 'trait')).toThrow(/expected "\)"/);
    expect(() => parseRule('c_a == "x" c_b == "y"', 'trait')).toThrow(/unexpected text/);
    expect(() => parseRule('c_a < "x"', 'trait')).toThrow(/compares numbers/);
    expect(() => parseRule('c_a matches "("', 'trait')).toThrow(/invalid regular expression/);
    expect(() => parseRule('c_a == "open', 'trait')).toThrow(/unterminated string/);
  });
});

describe('segment rules', () => {
  it('a bare trait reference means realized at least once', () => {
    expect(segment('1001T', { 1001: 1 })).toBe(true);
    expect(segment('1001T', {})).toBe(false);
  });

  it('combine traits with AND, OR, NOT and parentheses', () => {
    const rule = '1001T AND (1002T OR NOT 1003T)';
    expect(segment(rule, { 1001: 1 })).toBe(true);
    expect(segment(rule, { 1001: 1, 1003: 1 })).toBe(false);
    expect(segment(rule, { 1001: 1, 1002: 1, 1003: 1 })).toBe(true);
    expect(segment(rule, { 1002: 1 })).toBe(false);
  });

  it('test frequency: realizations over the profile life', () => {
    expect(segment('1001T >= 3', { 1001: 2 })).toBe(false);
    expect(segment('1001T >= 3', { 1001: 3 })).toBe(true);
    expect(segment('1001T == 0', {})).toBe(true);
  });

  it('refuse signal comparisons and string operators on counts', () => {
    expect(() => parseRule('c_a == "x"', 'segment')).toThrow(/trait reference/);
    expect(() => parseRule('1001T contains 3', 'segment')).toThrow(/does not apply/);
  });
});
