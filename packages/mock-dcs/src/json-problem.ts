/**
 * What JSON.parse found wrong in `text`, told where an editor shows it: line and column instead
 * of V8's character position (Node 20 gives the position only), and a trailing comma named as
 * such. The message as it is when V8 gives no position ("Unexpected end of JSON input").
 */
export function jsonProblem(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const at = Number(position[1]);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const what = error.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/,? *(in JSON )?at position \d+/, '');
  const trailingComma = /,\s*$/.test(before) && /^[}\]]/.test(text.slice(at)) ? ': a comma before a closing } or ] (JSON allows none): remove it' : '';
  return `${what} at line ${line}, column ${column}${trailingComma}`;
}
