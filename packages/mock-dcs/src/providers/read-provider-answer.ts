/** The most a provider's answer may weigh, read as it arrives: past it the DCS stops reading. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** The most segments one answer may hold. */
export const MAX_ANSWER_SEGMENTS = 200;
/** The longest segment name. */
export const MAX_SEGMENT_LENGTH = 255;

/** `excerpt`: the start of a body that is not JSON, for a developer to see what came instead (the DCS's error says only the problem). */
export type ProviderAnswerResult = { ok: true; segments: string[] } | { ok: false; problem: string; excerpt?: string };

/** How much of a body that is not JSON the excerpt shows. */
const EXCERPT_CHARS = 80;

/**
 * Reads and checks a provider's answer against the contract: HTTP 200, a JSON object of at
 * most MAX_ANSWER_BYTES whose `segments` is an array of at most MAX_ANSWER_SEGMENTS
 * non-empty strings of at most MAX_SEGMENT_LENGTH characters; other fields are ignored.
 * The body is counted while it streams in and dropped as soon as it is too large, so a
 * huge answer costs at most the cap. Reading is bounded in time by the fetch's signal.
 */
export async function readProviderAnswer(res: Response): Promise<ProviderAnswerResult> {
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
    const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
    return { ok: false, problem: `answered HTTP ${res.status}${redirect}` };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel().catch(() => {});
    return { ok: false, problem: `answer too large: Content-Length ${declared} over ${MAX_ANSWER_BYTES} bytes` };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        await reader.cancel().catch(() => {});
        return { ok: false, problem: `answer too large: over ${MAX_ANSWER_BYTES} bytes` };
      }
      chunks.push(value);
    }
  }
  let body: unknown;
  const bytes = Buffer.concat(chunks);
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'answer is not JSON (UTF-8)', excerpt: excerpt(bytes) };
  }
  return checkAnswer(body);
}

/** The contract's shape: `{ "segments": ["…", …] }`. */
export function checkAnswer(body: unknown): ProviderAnswerResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: 'answer is not a JSON object' };
  const segments = (body as { segments?: unknown }).segments;
  if (!Array.isArray(segments)) return { ok: false, problem: 'answer has no "segments" array' };
  if (segments.length > MAX_ANSWER_SEGMENTS) return { ok: false, problem: `answer has ${segments.length} segments, over ${MAX_ANSWER_SEGMENTS}` };
  const bad = segments.findIndex((s) => typeof s !== 'string' || s.length === 0 || s.length > MAX_SEGMENT_LENGTH);
  if (bad >= 0) return { ok: false, problem: `segments[${bad}] is not a string of 1 to ${MAX_SEGMENT_LENGTH} characters` };
  return { ok: true, segments: segments as string[] };
}

/**
 * The first EXCERPT_CHARS characters of `bytes`, quoted and escaped as a JSON string (control
 * characters as \n, \u001b…; bytes that are not UTF-8 as U+FFFD), "…" when there is more.
 */
function excerpt(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) return 'the body is empty';
  const text = [...new TextDecoder('utf-8').decode(bytes.subarray(0, EXCERPT_CHARS * 4))];
  return `${JSON.stringify(text.slice(0, EXCERPT_CHARS).join(''))}${text.length > EXCERPT_CHARS || bytes.byteLength > EXCERPT_CHARS * 4 ? '…' : ''}`;
}
