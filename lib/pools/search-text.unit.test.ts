import { expect, test } from "vitest";
import { normalizeForSearch, prefixTsQuery, searchWordsOf } from "./search-text";

test("splits file names, paths and identifiers into words", () => {
  expect(normalizeForSearch("Open ./data/Sales_2024.csv: Permission-denied")).toBe("open data sales 2024 csv permission denied");
});

test("builds a prefix query from letters and digits only", () => {
  expect(prefixTsQuery("sales perm")).toBe("sales:* & perm:*");
  expect(prefixTsQuery("'; DROP TABLE x; --")).toBe("drop:* & table:* & x:*");
  expect(prefixTsQuery("  ...  ")).toBeUndefined();
});

test("stores each word once, in first-seen order", () => {
  expect(searchWordsOf("Read sales.csv\nbash cat sales.csv | grep Sales_2024")).toBe("read sales csv bash cat grep 2024");
  expect(searchWordsOf(" ... ")).toBe("");
});
