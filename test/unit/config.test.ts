import { loadConfig } from '../../domain/config';

describe('configuration', () => {
  it('names every missing or wrong setting', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x', PORT: 'abc' })).toThrow(/TEMPORAL_ADDRESS[\s\S]*MONGODB_URI|MONGODB_URI[\s\S]*TEMPORAL_ADDRESS/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db', PORT: 'abc' })).toThrow(/PORT/);
  });

  it('fills defaults for everything optional', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'crm-sync', uiUrl: undefined });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
  });
});
