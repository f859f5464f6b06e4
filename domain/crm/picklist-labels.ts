/**
 * Words for stored choice values. A CRM that stores a code per choice ("100000002") describes its
 * label ("Gold") beside it (CrmFieldDescribe.picklistLabels); pages show the label, while conditions,
 * records and pushes keep the code.
 */

export type PicklistLabels = Record<string, string>;

/** The label of one stored value, or the value itself when the CRM gives it none. */
export function picklistLabelOf(labels: PicklistLabels | undefined, value: string): string {
  return labels && Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : value;
}

/**
 * A condition's value or a record's value in words: a code becomes its label, a list of codes (an
 * `in` condition) its labels joined by ", ", a multi-select value ("1;3") its labels joined by "; ".
 * Undefined when no part of it has a label, so callers add words only where they say something.
 */
export function labelStoredValue(labels: PicklistLabels | undefined, value: unknown): string | undefined {
  if (!labels) return undefined;
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const texts = parts.filter((p): p is string => typeof p === 'string');
  if (texts.length === 0 || texts.length !== parts.length) return undefined;
  let labelled = false;
  const words = texts.map((text) =>
    text
      .split(';')
      .map((code) => {
        const label = picklistLabelOf(labels, code);
        if (label !== code) labelled = true;
        return label;
      })
      .join('; '),
  );
  return labelled ? words.join(', ') : undefined;
}
