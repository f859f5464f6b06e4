/**
 * Validates a marketer's saved OData $filter on the lead or contact table and compiles it for
 * evaluation over the local copy. A recursive descent over the tokens with OData's precedence (not,
 * then and, then or; parentheses group); every column is checked against the table's describe as it
 * is met, so the first problem is the one reported, with its position.
 */
import type { CrmFieldDescribe } from '../../connector';
import { ColumnCatalog } from './odata-filter-columns';
import { compileCall, type CallArgument } from './odata-filter-functions';
import { tokenize, type Token } from './odata-filter-lexer';
import { literalValue } from './odata-filter-literals';
import { ODataFilterProblem, type CompareOperator, type CompiledODataFilter, type FilterCondition, type ParseODataFilterResult } from './odata-filter-types';

/** The list API's limit on a filter's length, and Salesforce's on a WHERE clause. */
export const MAX_FILTER_LENGTH = 4000;

const OPERATORS: readonly CompareOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const MIRRORED: Record<CompareOperator, CompareOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const LITERAL_WORDS = new Set(['true', 'false', 'null']);
/** OData operators Dataverse has that a list's filter does not take, with what to write instead. */
const UNSUPPORTED_OPERATORS: Record<string, string> = {
  in: "use Microsoft.Dynamics.CRM.In(PropertyName='column',PropertyValues=['a','b'])",
  has: 'flags enums are not used by lead or contact columns',
  add: 'arithmetic is not supported', sub: 'arithmetic is not supported', mul: 'arithmetic is not supported',
  div: 'arithmetic is not supported', divby: 'arithmetic is not supported', mod: 'arithmetic is not supported',
};

class Parser {
  private pos = 0;
  readonly fieldsUsed: string[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly catalog: ColumnCatalog,
  ) {}

