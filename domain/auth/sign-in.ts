import type { Models } from '../models';
import type { UserDoc } from '../models/user';
import { hashPassword, verifyPassword } from './passwords';
import { normaliseSignInEmail } from './sign-in-identifier';

type SignedInUser = UserDoc & { _id: unknown };

// A hash of a password nobody knows, made at the same cost as real ones: unknown and disabled
// accounts then spend the same bcrypt time as known ones, so the answer's timing names no account.
let dummyHash: Promise<string> | undefined;
/** Made on first use; the sign-in router asks for it at start-up so no request pays for it. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummyHash;
}

/** The user these credentials belong to, or null; always one bcrypt comparison, whoever asks. */
export async function checkSignIn(models: Pick<Models, 'User'>, rawEmail: unknown, password: string): Promise<SignedInUser | null> {
  const user = await models.User.findOne({ email: normaliseSignInEmail(rawEmail) }).lean<SignedInUser>();
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  return user && matches && !user.disabled ? user : null;
}
