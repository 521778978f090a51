import fs from "node:fs";

// One list for Next's responses and the web server's pull fast path (lib/http/pull-fast-path.ts).
const securityHeaders = JSON.parse(fs.readFileSync(new URL("./lib/http/security-headers.json", import.meta.url), "utf8"));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with WebAssembly or native-style loading stay external to the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg-boss", "@prisma/schema-engine-wasm", "pg"],
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: securityHeaders,
      },
    ];
  },
};

export default nextConfig;
