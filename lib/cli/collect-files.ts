import fs from "node:fs";
import path from "node:path";

// Turns command-line paths into the files of one upload: files as given, directories walked
// (hidden entries skipped), .zip archives passed whole (the import expands them). Upload names keep
// a directory's layout so formats that read sibling files (sub-agent logs, continuations) find them.

export type TLocalInput = { path: string; name: string };
export type TCollectError = { file: string; record: null; message: string };

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export function collectFiles(args: string[]): { files: TLocalInput[]; errors: TCollectError[] } {
  const files: TLocalInput[] = [];
  const errors: TCollectError[] = [];
  const taken = new Set<string>();
  const add = (file: string, name: string) => {
    // Two inputs with the same upload name would replace each other; the later one moves aside.
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${n}/${name}`;
    taken.add(unique);
    files.push({ path: file, name: unique });
  };
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push({ file: arg, record: null, message: code === "ENOENT" ? "No such file or directory." : `Cannot read: ${(e as Error).message}` });
      continue;
    }
    if (stat.isDirectory()) {
      const base = path.basename(path.resolve(arg));
      const found = walk(arg);
      if (!found.length) errors.push({ file: arg, record: null, message: "The directory holds no files." });
      for (const f of found) add(f, `${base}/${path.relative(arg, f).split(path.sep).join("/")}`);
    } else if (stat.isFile()) {
      add(arg, path.basename(arg));
    } else {
      errors.push({ file: arg, record: null, message: "Not a file or directory." });
    }
  }
  return { files, errors };
}
