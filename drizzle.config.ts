// drizzle-kit reads this to generate SQL migrations from db/tables/*.ts into db/migrations (committed).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/tables/*.ts',
  out: './db/migrations',
});
