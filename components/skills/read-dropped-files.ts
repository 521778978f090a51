// A drop can hold files or whole folders. DataTransfer.files flattens folders away, so folders are
// walked through the File and Directory Entries API to keep each file's path relative to the drop.

export type TPickedFile = { path: string; file: File };

export async function readDroppedFiles(dt: DataTransfer): Promise<TPickedFile[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...dt.files].map((file) => ({ path: file.name, file }));
  const out: TPickedFile[] = [];
  for (const entry of entries) await walkEntry(entry, out);
  return out;
}

/** Files chosen with an <input webkitdirectory> carry their path in webkitRelativePath. */
export function readPickedFiles(list: FileList | null): TPickedFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

async function walkEntry(entry: FileSystemEntry, out: TPickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ""), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call; an empty batch means the folder is done.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, out);
  }
}
