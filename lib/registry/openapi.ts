// The pull API as OpenAPI 3.1, written by hand so it reads as documentation. The coverage test
// (openapi.test.ts) fails when a route file under app/api/registry has no path here.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = {
  "401": { description: "Private workspace and no (or an invalid, revoked, expired) API key.", content: { "application/json": { schema: ref("Error") } } },
  "403": { description: "The API key belongs to another workspace.", content: { "application/json": { schema: ref("Error") } } },
  "404": { description: "No such workspace, skill, version or tag.", content: { "application/json": { schema: ref("Error") } } },
};
const cached = {
  "304": { description: "Not modified: the If-None-Match ETag is current." },
};
const headers = {
  ETag: { description: "Validator; send it back as If-None-Match.", schema: { type: "string" } },
  "Cache-Control": { description: "Immutable for a version-addressed archive; short max-age for the rest. `private` for private workspaces.", schema: { type: "string" } },
};
const deprecationHeaders = {
  Warning: { description: 'Present on a deprecated version: `299 - "Deprecated: <message>"`.', schema: { type: "string" } },
  "X-Deprecated": { description: "Present on a deprecated version: the URL-encoded deprecation message.", schema: { type: "string" } },
};
const wsParam = { name: "ws", in: "path", required: true, description: "Workspace slug.", schema: { type: "string" } };
const nameParam = { name: "name", in: "path", required: true, description: "Skill name.", schema: { type: "string" } };
const refParam = { name: "ref", in: "path", required: true, description: "A version number (1.2.0) or a dist-tag (latest, stable, production).", schema: { type: "string" } };
const ifNoneMatch = { name: "If-None-Match", in: "header", required: false, schema: { type: "string" } };

export const REGISTRY_OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "Trace2Skill registry pull API",
    version: "1.0.0",
    description: "Read published, immutable Agent Skills versions. Public workspaces are readable anonymously; private ones need an API key of the workspace (any role) as `Authorization: Bearer <key>`.",
  },
  servers: [{ url: "/" }],
  security: [{}, { bearer: [] }],
  paths: {
    "/api/registry/openapi.json": {
      get: { operationId: "getOpenApi", summary: "This document.", security: [{}], responses: { "200": { description: "OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } } },
    },
    "/api/registry/{ws}/skills": {
      get: {
        operationId: "listSkills",
        summary: "Published skills of a workspace.",
        parameters: [wsParam, ifNoneMatch],
        responses: { "200": { description: "The skills.", headers, content: { "application/json": { schema: { type: "object", required: ["skills"], properties: { skills: { type: "array", items: ref("SkillSummary") } } } } } }, ...cached, ...errors },
      },
    },
    "/api/registry/{ws}/skills/{name}": {
      get: {
        operationId: "getSkill",
        summary: "A skill: its versions (newest first) and dist-tags.",
        parameters: [wsParam, nameParam, ifNoneMatch],
        responses: { "200": { description: "The skill.", headers, content: { "application/json": { schema: ref("Skill") } } }, ...cached, ...errors },
      },
    },
    "/api/registry/{ws}/skills/{name}/{ref}": {
      get: {
        operationId: "getManifest",
        summary: "The manifest of a version, addressed by number or tag.",
        parameters: [wsParam, nameParam, refParam, ifNoneMatch],
        responses: { "200": { description: "The manifest.", headers: { ...headers, ...deprecationHeaders }, content: { "application/json": { schema: ref("Manifest") } } }, ...cached, ...errors },
      },
    },
    "/api/registry/{ws}/skills/{name}/{ref}/archive.zip": {
      get: {
        operationId: "getArchive",
        summary: "The version's files as a zip of the folder `<name>/…` (deterministic bytes; ETag is the content hash).",
        parameters: [wsParam, nameParam, refParam, ifNoneMatch],
        responses: { "200": { description: "The archive.", headers: { ...headers, ...deprecationHeaders }, content: { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } } }, ...cached, ...errors },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A workspace API key (t2s_…)." } },
    schemas: {
      Error: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } } },
      SkillSummary: {
        type: "object",
        required: ["name", "description", "latest", "tags", "downloads", "updatedAt"],
        properties: { name: { type: "string" }, description: { type: "string" }, latest: { type: ["string", "null"] }, tags: { type: "object", additionalProperties: { type: "string" } }, downloads: { type: "integer" }, updatedAt: { type: "string", format: "date-time" } },
      },
      Skill: {
        type: "object",
        required: ["name", "description", "tags", "versions"],
        properties: {
          name: { type: "string" },
          description: { type: "string" },
          tags: { type: "object", additionalProperties: { type: "string" } },
          versions: { type: "array", items: { type: "object", required: ["version", "contentHash", "publishedAt", "deprecated", "downloads"], properties: { version: { type: "string" }, contentHash: { type: "string" }, publishedAt: { type: "string", format: "date-time" }, deprecated: { type: ["string", "null"] }, downloads: { type: "integer" } } } },
        },
      },
      Manifest: {
        type: "object",
        required: ["name", "version", "description", "files", "contentHash", "publishedAt", "deprecated", "tags", "changelog", "provenance"],
        properties: {
          name: { type: "string" },
          version: { type: "string" },
          description: { type: "string" },
          files: { type: "array", items: { type: "object", required: ["path", "sha256", "size"], properties: { path: { type: "string" }, sha256: { type: "string", description: "sha256 of the file's bytes" }, size: { type: "integer" }, binary: { type: "boolean", description: "present and true for a binary file (an image, a font…): not UTF-8 text" } } } },
          contentHash: { type: "string", description: "sha256 over the sorted lines `<path>\\t<sha256 of the file's bytes>\\n`, text and binary files alike, as hashSkillContent computes it." },
          publishedAt: { type: "string", format: "date-time" },
          deprecated: { type: ["string", "null"], description: "The deprecation message, or null." },
          tags: { type: "array", items: { type: "string" }, description: "Dist-tags pointing at this version." },
          changelog: { type: "string" },
          provenance: {
            type: "object",
            properties: {
              origin: { type: ["string", "null"] },
              basedOn: { type: ["string", "null"] },
              runId: { type: ["string", "null"] },
              pool: { type: ["object", "null"], properties: { name: { type: "string" }, contentHash: { type: ["string", "null"] } } },
              items: { type: "object", additionalProperties: { type: "integer" }, description: "Proposal items by decision." },
              linesWithProvenance: { type: "object", additionalProperties: { type: "integer" }, description: "Per file, lines written by proposal items." },
            },
          },
        },
      },
    },
  },
} as const;
