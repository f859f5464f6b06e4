import { defaultToProduction, loadConfig } from '../../domain/config';

describe('configuration', () => {
  it('names every missing or wrong setting', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x', PORT: 'abc' })).toThrow(/TEMPORAL_ADDRESS[\s\S]*MONGODB_URI|MONGODB_URI[\s\S]*TEMPORAL_ADDRESS/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db', PORT: 'abc' })).toThrow(/PORT/);
  });

  it('fills defaults for everything optional', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'crm-sync', uiUrl: undefined });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, heavyReadsAtOnce: 2, trustProxy: false });
    expect(config.env).toBe('development');
  });

  it('reads the admission limit on previews and exports, and names it when it is wrong', () => {
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' };
    expect(loadConfig({ ...base, CRM_SYNC_HEAVY_READS_AT_ONCE: '4' }).http.heavyReadsAtOnce).toBe(4);
    expect(() => loadConfig({ ...base, CRM_SYNC_HEAVY_READS_AT_ONCE: '0' })).toThrow(/CRM_SYNC_HEAVY_READS_AT_ONCE must be at least 1/);
    expect(() => loadConfig({ ...base, CRM_SYNC_HEAVY_READS_AT_ONCE: 'many' })).toThrow(/CRM_SYNC_HEAVY_READS_AT_ONCE/);
  });

  it('reads the shutdown grace time, 10 s unless set, and refuses one a 30 s stop could not hold', () => {
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' };
    expect(loadConfig(base).shutdown).toEqual({ graceSeconds: 10 });
    expect(loadConfig({ ...base, CRM_SYNC_SHUTDOWN_GRACE_SECONDS: '0' }).shutdown.graceSeconds).toBe(0);
    expect(() => loadConfig({ ...base, CRM_SYNC_SHUTDOWN_GRACE_SECONDS: '25' })).toThrow(/CRM_SYNC_SHUTDOWN_GRACE_SECONDS must be 0 to 20/);
    expect(() => loadConfig({ ...base, CRM_SYNC_SHUTDOWN_GRACE_SECONDS: 'soon' })).toThrow(/CRM_SYNC_SHUTDOWN_GRACE_SECONDS/);
  });

  it("reads where a worker serves its Temporal metrics, and names a malformed address", () => {
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://h/db' };
    expect(loadConfig(base).worker).toEqual({ metricsAddress: undefined });
    expect(loadConfig({ ...base, CRM_SYNC_WORKER_METRICS_ADDRESS: '0.0.0.0:9464' }).worker.metricsAddress).toBe('0.0.0.0:9464');
    expect(loadConfig({ ...base, CRM_SYNC_WORKER_METRICS_ADDRESS: '[::]:9464' }).worker.metricsAddress).toBe('[::]:9464');
    expect(() => loadConfig({ ...base, CRM_SYNC_WORKER_METRICS_ADDRESS: 'http://0.0.0.0:9464/metrics' })).toThrow(/CRM_SYNC_WORKER_METRICS_ADDRESS must be host:port/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('the built entry points run in production unless NODE_ENV says otherwise', () => {
    const unset: NodeJS.ProcessEnv = {};
    defaultToProduction(unset);
    expect(unset.NODE_ENV).toBe('production');
    const debugging: NodeJS.ProcessEnv = { NODE_ENV: 'development' };
    defaultToProduction(debugging);
    expect(debugging.NODE_ENV).toBe('development');
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'x:1', MONGODB_URI: 'mongodb://h/db', NODE_ENV: 'prod' })).toThrow(/NODE_ENV must be development, test or production/);
  });
});
