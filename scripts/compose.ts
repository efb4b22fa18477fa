/** Prints docker-compose.yml from the local cluster's configuration: `npx tsx scripts/compose.ts > docker-compose.yml`. */
import { format } from "prettier";
import { dockerCompose } from "./lib/compose.ts";

process.stdout.write(await format(dockerCompose(), { parser: "yaml" }));
