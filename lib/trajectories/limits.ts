// Shared by the server (API, first page rendered into the HTML) and the browser viewer; no imports,
// so client code can use it without pulling in the database layer.

/** The viewer's page size. */
export const VIEWER_PAGE_SIZE = 200;
export const MAX_PAGE_STEPS = 500;
