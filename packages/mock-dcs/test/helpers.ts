import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GVL, TCModel, TCString } from '@iabtcf/core';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Trust this certificate (HTTPS servers). */
  ca?: string;
}

/** An HTTP(S) request to a local server with any Host header (fetch cannot set Host). */
export function call(port: number, path: string, options: CallOptions = {}): Promise<Reply> {
  const request = options.ca ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: 'dcs.localhost', ...options.headers },
        ...(options.ca ? { ca: options.ca, servername: 'dcs.localhost' } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('latin1');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as Record<string, unknown> });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const purposes = Object.fromEntries(
  Array.from({ length: 11 }, (_, i) => [i + 1, { id: i + 1, name: `purpose ${i + 1}`, description: '', descriptionLegal: '' }]),
);

/** A real TCF v2 TC string, encoded by the IAB library, granting `purposes` and `vendors`. */
export function tcString(grant: { purposes: number[]; vendors: number[] }): string {
  const vendors = Object.fromEntries(
    [565, 999, ...grant.vendors].map((id) => [
      id,
      { id, name: `vendor ${id}`, purposes: [1, 10], legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [] },
    ]),
  );
  const gvl = new GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 100,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z',
    purposes,
    specialPurposes: {},
    features: {},
    specialFeatures: {},
    stacks: {},
    dataCategories: {},
    vendors,
  } as never);
  const model = new TCModel(gvl);
  model.cmpId = 10;
  model.cmpVersion = 1;
  model.purposeConsents.set(grant.purposes);
  model.vendorConsents.set(grant.vendors);
  return TCString.encode(model);
}
