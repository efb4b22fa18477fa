import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/wasm database and Kafka clients stay outside the bundle (PGlite ships wasm + data files).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "kafkajs"],
  // Event streams (SSE) must not be buffered by compression.
  compress: false,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
