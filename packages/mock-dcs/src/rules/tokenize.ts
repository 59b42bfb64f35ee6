export type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'trait'; id: number; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'op'; op: Operator; at: number }
  | { kind: 'and' | 'or' | 'not' | '(' | ')' | 'end'; at: number };

export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'startswith' | 'endswith' | 'matches';

const WORD_OPS = new Set(['contains', 'startswith', 'endswith', 'matches']);

export class RuleSyntaxError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at character ${at + 1}`);
    this.name = 'RuleSyntaxError';
  }
}

/** Splits a rule such as `c_section == "sports" AND (p_age < 25 OR NOT 1003T)` into tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, at });
      i++;
    } else if (ch === '"') {
      let value = '';
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        value += source[i];
        i++;
      }
      if (source[i] !== '"') throw new RuleSyntaxError('unterminated string', at);
      i++;
      tokens.push({ kind: 'string', value, at });
    } else if (/[=!<>]/.test(ch)) {
      const two = source.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : ch === '<' || ch === '>' ? ch : null;
      if (!op) throw new RuleSyntaxError(`unknown operator "${two}"`, at);
      tokens.push({ kind: 'op', op: op as Operator, at });
      i += op.length;
    } else {
      const word = /^(-?\d+(?:\.\d+)?T?|[A-Za-z_][A-Za-z0-9_-]*)/.exec(source.slice(i))?.[0];
      if (!word) throw new RuleSyntaxError(`unexpected "${ch}"`, at);
      i += word.length;
      const lower = word.toLowerCase();
      if (/^\d+T$/.test(word)) tokens.push({ kind: 'trait', id: Number(word.slice(0, -1)), at });
      else if (/^-?\d/.test(word)) tokens.push({ kind: 'number', value: Number(word), at });
      else if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ kind: lower, at });
      else if (WORD_OPS.has(lower)) tokens.push({ kind: 'op', op: lower as Operator, at });
      else tokens.push({ kind: 'ident', text: word, at });
    }
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}
