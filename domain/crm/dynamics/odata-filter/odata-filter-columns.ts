/**
 * The person table's columns as a $filter names them, from the describe crm-sync keeps, and how each
 * compares. Names are matched without regard to case and reported as the describe spells them.
 */
import type { CrmFieldDescribe } from '../../connector';
import { ODataFilterProblem, type ValueKind } from './odata-filter-types';

/** The describe's types (dynamics-describe.ts speaks Salesforce's words for them) as value kinds. */
const KIND_OF_TYPE: Record<string, ValueKind> = {
  string: 'text', textarea: 'text', email: 'text', phone: 'text', url: 'text',
  int: 'number', long: 'number', double: 'number', currency: 'number',
  picklist: 'choice', multipicklist: 'choices', boolean: 'boolean',
  date: 'date', datetime: 'datetime', id: 'guid', reference: 'guid',
};

/** What each kind is compared with, in the words of a refusal. */
export const EXPECTED: Record<ValueKind, string> = {
  text: "text in single quotes, e.g. 'Paris'",
  number: 'a number without quotes, e.g. 50',
  choice: "the option's value without quotes, e.g. 100000001",
  choices: "option values in single quotes, comma-separated, e.g. '100000000,100000002'",
  boolean: 'true or false',
  date: 'a date without quotes, e.g. 2024-05-01',
  datetime: 'a datetime without quotes, e.g. 2024-05-01T08:30:00Z, or a date',
  guid: 'a GUID without quotes, e.g. 00000000-0000-0000-0000-000000000001',
};

/** The words of a kind for messages ("a choice column"). */
export const KIND_WORD: Record<ValueKind, string> = {
  text: 'text', number: 'number', choice: 'choice', choices: 'multi-select choice', boolean: 'yes/no',
  date: 'date-only', datetime: 'date and time', guid: 'lookup or id',
};

export interface Column {
  name: string;
  kind: ValueKind;
  /** The option values a choice column offers ("100000001"), when the describe lists them. */
  options: string[];
}

export class ColumnCatalog {
  private readonly byName: Map<string, CrmFieldDescribe>;

  constructor(
    private readonly table: string,
    fields: CrmFieldDescribe[],
  ) {
    this.byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  }

  resolve(name: string, position: number): Column {
    if (name.includes('/')) {
      throw new ODataFilterProblem(
        `${name} (position ${position}): columns of related rows are not supported; the local copy of ${this.table} holds only its own columns (filter on a lookup's _<name>_value instead)`,
      );
    }
    const field = this.byName.get(name.toLowerCase());
    if (!field) {
      // A lookup's logical name is not a property of the Web API; its value is `_x_value`.
      const lookup = this.byName.get(`_${name.toLowerCase()}_value`);
      const hint = lookup ? `; a lookup is filtered by its GUID column ${lookup.name}` : '';
      throw new ODataFilterProblem(`unknown column '${name}' on ${this.table} (position ${position})${hint}`);
    }
    const kind = KIND_OF_TYPE[field.type];
    if (!kind) throw new ODataFilterProblem(`${field.name} is a ${field.type} column, which a list's filter cannot filter on`);
    return { name: field.name, kind, options: field.picklistValues ?? [] };
  }
}
