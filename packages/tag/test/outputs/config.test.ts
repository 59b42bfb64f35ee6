import { describe, expect, it } from 'vitest';
import { validateOutputs } from '../../src/outputs/config';

describe('outputs config', () => {
  it('normalizes each section with its defaults', () => {
    const problems: string[] = [];
    expect(validateOutputs(problems, { gpt: {}, prebid: { name: 'dcs.example' }, cookie: { name: 'aud_seg' }, dataLayer: true, domEvent: true })).toEqual({
      gpt: { key: 'aud', slots: [] },
      prebid: { name: 'dcs.example', segtax: null },
      cookie: { name: 'aud_seg', days: 30 },
      dataLayer: 'dataLayer',
      domEvent: true,
      cookieDestinations: null,
    });
    expect(problems).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const problems: string[] = [];
    validateOutputs(problems, { gpt: { key: 'a b', slots: 'top', size: 1 }, prebid: {}, cookie: { name: 'x;y', days: 0 }, dataLayer: '1x', domEvent: 'yes', gam: {} });
    expect(problems).toEqual([
      'unknown option "outputs.gam"',
      'unknown option "outputs.gpt.size"',
      'outputs.gpt.key: expected 1 to 40 letters, digits, - or _',
      'outputs.gpt.slots: expected a list of slot element IDs or ad unit paths',
      'outputs.prebid.name: expected a domain-like name, like dcs.example',
      'outputs.cookie.name: expected 1 to 64 letters, digits, - or _',
      'outputs.cookie.days: expected whole days from 1 to 400',
      'outputs.dataLayer: expected true, false or a global variable name',
      'outputs.domEvent: expected true or false',
    ]);
  });
});
