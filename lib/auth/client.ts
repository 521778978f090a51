import { createAuthClient } from "better-auth/react";

// Browser-side better-auth client; talks to /api/auth on the current origin.
export const authClient = createAuthClient();
