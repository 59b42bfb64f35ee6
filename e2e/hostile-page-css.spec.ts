// attack5: the page's own style sheet over our hidden iframe. mount-frame.ts hides the DCS frame
// with an inline style, position:absolute;width:0;height:0;border:0, without !important and
// without min-width/min-height: a page rule with !important (`iframe { width: 100% !important;
// height: 250px !important }`, as themes write for responsive video embeds) or a min size for
// iframes (`iframe { min-width: 300px; min-height: 250px }`, for ad slots) wins over it. Measured
// on main 524a4da, Chromium: the frame becomes a 1280×250 transparent box, absolutely placed
// over the top of the article, which takes its clicks (links under it cannot be clicked).
// Severity LOW-MEDIUM: it breaks the publisher's page ("never breaks the page", DESIGN.md) on
// pages with such rules, silently.
// Fixed (session g) in packages/tag/src/bridge/mount-frame.ts (the hiding declarations with
//   `important` priority: style.setProperty(name, value, 'important') beats an author
//   !important rule; and min-width/min-height:0, max-*, pointer-events:none, or clip-path).
import { expect } from './fixtures';
import { test } from './hostile-lab';

const CASES = [
  'iframe { width: 100% !important; height: 250px !important; }',
  'iframe { min-width: 300px; min-height: 250px; }',
];

for (const css of CASES) {
  test(`a page style sheet with "${css}": the DCS frame stays 0×0 and takes no click from the page`, async ({ openLab, page }) => {
    const lab = await openLab({ markup: `<style>${css}</style><p id="article"><a href="#read-more">Read more</a> article text, long enough to be under the frame's box.</p>` });
    await lab.reported(/^ready fresh/);
    const frame = page.locator('iframe[title="audience-relay"]');
    const box = (await frame.boundingBox())!;
    expect(box.width * box.height, `the frame's box: ${box.width}×${box.height} at ${box.x},${box.y}`).toBeLessThanOrEqual(1);
    // The page's link where the frame sits: it, not our frame, is what a click there reaches.
    const link = (await page.locator('#article a').boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.tagName, [link.x + 2, link.y + 2])).toBe('A');
  });
}
