import { compileSignalPattern, type SignalPattern } from './signal-pattern';
import { RuleSyntaxError, tokenize, type Operator, type Token } from './tokenize';

/** A parsed rule. Trait rules compare signals; segment rules test realized traits. */
export type RuleNode =
  | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode }
  | { kind: 'not'; operand: RuleNode }
  | { kind: 'signal'; key: string; op: Operator; value: string | number; pattern?: SignalPattern }
  | { kind: 'trait'; id: number; op: Operator; count: number };

export type RuleKind = 'trait' | 'segment';

/**
 * Parses a rule. Grammar (keywords case-insensitive):
 *   rule    := or
 *   or      := and ("OR" and)*
 *   and     := not ("AND" not)*
 *   not     := "NOT" not | "(" rule ")" | atom
 *   atom    := KEY op (STRING | NUMBER)          -- trait rules
 *            | <id>T [(== != < <= > >=) NUMBER]  -- segment rules; bare 1001T means >= 1
 */
export function parseRule(source: string, kind: RuleKind): RuleNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;

  function binary(kindName: 'and' | 'or', operand: () => RuleNode): RuleNode {
    let left = operand();
    while (peek().kind === kindName) {
      next();
      left = { kind: kindName, left, right: operand() };
    }
    return left;
  }
  const or = (): RuleNode => binary('or', and);
  const and = (): RuleNode => binary('and', not);

  function not(): RuleNode {
    const token = peek();
    if (token.kind === 'not') {
      next();
      return { kind: 'not', operand: not() };
    }
    if (token.kind === '(') {
      next();
      const inner = or();
      const close = next();
      if (close.kind !== ')') throw new RuleSyntaxError('expected ")"', close.at);
      return inner;
    }
    return kind === 'trait' ? signalAtom() : traitAtom();
  }

  function signalAtom(): RuleNode {
    const key = next();
    if (key.kind !== 'ident') throw new RuleSyntaxError('expected a signal key', key.at);
    const op = next();
    if (op.kind !== 'op') throw new RuleSyntaxError(`expected an operator after "${key.text}"`, op.at);
    const value = next();
    if (value.kind !== 'string' && value.kind !== 'number') {
      throw new RuleSyntaxError('expected a quoted string or a number', value.at);
    }
    const node: RuleNode = { kind: 'signal', key: key.text, op: op.op, value: value.value };
    if (op.op === 'matches') {
      try {
        node.pattern = compileSignalPattern(String(value.value));
      } catch (error) {
        throw new RuleSyntaxError((error as Error).message, value.at);
      }
    }
    if (['<', '<=', '>', '>='].includes(op.op) && value.kind !== 'number') {
      throw new RuleSyntaxError(`"${op.op}" compares numbers`, value.at);
    }
    return node;
  }

  function traitAtom(): RuleNode {
    const ref = next();
    if (ref.kind !== 'trait') throw new RuleSyntaxError('expected a trait reference such as 1001T', ref.at);
    const op = peek();
    if (op.kind !== 'op') return { kind: 'trait', id: ref.id, op: '>=', count: 1 };
    next();
    if (!['==', '!=', '<', '<=', '>', '>='].includes(op.op)) {
      throw new RuleSyntaxError(`"${op.op}" does not apply to trait counts`, op.at);
    }
    const count = next();
    if (count.kind !== 'number' || !Number.isInteger(count.value) || count.value < 0) {
      throw new RuleSyntaxError('expected a whole realization count', count.at);
    }
    return { kind: 'trait', id: ref.id, op: op.op, count: count.value };
  }

  const rule = or();
  const end = peek();
  if (end.kind !== 'end') throw new RuleSyntaxError('unexpected text after the rule', end.at);
  return rule;
}

/** Trait IDs a segment rule refers to. */
export function referencedTraits(node: RuleNode): number[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...referencedTraits(node.left), ...referencedTraits(node.right)];
    case 'not':
      return referencedTraits(node.operand);
    case 'trait':
      return [node.id];
    case 'signal':
      return [];
  }
}
