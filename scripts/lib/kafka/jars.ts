// Java and Kafka's jars from Maven Central (scripts/kafka/pom.xml), cached per version.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scriptEnv } from "../../config/env.ts";
import { JARS_DIR, JARS_MARKER, KAFKA_VERSION, POM, log } from "./common.ts";

/** The java binary to use: $JAVA_HOME/bin/java if set, else `java` from PATH. */
export function javaBinary(): string {
  const home = scriptEnv().JAVA_HOME;
  if (home) {
    const candidate = path.join(home, "bin", process.platform === "win32" ? "java.exe" : "java");
    if (existsSync(candidate)) return candidate;
  }
  return "java";
}

/** Checks that Java 17+ is installed and returns the binary; throws a readable error otherwise. */
export function checkJava(): string {
  const java = javaBinary();
  const result = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (result.error) {
    throw new Error(
      `Java not found (${java}: ${result.error.message}). Kafka ${KAFKA_VERSION} needs Java 17+: ` +
        "install a JDK/JRE (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME.",
    );
  }
  // `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15` or `"1.8.0_392"`.
  const output = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) throw new Error(`Could not parse the output of \`${java} -version\`:\n${output}`);
  const major = match[1] === "1" ? Number(match[2]) : Number(match[1]);
  if (major < 17) {
    throw new Error(`Kafka ${KAFKA_VERSION} needs Java 17+, but \`${java} -version\` reports Java ${major}.`);
  }
  return java;
}

export interface JarsMarker {
  pomSha256: string;
  jars: string[];
}

export function pomHash(): string {
  return createHash("sha256").update(readFileSync(POM)).digest("hex");
}

export function jarsComplete(dir: string, pomSha256: string): boolean {
  const markerFile = path.join(dir, JARS_MARKER);
  if (!existsSync(markerFile)) return false;
  try {
    const marker = JSON.parse(readFileSync(markerFile, "utf8")) as JarsMarker;
    return (
      marker.pomSha256 === pomSha256 &&
      marker.jars.length > 0 &&
      marker.jars.every((jar) => existsSync(path.join(dir, jar)))
    );
  } catch {
    return false;
  }
}

/**
 * Resolves Kafka's runtime classpath with Maven into `<repo>/.cache/kafka/<version>/libs` (once;
 * again only if scripts/kafka/pom.xml changes). Returns the libs directory.
 */
export async function ensureKafkaJars(): Promise<string> {
  const hash = pomHash();
  if (jarsComplete(JARS_DIR, hash)) return JARS_DIR;

  const mvn = spawnSync("mvn", ["-v"], { encoding: "utf8" });
  if (mvn.error) {
    throw new Error(
      `Maven (mvn) not found: ${mvn.error.message}. It is needed once to download Kafka's jars.`,
    );
  }

  // Resolve into a private temp dir and rename it into place, so concurrent callers (parallel test
  // workers) never see a half-filled libs dir.
  const parent = path.dirname(JARS_DIR);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `libs.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const started = Date.now();
  log(
    `resolving Kafka ${KAFKA_VERSION} jars with Maven into ${path.relative(process.cwd(), JARS_DIR) || JARS_DIR} (first run only)…`,
  );
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      "mvn",
      ["-B", "-f", POM, "dependency:copy-dependencies", `-DoutputDirectory=${tmp}`, "-DincludeScope=runtime"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    // Maven's output is long; show it only on failure, and a heartbeat meanwhile (a cold
    // ~/.m2 downloads ~45 MB).
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const heartbeat = setInterval(() => {
      const downloads = output.match(/^(?:\[INFO\] )?Downloaded from /gm)?.length ?? 0;
      log(`still resolving… (${downloads} files downloaded, ${Math.round((Date.now() - started) / 1000)} s)`);
    }, 5000);
    child.on("error", (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearInterval(heartbeat);
      if (exitCode !== 0) process.stderr.write(output);
      resolve(exitCode ?? 1);
    });
  });
  if (code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `Maven failed (exit ${code}) resolving Kafka ${KAFKA_VERSION} from ${POM}; see its output above.`,
    );
  }
  const jars = readdirSync(tmp)
    .filter((name) => name.endsWith(".jar"))
    .sort();
  if (!jars.some((jar) => jar.startsWith("kafka_2.13-"))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Maven finished but ${tmp} holds no kafka_2.13 jar.`);
  }
  const marker: JarsMarker = { pomSha256: hash, jars };
  writeFileSync(path.join(tmp, JARS_MARKER), `${JSON.stringify(marker, null, 2)}\n`);

  if (jarsComplete(JARS_DIR, hash)) {
    // Another process won the race.
    rmSync(tmp, { recursive: true, force: true });
  } else {
    rmSync(JARS_DIR, { recursive: true, force: true });
    try {
      renameSync(tmp, JARS_DIR);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      if (!jarsComplete(JARS_DIR, hash)) throw error;
    }
  }
  log(`resolved ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return JARS_DIR;
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------