  parseAll(): CompiledODataFilter {
    if (this.tokens.length === 0) throw new ODataFilterProblem('the filter is empty');
    const filter = this.parseOr();
    const extra = this.peek();
    if (extra) {
      const hint = extra.text === ')' ? ': it closes a parenthesis that was never opened' : '; join conditions with and or or';
      throw new ODataFilterProblem(`syntax error: unexpected ${extra.raw} at position ${extra.position}${hint}`);
    }
    return filter;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private endsEarly(after: Token): ODataFilterProblem {
    return new ODataFilterProblem(`syntax error: the filter ends too early, after ${after.raw} at position ${after.position}`);
  }

  private expectPunct(text: string, opener: Token): Token {
    const token = this.tokens[this.pos++];
    if (token?.kind === 'punct' && token.text === text) return token;
    if (!token) throw new ODataFilterProblem(`syntax error: the ${opener.raw} at position ${opener.position} is never closed`);
    throw new ODataFilterProblem(`syntax error: expected ${text} at position ${token.position}, found ${token.raw}`);
  }

  private parseOr(): CompiledODataFilter {
    return this.parseJoined('or', () => this.parseAnd());
  }

  private parseAnd(): CompiledODataFilter {
    return this.parseJoined('and', () => this.parseUnary());
  }

  private parseJoined(word: 'and' | 'or', operand: () => CompiledODataFilter): CompiledODataFilter {
    const operands = [operand()];
    while (this.isWord(this.peek(), word)) {
      const joiner = this.tokens[this.pos++];
      if (!this.peek()) throw this.endsEarly(joiner);
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0] : { kind: word, operands };
  }

  private parseUnary(): CompiledODataFilter {
    if (!this.isWord(this.peek(), 'not')) return this.parsePrimary();
    const not = this.tokens[this.pos++];
    const next = this.peek();
    if (!next) throw this.endsEarly(not);
    // In OData, not binds tighter than eq: `not a eq 1` would negate the column, not the comparison.
    const grouped = (next.kind === 'punct' && next.text === '(') || this.isWord(next, 'not') || this.peek(1)?.text === '(';
    if (!grouped) {
      throw new ODataFilterProblem(`not at position ${not.position} applies to a condition in parentheses or a function: write not (${next.raw} …)`);
    }
    return { kind: 'not', operand: this.parseUnary() };
  }

  private parsePrimary(): CompiledODataFilter {
    const token = this.tokens[this.pos++];
    if (token.kind === 'punct' && token.text === '(') {
      if (!this.peek()) throw this.endsEarly(token);
      const inner = this.parseOr();
      this.expectPunct(')', token);
      return inner;
    }
    if (token.kind === 'word' && this.peek()?.text === '(' && this.peek()?.kind === 'punct') return this.use(compileCall(token, this.parseArguments(token), this.catalog));
    return this.use(this.parseComparison(token));
  }

  private parseArguments(name: Token): CallArgument[] {
    const open = this.tokens[this.pos++];
    const args: CallArgument[] = [];
    if (this.peek()?.text === ')' && this.peek()?.kind === 'punct') {
      this.pos++;
      return args;
    }
    for (;;) {
      const first = this.tokens[this.pos++];
      if (!first) throw new ODataFilterProblem(`syntax error: the ( of ${name.text} at position ${open.position} is never closed`);
      let argName: Token | null = null;
      let start = first;
      if (first.kind === 'word' && this.peek()?.text === '=' && this.peek()?.kind === 'punct') {
        argName = first;
        this.pos++;
        const value = this.tokens[this.pos++];
        if (!value) throw this.endsEarly(first);
        start = value;
      }
      args.push({ name: argName, value: this.parseArgumentValue(start, name), position: first.position });
      const after = this.expectEither(name, open);
      if (after === ')') return args;
    }
  }

  private expectEither(name: Token, open: Token): ',' | ')' {
    const token = this.tokens[this.pos++];
    if (!token) throw new ODataFilterProblem(`syntax error: the ( of ${name.text} at position ${open.position} is never closed`);
    if (token.kind === 'punct' && (token.text === ',' || token.text === ')')) return token.text as ',' | ')';
    throw new ODataFilterProblem(`syntax error: expected , or ) in ${name.text}(…) at position ${token.position}, found ${token.raw}`);
  }

  private parseArgumentValue(start: Token, name: Token): Token | Token[] {
    if (start.kind === 'punct' && start.text === '[') {
      const items: Token[] = [];
      for (;;) {
        const item = this.tokens[this.pos++];
        if (!item) throw new ODataFilterProblem(`syntax error: the [ at position ${start.position} is never closed`);
        if (item.kind === 'punct' && item.text === ']' && items.length === 0) return items;
        if (item.kind === 'punct') throw new ODataFilterProblem(`syntax error: unexpected ${item.raw} in a list at position ${item.position}`);
        items.push(item);
        const after = this.tokens[this.pos++];
        if (after?.kind === 'punct' && after.text === ']') return items;
        if (!(after?.kind === 'punct' && after.text === ',')) {
          throw new ODataFilterProblem(`syntax error: expected , or ] in the list at position ${after?.position ?? start.position}`);
        }
      }
    }
    if (start.kind === 'punct') throw new ODataFilterProblem(`syntax error: unexpected ${start.raw} in ${name.text}(…) at position ${start.position}`);
    if (start.kind === 'word' && this.peek()?.text === '(' && this.peek()?.kind === 'punct') {
      throw new ODataFilterProblem(`${start.text} at position ${start.position}: functions inside functions are not supported (text comparisons already ignore case)`);
    }
    return start;
  }

  private parseComparison(left: Token): FilterCondition {
    if (left.kind === 'punct') throw new ODataFilterProblem(`syntax error: unexpected ${left.raw} at position ${left.position}`);
    const operatorToken = this.tokens[this.pos++];
    if (!operatorToken) {
      const hint = left.kind === 'word' && !LITERAL_WORDS.has(left.text) ? `; compare it, e.g. ${left.text} eq true` : '';
      throw new ODataFilterProblem(`syntax error: the filter ends too early, after ${left.raw} at position ${left.position}${hint}`);
    }
    const spelled = operatorToken.text.toLowerCase();
    const operator = OPERATORS.find((o) => o === spelled);
    if (!operator) {
      if (operatorToken.kind === 'word' && spelled in UNSUPPORTED_OPERATORS) {
        throw new ODataFilterProblem(`the operator ${operatorToken.text} (position ${operatorToken.position}) is not supported: ${UNSUPPORTED_OPERATORS[spelled]}`);
      }
      const hint = operatorToken.text === '=' ? ' (OData writes eq, ne, gt, ge, lt, le, not =)' : '';
      throw new ODataFilterProblem(`syntax error: expected a comparison (eq, ne, gt, ge, lt, le) after ${left.raw} at position ${operatorToken.position}, found ${operatorToken.raw}${hint}`);
    }
    const right = this.tokens[this.pos++];
    if (!right) throw this.endsEarly(operatorToken);
    const isProperty = (t: Token) => t.kind === 'word' && !LITERAL_WORDS.has(t.text);
    if (right.kind === 'punct') throw new ODataFilterProblem(`syntax error: expected a value after ${operatorToken.text} at position ${right.position}, found ${right.raw}`);
    if (isProperty(left) && isProperty(right)) {
      throw new ODataFilterProblem(`${left.text} ${operator} ${right.text} (position ${left.position}): comparing two columns is not supported; compare a column with a value`);
    }
    if (!isProperty(left) && !isProperty(right)) throw new ODataFilterProblem(`${left.raw} ${operator} ${right.raw} (position ${left.position}) compares two values; one side must be a column`);
    // `100 lt new_behaviorscore` means `new_behaviorscore gt 100`.
    const [property, literal, op]: [Token, Token, CompareOperator] = isProperty(left) ? [left, right, operator] : [right, left, MIRRORED[operator]];
    const column = this.catalog.resolve(property.text, property.position);
    const value = literalValue(column, literal);
    if (value === null && op !== 'eq' && op !== 'ne') throw new ODataFilterProblem(`${column.name} ${op} null (position ${property.position}): only eq and ne compare with null`);
    if (value !== null && op !== 'eq' && op !== 'ne' && (column.kind === 'boolean' || column.kind === 'guid' || column.kind === 'choices')) {
      throw new ODataFilterProblem(`${op} is not valid on ${column.name} (position ${operatorToken.position}); a ${column.kind === 'guid' ? 'lookup or id' : column.kind === 'boolean' ? 'yes/no' : 'multi-select choice'} column takes eq and ne`);
    }
    return { kind: 'compare', field: column.name, valueKind: column.kind, operator: op, value };
  }

  private use(condition: FilterCondition): FilterCondition {
    if (!this.fieldsUsed.includes(condition.field)) this.fieldsUsed.push(condition.field);
    return condition;
  }
}

/**
 * Parses and checks a $filter (with or without a pasted `$filter=`) on `table` against its describe.
 * On success, `filter` is ready for `matchesODataFilter` and `fieldsUsed` lists the columns the local
 * copy must hold, as the describe spells them.
 */
export function parseODataFilter(where: unknown, table: string, fields: CrmFieldDescribe[]): ParseODataFilterResult {
  try {
    if (typeof where !== 'string') throw new ODataFilterProblem('the filter must be text');
    if (where.trim().length > MAX_FILTER_LENGTH) {
      throw new ODataFilterProblem(`the filter is ${where.trim().length.toLocaleString('en-US')} characters; at most ${MAX_FILTER_LENGTH.toLocaleString('en-US')} are allowed`);
    }
    // Positions count in the text as typed, so a pasted `$filter=` is skipped rather than cut off.
    const start = /^\s*(\$filter\s*=)?/i.exec(where)![0].length;
    const parser = new Parser(tokenize(where, start), new ColumnCatalog(table, fields));
    const filter = parser.parseAll();
    return { ok: true, filter, fieldsUsed: parser.fieldsUsed };
  } catch (err) {
    if (err instanceof ODataFilterProblem) return { ok: false, problem: err.message };
    throw err;
  }
}
