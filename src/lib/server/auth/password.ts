/**
 * Password hashing with argon2id (@node-rs/argon2, OWASP's minimum: 19 MiB, 2 passes, 1 lane) and the
 * password rules. Hashes are PHC strings, so parameters can be raised later and old hashes still verify.
 */
import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../password-rules';

/** Algorithm.Argon2id — the package's enum is `const`, which isolated-module builds cannot inline. */
const ARGON2ID = 2;
const OPTIONS = {
	algorithm: ARGON2ID,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

export { PASSWORD_MAX, PASSWORD_MIN };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false; // malformed hash: never a match
	}
}

let dummy: Promise<string> | null = null;
/** Verify against a fixed hash so an unknown username costs the same time as a wrong password. */
export async function verifyDummy(password: string): Promise<false> {
	dummy ??= hashPassword('dummy-password-for-timing');
	await verifyPassword(await dummy, password);
	return false;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'sameAsUsername';

/** The rule every new password passes (CLI, admin screen, account page). */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
	if ([...password].length < PASSWORD_MIN) return 'tooShort';
	if (password.length > PASSWORD_MAX) return 'tooLong';
	if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) return 'sameAsUsername';
	return null;
}
