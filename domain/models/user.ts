import { Schema, type Connection as MongooseConnection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../auth/roles';

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    disabled: { type: Boolean, default: false },
    lastLoginAt: Date,
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ email: 1 }, { unique: true });

export type UserDoc = InferSchemaType<typeof userSchema>;
export type UserModel = Model<UserDoc>;

export function defineUserModel(db: MongooseConnection): UserModel {
  return db.model<UserDoc>('User', userSchema);
}
