import { describe, expect, it } from 'vitest';
import { createDeclaredIds } from '../src/declared-ids';

describe('createDeclaredIds', () => {
  it('a newer ID of a data source replaces the older one, in the order given', () => {
    const ids = createDeclaredIds();
    ids.add([{ dpid: 1, dpuuid: 'a' }, { dpid: 2, dpuuid: 'b' }]);
    ids.add({ dpid: 1, dpuuid: 'c', authState: 1 });
    expect(ids.list).toEqual([
      { source: 2, id: 'b', authState: null },
      { source: 1, id: 'c', authState: 1 },
    ]);
  });

  it('keeps the last 10 data sources', () => {
    const ids = createDeclaredIds();
    for (let source = 1; source <= 12; source++) ids.add({ dpid: source, dpuuid: `u${source}` });
    expect(ids.list.map((d) => d.source)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('bad input throws BAD_REQUEST and changes nothing', () => {
    const ids = createDeclaredIds();
    ids.add({ dpid: 1, dpuuid: 'a' });
    expect(() => ids.add([{ dpid: 2, dpuuid: 'b' }, { dpid: 'x' }])).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(ids.list).toEqual([{ source: 1, id: 'a', authState: null }]);
  });
});
