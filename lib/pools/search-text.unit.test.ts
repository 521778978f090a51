import { expect, test } from "vitest";
import { normalizeForSearch, prefixTsQuery } from "./search-text";

test("splits file names, paths and identifiers into words", () => {
  expect(normalizeForSearch("Open ./data/Sales_2024.csv: Permission-denied")).toBe("open data sales 2024 csv permission denied");
});

test("builds a prefix query from letters and digits only", () => {
  expect(prefixTsQuery("sales perm")).toBe("sales:* & perm:*");
  expect(prefixTsQuery("'; DROP TABLE x; --")).toBe("drop:* & table:* & x:*");
  expect(prefixTsQuery("  ...  ")).toBeUndefined();
});
