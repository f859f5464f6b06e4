import { databaseBackend } from '../../../dev-services/database-backend';

describe('CRM_SYNC_DB_BACKEND', () => {
  it('defaults to PostgreSQL when unset or empty', () => {
    expect(databaseBackend({})).toBe('postgresql');
    expect(databaseBackend({ CRM_SYNC_DB_BACKEND: ' ' })).toBe('postgresql');
  });

  it('selects SQLite or PostgreSQL by name', () => {
    expect(databaseBackend({ CRM_SYNC_DB_BACKEND: 'sqlite' })).toBe('sqlite');
    expect(databaseBackend({ CRM_SYNC_DB_BACKEND: 'postgresql' })).toBe('postgresql');
  });

  it('refuses anything else, naming the setting and the choices', () => {
    expect(() => databaseBackend({ CRM_SYNC_DB_BACKEND: 'postgres' })).toThrow('CRM_SYNC_DB_BACKEND must be one of postgresql, sqlite; got "postgres"');
  });
});
