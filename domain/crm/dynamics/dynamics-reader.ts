import { DynamicsWebApi, type RetrieveMultipleRequest } from 'dynamics-web-api';
import type { DynamicsCredentials } from '../credentials';
import type { DynamicsCaller } from './dynamics-call';
import { OPTION_SET_CASTS, type AttributeMetadata } from './dynamics-describe';
import { choiceColumnsOf, type ChoiceColumns, type TableInfo } from './dynamics-records';

/** Dataverse's largest page (and the most `odata.maxpagesize` may ask for). */
export const MAX_PAGE_SIZE = 5000;
const REQUEST_TIMEOUT_MS = 120_000;

type Row = Record<string, unknown>;

export interface RowsPage {
  rows: Row[];
  nextLink?: string;
  deltaLink?: string;
}

/** Logical names are written into metadata keys and URLs: only what Dataverse itself allows passes. */
function assertLogicalName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`'${name}' is not a Dataverse table name`);
  return name;
}

/**
 * Which columns of a table are choices, per environment and table, for the worker process: a
 * connector lives one activity, and re-reading the attribute metadata in every sync that sees a
 * changed row would cost each incremental sync a call per changed table, whatever the change's size.
 * Kept for a while only, so a column an admin adds or retypes is seen within minutes.
 */
const CHOICE_COLUMNS_TTL_MS = 10 * 60_000;
const choiceColumnsCache = new Map<string, { at: number; columns: Promise<ChoiceColumns> }>();

/**
 * The read side of the Web API through dynamics-web-api, every request through the caller (token,
 * concurrency, retries, counting). Table definitions are read once per connector.
 */
export class DynamicsReader {
  private readonly tables = new Map<string, Promise<TableInfo>>();
  readonly api: DynamicsWebApi;

  constructor(
    private readonly credentials: DynamicsCredentials,
    readonly caller: DynamicsCaller,
  ) {
    this.api = this.newClient();
  }

  newClient(): DynamicsWebApi {
    return new DynamicsWebApi({
      serverUrl: this.credentials.environmentUrl,
      dataApi: { version: this.credentials.apiVersion || '9.2' },
      timeout: REQUEST_TIMEOUT_MS,
      onTokenRefresh: () => this.caller.tokens.accessToken(),
    });
  }

  private read<T>(request: () => Promise<T>): Promise<T> {
    return this.caller.call(request, { writes: false });
  }

  table(logicalName: string): Promise<TableInfo> {
    let info = this.tables.get(logicalName);
    if (!info) {
      info = this.read(() =>
        this.api.retrieveEntity<{ LogicalName: string; EntitySetName: string; PrimaryIdAttribute: string; ChangeTrackingEnabled?: boolean; DisplayName?: { UserLocalizedLabel?: { Label?: string } | null } }>({
          key: `LogicalName='${assertLogicalName(logicalName)}'`,
          select: ['LogicalName', 'EntitySetName', 'PrimaryIdAttribute', 'ChangeTrackingEnabled', 'DisplayName'],
        }),
      ).then((e) => ({
        logicalName: e.LogicalName,
        entitySetName: e.EntitySetName,
        primaryId: e.PrimaryIdAttribute,
        displayName: e.DisplayName?.UserLocalizedLabel?.Label ?? e.LogicalName,
        changeTracking: e.ChangeTrackingEnabled === true,
      }));
      info.catch(() => this.tables.delete(logicalName));
      this.tables.set(logicalName, info);
    }
    return info;
  }

  /** Which columns of a table are choices and multi-select choices: one metadata call, then from the process's cache for a while. */
  choiceColumns(table: TableInfo): Promise<ChoiceColumns> {
    const key = `${this.credentials.environmentUrl}|${table.logicalName}`;
    const cached = choiceColumnsCache.get(key);
    if (cached && Date.now() - cached.at < CHOICE_COLUMNS_TTL_MS) return cached.columns;
    const columns = this.read(() =>
      this.api.retrieveAttributes<AttributeMetadata>({ entityKey: `LogicalName='${table.logicalName}'`, select: ['LogicalName', 'AttributeType', 'AttributeTypeName'] }),
    ).then((r) => choiceColumnsOf(r.value));
    columns.catch(() => {
      if (choiceColumnsCache.get(key)?.columns === columns) choiceColumnsCache.delete(key);
    });
    choiceColumnsCache.set(key, { at: Date.now(), columns });
    return columns;
  }

  /** One page of a query, or the page a nextLink / deltaLink points at (which carries the query itself). */
  async page(request: RetrieveMultipleRequest, link?: string): Promise<RowsPage> {
    const result = await this.read(() => this.api.retrieveMultiple<Row>(request, link));
    return { rows: result.value, nextLink: result.oDataNextLink, deltaLink: result.oDataDeltaLink };
  }

  retrieve<T>(collection: string, key: string, select: string[]): Promise<T> {
    return this.read(() => this.api.retrieve<T>({ collection, key, select }));
  }

  /** Every id a collection (or a navigation path such as `lists(id)/listcontact_association`) holds. */
  async readAllIds(collection: string, primaryId: string): Promise<string[]> {
    const ids: string[] = [];
    let link: string | undefined;
    do {
      const page = await this.page({ collection, select: [primaryId], maxPageSize: MAX_PAGE_SIZE }, link);
      for (const row of page.rows) if (typeof row[primaryId] === 'string') ids.push((row[primaryId] as string).toLowerCase());
      link = page.nextLink;
    } while (link);
    return ids;
  }

  /** The ids a FetchXML query matches (a dynamic marketing list's members); dynamics-web-api follows its paging cookies. */
  async runFetchXml(table: TableInfo, fetchXml: string): Promise<string[]> {
    if (!fetchXml.trim()) return [];
    const result = await this.read(() => this.api.fetchAll<Row>({ collection: table.entitySetName, fetchXml }));
    return result.value.flatMap((row) => (typeof row[table.primaryId] === 'string' ? [(row[table.primaryId] as string).toLowerCase()] : []));
  }

  /** A table's columns, plus its choice columns once more with their option sets (each derived type needs its own cast to expand OptionSet). */
  async attributes(table: TableInfo): Promise<{ attributes: AttributeMetadata[]; optionSets: AttributeMetadata[] }> {
    const select = ['LogicalName', 'AttributeType', 'AttributeTypeName', 'DisplayName', 'IsValidForUpdate', 'IsValidForRead', 'SourceType', 'Format', 'Targets'];
    const entityKey = `LogicalName='${table.logicalName}'`;
    const [all, ...casts] = await Promise.all([
      this.read(() => this.api.retrieveAttributes<AttributeMetadata>({ entityKey, select })),
      ...OPTION_SET_CASTS.map((cast) =>
        this.read(() => this.api.retrieveAttributes<AttributeMetadata>({ entityKey, castType: `Microsoft.Dynamics.CRM.${cast}`, select: ['LogicalName'], expand: [{ property: 'OptionSet' }] })),
      ),
    ]);
    return { attributes: all.value, optionSets: casts.flatMap((c) => c.value) };
  }
}
