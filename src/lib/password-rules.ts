/**
 * The length rule of every new password, client-safe: the server enforces it (server/auth/password.ts) and the
 * forms that set a password state it (NewPasswordField's minlength), so the two cannot drift apart.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
