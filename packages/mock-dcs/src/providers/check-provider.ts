import { newUuid } from '../identity';
import { fetchProvider, providerRequestUrl } from './provider-request';
import { readProviderAnswer } from './read-provider-answer';

export interface ProviderCheckOptions {
  /** The provider's URL template, as in the DCS config: `${DPUUID}` and/or `${UUID}`. */
  url: string;
  /** How many calls to measure, one after the other, after one warm-up call. Default 20. */
  runs?: number;
  /** The timeout the DCS is configured with for this provider, in ms. Default 300. */
  timeoutMs?: number;
  /** The test visitor's ID at the provider (`${DPUUID}`). Default `mock-dcs-check-visitor`. */
  dpuuid?: string;
  /** The test visitor's DCS device ID (`${UUID}`). Default: a new random one. */
  uuid?: string;
  /** Privacy parameters passed on, in order, as the DCS would. */
  privacy?: ReadonlyArray<readonly [string, string]>;
}

/** One call of the check. */
export interface ProviderCheckRun {
  ms: number;
  /** `null` when the answer followed the contract in time. */
  problem: string | null;
  segments: string[];
  /** The answer's `Content-Type`, if any. */
  contentType: string | null;
}

export interface ProviderCheckReport {
  /** The URL the DCS would call for the test visitor. */
  requestUrl: string;
  timeoutMs: number;
  runs: ProviderCheckRun[];
  /** Latency percentiles over every run (a timed-out run counts as the timeout), in ms. */
  p50: number;
  p99: number;
  max: number;
  /** Every distinct segment answered. */
  segments: string[];
  /** Every answer followed the contract within the timeout: the endpoint would not cause error 10. */
  pass: boolean;
  /** Advice that does not fail the check. */
  warnings: string[];
}

/** p99 above this share of the timeout: a slower day will time out. */
const NEAR_TIMEOUT = 0.8;

/**
 * Calls a content provider's endpoint as the DCS would (same URL building, headers, timeout
 * and answer checks as a real event call) `runs` times, and says whether it would work in
 * production: every answer valid and in time.
 */
export async function checkProvider(options: ProviderCheckOptions): Promise<ProviderCheckReport> {
  const timeoutMs = options.timeoutMs ?? 300;
  const requestUrl = providerRequestUrl({
    template: options.url,
    dpuuid: options.dpuuid ?? 'mock-dcs-check-visitor',
    uuid: options.uuid ?? newUuid(),
    privacy: options.privacy ?? [],
  });
  // One call first, not counted and given more time: the DCS keeps connections to
  // providers open and its HTTP client loaded, so the check's own cold start (loading
  // Node's fetch, opening the connection) would only blur the figures.
  await runOnce(requestUrl, Math.max(10 * timeoutMs, 5000));
  const runs: ProviderCheckRun[] = [];
  for (let i = 0; i < (options.runs ?? 20); i++) runs.push(await runOnce(requestUrl, timeoutMs));

  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const percentile = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  const report: ProviderCheckReport = {
    requestUrl,
    timeoutMs,
    runs,
    p50: percentile(0.5),
    p99: percentile(0.99),
    max: sorted.at(-1) ?? 0,
    segments: [...new Set(runs.flatMap((r) => r.segments))],
    pass: runs.length > 0 && runs.every((r) => r.problem === null),
    warnings: [],
  };
  if (report.pass && report.p99 > NEAR_TIMEOUT * timeoutMs) {
    report.warnings.push(`p99 ${report.p99} ms is over ${Math.round(NEAR_TIMEOUT * 100)}% of the ${timeoutMs} ms timeout: a slower day, or the network between the DCS and you, will time out`);
  }
  if (runs.some((r) => r.problem === null && !/^application\/json\b/i.test(r.contentType ?? ''))) {
    report.warnings.push('answers are not labelled Content-Type: application/json (the DCS reads them anyway)');
  }
  return report;
}

async function runOnce(url: string, timeoutMs: number): Promise<ProviderCheckRun> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const res = await fetchProvider(url, timeoutMs);
    const answer = await readProviderAnswer(res);
    const contentType = res.headers.get('content-type');
    if (!answer.ok) return { ms: elapsed(), problem: answer.excerpt ? `${answer.problem}: ${answer.excerpt}` : answer.problem, segments: [], contentType };
    return { ms: elapsed(), problem: null, segments: answer.segments, contentType };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    // A port the Fetch standard blocks (6000, 6665-6669, 5060, ...): undici says "bad port" alone.
    const badPort = !cause?.code && cause?.message === 'bad port';
    const words = cause?.code ? failureWords(cause.code, new URL(url)) : badPort ? badPortWords(new URL(url)) : null;
    let problem = timedOut
      ? `timed out after ${timeoutMs} ms`
      : words
        ? `failed: ${words} (${cause?.code ?? 'bad port'})`
        : `failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
    // Browsers resolve *.localhost (the demo prints provider.localhost); Node only where the system does.
    if (cause?.code === 'ENOTFOUND' && /\.localhost$/i.test(new URL(url).hostname)) {
      problem += ` (${new URL(url).hostname}: Node, like a DCS's server, resolves *.localhost names only where the system does, unlike browsers; call 127.0.0.1 instead)`;
    }
    return { ms: timedOut ? timeoutMs : elapsed(), problem, segments: [], contentType: null };
  }
}

/** A port that fetch refuses to call, as the Fetch standard lists them ("bad ports"), in words. */
function badPortWords(url: URL): string {
  return `port ${url.port} is one that fetch refuses to call (the Fetch standard's blocked ports, such as 6000, 6665-6669 and 5060), and so does mock-dcs: serve your endpoint on another port`;
}

/** What a network error code of Node's fetch (undici, or the system) means for the provider's endpoint, in words; null for codes left as they are. */
function failureWords(code: string, url: URL): string | null {
  const host = url.port ? url.host : `${url.host}:${url.protocol === 'https:' ? 443 : 80}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing is listening at ${host}: is your endpoint running?`;
    case 'UND_ERR_SOCKET':
      return 'the connection closed before an answer';
    case 'ECONNRESET':
      return 'the connection was reset before an answer';
    case 'EPIPE':
      return 'the connection closed while the request was being sent';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${url.hostname} (network unreachable)`;
    case 'EAI_AGAIN':
      return `the name ${url.hostname} could not be resolved now (DNS): try again, or check the name`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return "the answer's headers are too large";
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'the answer is not valid HTTP/1.1 (is the endpoint https, or another protocol?)';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
    case 'EPROTO':
      return 'the TLS handshake failed (is the endpoint plain http?)';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return "the endpoint's TLS certificate is not trusted (self-signed, or its chain is incomplete)";
    case 'CERT_HAS_EXPIRED':
      return "the endpoint's TLS certificate has expired";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the endpoint's TLS certificate is not for ${url.hostname}`;
    default:
      return null;
  }
}
