import { describe, expect, it } from 'vitest';
import { isUuid, newUuid } from '../src/identity';

describe('device IDs', () => {
  it('are 38 digits, never starting with 0, and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, newUuid);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{37}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuid)).toBe(true);
  });

  it('use every digit about equally often', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 2000; i++) for (const d of newUuid().slice(1)) counts[Number(d)]!++;
    const expected = (2000 * 37) / 10;
    for (const count of counts) expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });
});

describe('transaction IDs', () => {
  // Audience Manager's samples ("Supported Attributes for DCS API Calls", "Receive Data From
  // the DCS"): "ss3OTqPiQp0=", "31ZpxW5bQGc=": 8 bytes in base64. mock-dcs sent 9 bytes (12
  // characters, no `=`): a QA check or log parser written against Adobe's answers refused them.
  it('are 8 bytes in base64 (11 characters and one =, as in Adobe\'s samples) and unique per call', async () => {
    const { newTid } = await import('../src/identity');
    const tids = Array.from({ length: 5000 }, newTid);
    for (const tid of tids) expect(tid).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(new Set(tids).size).toBe(tids.length);
  });
});
