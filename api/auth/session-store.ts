import session from 'express-session';
import type { SessionModel } from '../../domain/models/session';

type Callback = (err?: unknown, value?: session.SessionData | null) => void;

/** express-session store on our own collection (connect-mongo would pull in a second MongoDB driver). */
export class MongooseSessionStore extends session.Store {
  constructor(
    private readonly sessions: SessionModel,
    private readonly ttlMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    return sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + this.ttlMs);
  }

  override get(sid: string, callback: Callback): void {
    this.sessions
      .findById(sid)
      .lean()
      .then(async (doc) => {
        if (!doc) return callback(null, null);
        if (doc.expiresAt.getTime() <= Date.now()) {
          await this.sessions.deleteOne({ _id: sid });
          return callback(null, null);
        }
        callback(null, JSON.parse(doc.data) as session.SessionData);
      })
      .catch(callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.sessions
      .updateOne({ _id: sid }, { $set: { data: JSON.stringify(sess), expiresAt: this.expiry(sess) } }, { upsert: true })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sessions
      .deleteOne({ _id: sid })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.sessions
      .updateOne({ _id: sid }, { $set: { expiresAt: this.expiry(sess) } })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /** Removes expired sessions; the app calls it periodically since FerretDB v1 has no TTL index. */
  async prune(): Promise<number> {
    const result = await this.sessions.deleteMany({ expiresAt: { $lte: new Date() } });
    return result.deletedCount;
  }
}
