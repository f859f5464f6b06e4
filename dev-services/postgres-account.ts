import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** An operating-system account, by number, as child_process.spawn takes it. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** Debian's package creates this account; it owns the server's files when we run as root. */
const SERVER_ACCOUNT = 'postgres';

/**
 * Who runs initdb and postgres. Both refuse to run as root, so as root they run as Debian's
 * `postgres` account (what `runuser -u postgres --` would do, with the server's own pid kept, so
 * signals reach it directly); as anyone else they run as that user. Undefined means "as ourselves".
 */
export function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, SERVER_ACCOUNT], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(`PostgreSQL cannot run as root and there is no "${SERVER_ACCOUNT}" account: install Debian's postgresql package (it creates it) or run as another user`);
  }
  return { name: SERVER_ACCOUNT, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates `dir` (mode 0700) owned by the account, so the server can write there and nobody else can read it. */
export function prepareOwnedFolder(dir: string, account: Account | undefined): void {
  // Parents keep the default mode: a recursive mode would close them to the account too.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (account) fs.chownSync(dir, account.uid, account.gid);
  fs.chmodSync(dir, 0o700);
}

/** Whether the account can enter and write `dir`: each parent folder must let it pass. */
export function canUseFolder(dir: string, account: Account | undefined): boolean {
  if (!account) return true;
  return spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: account.uid, gid: account.gid, stdio: 'ignore' }).status === 0;
}

/**
 * Lets the account pass through a private folder of ours (mode 0710, group = the account's group)
 * to reach its own folder inside; nobody else may enter or list it.
 */
export function letAccountPass(dir: string, account: Account | undefined): void {
  if (!account) return;
  fs.chownSync(dir, process.getuid?.() ?? 0, account.gid);
  fs.chmodSync(dir, 0o710);
}
