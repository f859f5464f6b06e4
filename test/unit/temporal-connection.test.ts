import { ConfigError, loadConfig } from '../../domain/config';
import { temporalConnectionOptions } from '../../domain/temporal-connection';

const BASE = { TEMPORAL_ADDRESS: 'temporal.internal:7233', MONGODB_URI: 'mongodb://h/db' };
const FILES: Record<string, string> = { '/etc/crm-sync/client.pem': 'CERT', '/etc/crm-sync/client.key': 'KEY', '/etc/crm-sync/ca.pem': 'CA' };
const read = (file: string) => {
  if (!(file in FILES)) throw new Error(`ENOENT: no such file, open '${file}'`);
  return Buffer.from(FILES[file]);
};

describe('the Temporal connection settings', () => {
  it('are plain gRPC unless TLS is asked for', () => {
    expect(temporalConnectionOptions(loadConfig(BASE).temporal, read)).toEqual({ address: 'temporal.internal:7233' });
  });

  it('TEMPORAL_TLS=true: TLS with the system roots', () => {
    expect(temporalConnectionOptions(loadConfig({ ...BASE, TEMPORAL_TLS: 'true' }).temporal, read)).toEqual({ address: 'temporal.internal:7233', tls: {} });
  });

  it('mTLS: the client certificate, its key, a CA and a server name, read from their files', () => {
    const config = loadConfig({
      ...BASE,
      TEMPORAL_TLS_CERT_FILE: '/etc/crm-sync/client.pem',
      TEMPORAL_TLS_KEY_FILE: '/etc/crm-sync/client.key',
      TEMPORAL_TLS_CA_FILE: '/etc/crm-sync/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
    });
    expect(temporalConnectionOptions(config.temporal, read)).toEqual({
      address: 'temporal.internal:7233',
      tls: { clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') }, serverRootCACertificate: Buffer.from('CA'), serverNameOverride: 'temporal.example.com' },
    });
  });

  it('an API key turns TLS on', () => {
    expect(temporalConnectionOptions(loadConfig({ ...BASE, TEMPORAL_API_KEY: 'k-123' }).temporal, read)).toEqual({ address: 'temporal.internal:7233', tls: {}, apiKey: 'k-123' });
  });

  it('a certificate without its key, or an unreadable file, stops the start naming the setting', () => {
    expect(() => loadConfig({ ...BASE, TEMPORAL_TLS_CERT_FILE: '/etc/crm-sync/client.pem' })).toThrow(/TEMPORAL_TLS_CERT_FILE, TEMPORAL_TLS_KEY_FILE: mTLS needs both/);
    const config = loadConfig({ ...BASE, TEMPORAL_TLS_CA_FILE: '/nowhere/ca.pem' });
    expect(() => temporalConnectionOptions(config.temporal, read)).toThrow(ConfigError);
    expect(() => temporalConnectionOptions(config.temporal, read)).toThrow(/TEMPORAL_TLS_CA_FILE: cannot read \/nowhere\/ca.pem/);
  });
});
