// Prisma 6.19 CLI config for offline migration SQL: the wasm ("js") schema engine on in-memory
// PGlite (never a file-backed one: the CLI does not close it). Used only by new-migration.ts;
// the schema it reads is a derived copy of prisma/schema.prisma.
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

type Adapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;

function newDb(): PGlite {
  return new PGlite("memory://", { extensions: { pg_trgm } });
}

/**
 * The wasm engine applies each migration script to the shadow database as one raw statement,
 * which PGlite's extended protocol refuses ("cannot insert multiple commands into a prepared
 * statement"). Parameterless raw statements go through `exec` (simple protocol) instead.
 */
function withScripts(db: PGlite, adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0) {
      await db.exec(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

class ScriptFriendlyPGlite extends PrismaPGlite {
  constructor(private readonly db: PGlite) {
    super(db);
  }
  override async connect(): Promise<Adapter> {
    return withScripts(this.db, await super.connect());
  }
  override async connectToShadowDb(): Promise<Adapter> {
    const shadow = newDb();
    return withScripts(shadow, await new PrismaPGlite(shadow).connect());
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: ".work/schema.prisma",
  adapter: async () => new ScriptFriendlyPGlite(newDb()),
});
