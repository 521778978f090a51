import { z } from "zod";
import { route } from "@/lib/http/route";
import { readBinaryFile } from "@/lib/registry/skills-store";
import { ZVersionParams } from "../../../schema";

// One binary file of a version (an image, a font, a template workbook) as a download. A skill's
// files are untrusted content: they go out as opaque bytes, as an attachment, with nosniff, so no
// browser ever renders one (an SVG or HTML file could run script in the studio's origin).
export const GET = route({
  access: "viewer",
  params: ZVersionParams,
  query: z.object({ path: z.string().min(1).max(255) }),
  handler: async ({ access, params, query }) => {
    const file = await readBinaryFile(access!.workspace.id, params.name, params.version, query.path);
    const base = query.path.split("/").pop()!;
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(file.bytes.byteLength),
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(base)}`,
        "x-content-type-options": "nosniff",
        // Versions are immutable: the same number always serves the same bytes; a tag may move.
        "cache-control": file.version === params.version ? "private, max-age=31536000, immutable" : "private, no-cache",
        etag: `"${file.sha256}"`,
      },
    });
  },
});
