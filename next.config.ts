import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Native/wasm database and Kafka clients stay outside the bundle (PGlite ships wasm + data files).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "kafkajs",
  ],
  // Event streams (SSE) must not be buffered by compression.
  compress: false,
  poweredByHeader: false,
  typedRoutes: false,
  // Pages also get a per-request Content-Security-Policy from proxy.ts.
  headers: async () => [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }],
};

export default nextConfig;
