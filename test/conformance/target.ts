import type { CrmKind, PersonType } from '../../domain/crm/crm-model';
import type { ConnectionMapping } from '../../domain/mapping/mapping';

/**
 * What the connector conformance kit needs from a CRM: its emulator, started with a seeded org, and
 * an org handle through which the kit changes "the CRM" and looks at what crm-sync did to it. Each
 * CRM provides one in test/conformance/targets/<crm>.ts and registers it in targets/index.ts.
 *
 * Objects are named as the CRM names them (the CRM model's `object`); which object plays which part
 * comes from `crmModel(crm)`, never from the kit.
 */
export interface ConformanceTarget {
  crm: CrmKind;
  /** Shown in test names: `-t "<label>"` runs one CRM. */
  label: string;
  /**
   * Its emulator on 127.0.0.1, port 0, with a generated org of about `people` leads and contacts;
   * `dailyApiLimit` sets the daily API allowance of a CRM that reports one (ignored otherwise).
   */
  startOrg(options: { seed: number; people: number; dailyApiLimit?: number }): Promise<EmulatedOrg>;
}

/** The faults every CRM shows, in the kit's words; a target maps each onto its emulator's kind. */
export const FAULT_KINDS = ['quota', 'expired-auth', 'server-error', 'latency', 'row-lock', 'lost-answer'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The faults that hit requests (reads and writes alike); row locks and lost answers only hit writes. */
export const REQUEST_FAULT_KINDS: FaultKind[] = ['quota', 'expired-auth', 'server-error', 'latency'];

/** A CRM record with every field, as the CRM's API returns it: the shape crm-sync stores. */
export type OrgRecord = Record<string, unknown>;

export interface EmulatedOrg {
  /** The emulator's base URL. */
  url: string;
  /** The body of `POST /api/v1/connections` that connects crm-sync to this org as a user would. */
  connectionInput(name: string): Record<string, unknown>;
  /** A mapping an admin would save: email, names, a Score field, a boolean, a picklist, a date. */
  mapping: ConnectionMapping;
  /** The marketing field (custom, type Score) that list syncs push, and the CRM field it maps to. */
  score: { marketingField: string; crmField: string };
  /** A text field of people a marketer copies into lists and the kit edits in the CRM, and its marketing name. */
  title: { marketingField: string; crmField: string };

  /** Every record of an object through the CRM's API, every field (what a full sync must store). */
  records(object: string): Promise<OrgRecord[]>;
  /**
   * Fields the CRM computes when read (formulas, calculated and rollup columns): they change without
   * a new modification stamp, so only a full sync or a calculated refresh brings them up to date.
   */
  calculatedFields(object: string): string[];
  /** The id field of an object's records (`Id`, `contactid`). */
  idField(object: string): string;
  /** Ids of an object's live records, straight from the emulator's store (no API call). */
  ids(object: string): string[];
  /** One field of a live record from the store; undefined when the record is gone. */
  valueOf(object: string, id: string, field: string): unknown;
  insertPerson(type: PersonType, label: string): string;
  /** Changes a text field a CRM user would edit: a person's `title.crmField`, an account's or a deal's name. */
  editRecord(object: string, id: string, label: string): void;
  /** A CRM user types `value` into one field of a record (a pushed Score, say), in the CRM's own representation. */
  setValue(object: string, id: string, field: string, value: string | number | boolean | null): void;
  /**
   * Fields the CRM stamps on every write (modification time, modifying user, row version): a record
   * crm-sync just pushed to carries newer ones than its local copy until the next admin sync reads it.
   */
  writeStamps: readonly string[];
  /** Deletes as a CRM user does; the CRM keeps a trace (recycle bin, delta removal) where it keeps one for that object. */
  deleteRecord(object: string, id: string): void;
  /** Gone without any trace: only an id comparison (the drift check) finds it. */
  hardDeleteRecord(object: string, id: string): void;
  /** Freezes the org clock (`null` lets it run): records written meanwhile share one modification stamp. */
  setClock(at: string | null): void;
  advanceClock(ms: number): void;

  /** The campaign-role records (Salesforce campaign, Dynamics marketing list) a list can be imported from, members first. */
  listSourceIds(): string[];
  /** The body of `source` in `POST /api/v1/lists` importing that campaign or marketing list. */
  listSource(id: string): Record<string, unknown>;
  /** Person ids that are members of that list source now. */
  listMembers(id: string): string[];
  /** Adds a person to that list source; returns the membership record's id. */
  addListMember(id: string, person: { type: PersonType; id: string }): string;
  removeListMember(id: string, personId: string): void;

  faults: {
    /** The next `n` requests (record writes, for row locks) meet this fault. */
    failNext(kind: FaultKind, n: number): void;
    /** A share of requests meet one of `kinds`; quota faults ask to retry after at most a second. */
    set(settings: { rate: number; kinds: FaultKind[]; latencyMs: number; seed: number }): void;
    clear(): void;
    /** Faults injected since the last reset, per kind. */
    injected(): Partial<Record<FaultKind, number>>;
    resetInjected(): void;
  };
  /**
   * The daily API allowance, for a CRM that reports one to crm-sync (the model's
   * `reportsDailyApiUsage`): how many calls the org has used today can be set, as a new day or a busy
   * org would. Absent for CRMs with no daily allowance.
   */
  dailyApiUsage?: { limit: number; setUsed(calls: number): void };
  stats: {
    apiCalls(): number;
    /** Record writes per record id since the last reset (a write whose answer was lost counts). */
    writesByRecordId(): Map<string, number>;
    reset(): void;
    /** Delete requests crm-sync's credentials sent, ever: the never-delete ledger's count for this org. */
    deletesByCrmSync(): number;
  };

  /** Fields of the Contact person kind that describe must show as they are. */
  describe: {
    /** A picklist, the values the builder offers, and how the CRM stores an offered value. */
    picklist: { field: string; values: string[]; storedValueOf(offered: string): unknown };
    boolean: string;
    calculated: string;
  };
  close(): Promise<void>;
}
