import { describe, expect, it } from 'vitest';
import { describeParams } from '../../src/debug/panel';

// Anyone can open the debug panel on anyone's visit: a link to the publisher's page with
// #audience-relay-debug is enough (no server sees the fragment). The panel redacts p_ values
// because it is shown on the page and read by DOM recorders (its open shadow root is recorded
// by session-replay tools) and screenshots go into bug reports. A declared customer ID
// (`ids`: a CRM ID, a hashed e-mail) is personal data of the same kind, and the panel prints it.
describe('hostile: the debug panel and declared customer IDs', () => {
  it('holds today: a p_ value is redacted', () => {
    const line = describeParams({ signals: { p_age: ['23'] }, traits: [], uuid: null, coppa: false, ids: [], url: null });
    expect(line).not.toContain('23');
  });

  // lead: fix in packages/tag/src/debug/panel.ts (describeParams): show each declared ID's data
  // source, not its value (as for p_ signals).
  it.fails('shows the data source of a declared ID, not the ID itself', () => {
    const hashedEmail = '5f4dcc3b5aa765d61d8327deb882cf99';
    const line = describeParams({ signals: {}, traits: [], uuid: null, coppa: false, ids: [{ source: 21, id: hashedEmail, authState: null }, { source: 'crm', id: 'crm-42', authState: 1 }], url: null });
    expect(line).toContain('21');
    expect(line).toContain('crm');
    expect(line).not.toContain(hashedEmail);
    expect(line).not.toContain('crm-42');
  });
});
