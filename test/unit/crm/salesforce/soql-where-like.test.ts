import fc from 'fast-check';
import { parseWhereClause } from '../../../../domain/crm/salesforce/soql-where/soql-where';
import { compileLikePattern, countAnyRuns, matchesLike } from '../../../../domain/crm/salesforce/soql-where/soql-where-like';

const like = (pattern: string, value: string) => matchesLike(compileLikePattern(pattern), value);

/**
 * The matcher the linear one replaced, kept here as the reference: a stored pattern (`\x` = literal
 * x) compiled to an anchored case-insensitive regex. Exponential on `%_%_…!`, fine on the small
 * patterns the property test feeds it.
 */
function regexLike(pattern: string, value: string): boolean {
  const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, 'i').test(value);
}

describe('the LIKE matcher', () => {
  it.each([
    ['ac%', 'Acme', true],
    ['ac%', 'Bacme', false],
    ['%cm%', 'ACME', true],
    ['a_me', 'Acme', true],
    ['a_me', 'Acccme', false],
    ['acme', 'ACME', true],
    ['acme', 'acme inc', false],
    ['%', '', true],
    ['%', 'line1\nline2', true],
    ['_', '', false],
    ['%@example.com', 'Jo@Example.COM', true],
    ['%@example.com', 'jo@example.com.evil', false],
    ['a%b%c', 'abc', true],
    ['a%b%c', 'acb', false],
    ['%ab%ab%', 'xabyabz', true],
    ['%ab%ab%', 'xaby', false],
    ['%aa', 'aaa', true],
    ['aa%aa', 'aaa', false],
    ['100\\%', '100%', true],
    ['100\\%', '1000', false],
    ['a\\_b', 'a_b', true],
    ['a\\_b', 'axb', false],
    ['a\\\\%', 'a\\xyz', true],
    ['(___) ___-____', '(555) 123-4567', true],
    ['straße', 'STRASSE', false],
    ['ÉCOLE%', 'école normale', true],
  ])('%s on %j is %s', (pattern, value, expected) => {
    expect(like(pattern, value)).toBe(expected);
  });

  it('counts runs of % wildcards, an escaped one not at all', () => {
    expect(countAnyRuns('%a%%b\\%')).toBe(2);
    expect(countAnyRuns('%_%_%_%_%_%_%_%_%_%_%!')).toBe(11);
    expect(countAnyRuns('abc')).toBe(0);
  });

  it('takes milliseconds where the regex it replaced took minutes: %_%_…! over 6,000 emails', () => {
    const pattern = compileLikePattern('%_%_%_%_%_%_%_%_%_%_%!');
    const started = performance.now();
    let matched = 0;
    for (let i = 0; i < 6000; i++) if (matchesLike(pattern, `person.number${i}@example-domain.com`)) matched++;
    const elapsed = performance.now() - started;
    expect(matched).toBe(0);
    expect(elapsed).toBeLessThan(250);
  });

  it('stays linear on long text: a 100,000-character description against a worst-case pattern', () => {
    const started = performance.now();
    expect(like('%a%a%a%a%a%a%a%b', 'a'.repeat(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('a LIKE pattern over the caps is refused when the clause is parsed', () => {
  const fields = [{ name: 'Email', label: 'Email', type: 'email', updateable: true, calculated: false, compound: false, referenceTo: [] }];
  const problemOf = (where: string) => {
    const parsed = parseWhereClause(where, 'Contact', fields);
    return parsed.ok ? null : parsed.problem;
  };

  it('names the number of % wildcards and the limit', () => {
    expect(problemOf("Email LIKE '%_%_%_%_%_%_%_%_%_%_%!'")).toBe("Email LIKE '%_%_%_%_%_%_%_%_%_%_%!': the pattern has 11 % wildcards; at most 8 are allowed in one LIKE pattern");
    expect(problemOf("Email LIKE '%a%b%c%d%e%f%g%'")).toBeNull();
    expect(problemOf("Email LIKE '%\\%%\\%%\\%%\\%%\\%%'")).toBeNull();
  });

  it('names the length and the limit', () => {
    expect(problemOf(`Email LIKE '${'a'.repeat(256)}'`)).toBe('Email LIKE: the pattern is 256 characters; at most 255 are allowed in one LIKE pattern');
    expect(problemOf(`Email LIKE '${'a'.repeat(255)}'`)).toBeNull();
  });
});

describe('the LIKE matcher agrees with the regex it replaced', () => {
  // Letters in both cases, characters regexes treat specially, a line break, a non-ASCII letter whose
  // case folds, and the three escapes: everything the stored form of a pattern can hold.
  const patternPart = fc.constantFrom('a', 'A', 'b', 'é', 'É', '.', '*', '(', '\n', '%', '_', '\\%', '\\_', '\\\\');
  const textPart = fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', '.', '*', '(', '\n', '%', '_', '\\', 'ß');

  it('on random small patterns and texts', () => {
    fc.assert(
      fc.property(fc.array(patternPart, { maxLength: 7 }), fc.array(textPart, { maxLength: 9 }), (parts, chars) => {
        const pattern = parts.join('');
        const value = chars.join('');
        expect(like(pattern, value)).toBe(regexLike(pattern, value));
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it('on texts built to match the pattern, so the positive case is exercised as often as the negative', () => {
    const fill = fc.array(textPart, { maxLength: 3 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(patternPart, fill, fc.boolean()), { maxLength: 6 }), (parts) => {
        const pattern = parts.map(([p]) => p).join('');
        // A % takes some filler, a _ one character, an escape its literal, any other character itself or its other case.
        const value = parts
          .map(([p, filler, flip]) => (p === '%' ? filler : p === '_' ? filler[0] ?? 'x' : p.startsWith('\\') ? p[1] : flip ? p.toUpperCase() : p))
          .join('');
        expect(like(pattern, value)).toBe(regexLike(pattern, value));
      }),
      { numRuns: 5000, seed: 71 },
    );
  });
});
