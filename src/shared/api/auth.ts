import { z } from 'zod';
import { storableString } from '../schemas/common';
import { UserRoleSchema } from './users';

/**
 * Sign-in of the pool's web app: email + password, a session cookie. Bearer tokens stay for API
 * clients; these bodies are what the sign-in, set-up and invite pages send.
 */
export const PASSWORD_MIN_LENGTH = 10;
/** scrypt reads all of it: a cap keeps one request from costing more than any other. */
export const PASSWORD_MAX_LENGTH = 256;

export const EmailSchema = storableString()
  .trim()
  .toLowerCase()
  .max(254, 'an email address has at most 254 characters')
  .pipe(z.email('not an email address'));

export const PasswordSchema = storableString()
  .min(PASSWORD_MIN_LENGTH, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `a password has at most ${PASSWORD_MAX_LENGTH} characters`);

const UserNameSchema = storableString().trim().min(1, 'a name is required').max(100);
/** One-time link tokens (set-up, invite): 256 random bits in base64url behind a prefix. */
const LinkTokenSchema = storableString().min(1, 'a token is required').max(200);

export const LoginBodySchema = z
  .object({
    email: EmailSchema,
    // Not PasswordSchema: a login never explains password rules, it only says "wrong".
    password: storableString().min(1, 'a password is required').max(PASSWORD_MAX_LENGTH),
  })
  .strict();
export type LoginBody = z.input<typeof LoginBodySchema>;

export const SetupBodySchema = z
  .object({
    token: LinkTokenSchema,
    name: UserNameSchema,
    email: EmailSchema,
    password: PasswordSchema,
  })
  .strict();
export type SetupBody = z.input<typeof SetupBodySchema>;

export const InviteBodySchema = z
  .object({ name: UserNameSchema, email: EmailSchema, role: UserRoleSchema })
  .strict();
export type InviteBody = z.input<typeof InviteBodySchema>;

export const AcceptInviteBodySchema = z
  .object({ token: LinkTokenSchema, password: PasswordSchema })
  .strict();
export type AcceptInviteBody = z.input<typeof AcceptInviteBodySchema>;

export const UpdateUserBodySchema = z
  .object({ role: UserRoleSchema.optional(), name: UserNameSchema.optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.name !== undefined, {
    message: 'nothing to change: give a role or a name',
  });
export type UpdateUserBody = z.input<typeof UpdateUserBodySchema>;

/** The signed-in user as the web app sees them; email is null for token-only users. */
export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  role: z.infer<typeof UserRoleSchema>;
}

export interface SessionResponse {
  user: SessionUser;
}

export interface InviteResponse {
  invite: { id: string; email: string; name: string; role: SessionUser['role']; expiresAt: number };
  /** `/app/#/invite/<token>`: shown once, only the token's hash is stored. */
  link: string;
  /** The same link on the pool's public address. */
  url: string;
}

/** An invitation not yet accepted nor expired (its link is not shown again). */
export interface OpenInvite {
  id: string;
  email: string;
  name: string;
  role: SessionUser['role'];
  createdAt: number;
  expiresAt: number;
}

export interface OpenInvitesResponse {
  invites: OpenInvite[];
}

/** Error codes the sign-in pages tell apart. */
export const AUTH_API_ERRORS = {
  invalidCredentials: 'invalid_credentials',
  tooManyAttempts: 'too_many_attempts',
  setupInvalid: 'setup_invalid',
  inviteInvalid: 'invite_invalid',
  emailTaken: 'email_taken',
  originRefused: 'origin_refused',
} as const;
