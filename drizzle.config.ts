/**
 * drizzle-kit: `npm run db:generate` writes a migration for src/lib/server/appdb/schema.ts into drizzle/.
 * The app applies them itself at start-up (src/lib/server/appdb/migrate.ts), on PGlite and PostgreSQL alike.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/appdb/schema.ts',
	out: './drizzle',
	schemaFilter: ['app'],
	migrations: { schema: 'app', table: '__drizzle_migrations' }
});
