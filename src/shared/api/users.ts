import { z } from 'zod';
import { storableString } from '../schemas/common';

/** Pool users: marketing and sales staff (and admins) with their own bearer tokens. */
export const USER_ROLES = ['admin', 'marketing', 'sales'] as const;
export const UserRoleSchema = z.enum(USER_ROLES);

export const CreateUserBodySchema = z
  .object({
    name: storableString().trim().min(1, 'a name is required').max(100),
    role: UserRoleSchema,
  })
  .strict();
export type CreateUserBody = z.input<typeof CreateUserBodySchema>;

export interface CreateUserResponse {
  id: string;
  name: string;
  role: z.infer<typeof UserRoleSchema>;
  /** `lpu_…`: returned once, only its hash is stored. */
  token: string;
}

export interface UserSummary {
  id: string;
  name: string;
  role: z.infer<typeof UserRoleSchema>;
  /** Null for token-only users (the bootstrap admin, API clients). */
  email: string | null;
  createdAt: number;
  lastSignInAt: number | null;
  revokedAt: number | null;
}

export interface UserListResponse {
  users: UserSummary[];
}
