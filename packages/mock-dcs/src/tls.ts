import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
}

/**
 * A locally generated, self-signed certificate for `hostname`, its subdomains (partners:
 * `acme.dcs.localhost`), `localhost` and the loopback addresses. Browsers need it trusted or
 * `--ignore-certificate-errors` (Playwright: `ignoreHTTPSErrors`).
 */
export async function localCertificate(hostname: string): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: hostname },
          { type: 2, value: `*.${hostname}` },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
