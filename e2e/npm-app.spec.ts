import { expect, test } from './fixtures';

test('an app bundling the npm module gets segments through the frame and typed input errors', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/npm-app/`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  // c_tag=masters → trait 1003; p_age=40 → not 1002; c_section=sports → 1001: segments 5001 and 5003.
  await expect(page.getByTestId('segments')).toHaveText('5001, 5003');
  await expect(page.getByTestId('input-error')).toHaveText(/^BAD_REQUEST: \[audience-relay\] invalid signals: "section"/);
  const [call] = sites.dcs.requests();
  expect(call?.signals).toMatchObject({ c_section: ['sports'], c_tag: ['masters'], p_age: ['[redacted]'] });
  expect(sites.dcs.requests()).toHaveLength(1);
});
