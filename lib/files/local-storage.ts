import "server-only";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import {
  assertStorageKey,
  checkRange,
  MeteredStream,
  newStorageKey,
  toNodeStream,
  type Storage,
} from "./storage";

/**
 * Files under `<dataDir>/files/<workspaceId>/<uuid>`. An upload is written to `<uuid>.part`
 * and renamed when complete, so a reader never sees half a file and a failed upload leaves
 * only a .part that is removed on the spot.
 */
export function localStorage(dataDir: string): Storage {
  const root = path.join(dataDir, "files");
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return path.join(root, ...key.split("/"));
  };

  return {
    kind: "local",

    async put(body, opts) {
      const storageKey = newStorageKey(opts.workspaceId);
      const final = pathOf(storageKey);
      const partial = `${final}.part`;
      await fsp.mkdir(path.dirname(final), { recursive: true });
      const meter = new MeteredStream(opts.maxBytes);
      try {
        await pipeline(
          toNodeStream(body),
          meter,
          fs.createWriteStream(partial, { flags: "wx", mode: 0o600 }),
        );
        await fsp.rename(partial, final);
      } catch (err) {
        await fsp.rm(partial, { force: true });
        throw err;
      }
      return { storage: "local", storageKey, size: meter.bytes, sha256: meter.digest() };
    },

    async open(file, range) {
      checkRange(file, range);
      const full = pathOf(file.storageKey);
      // Open first so a missing file fails here, not later inside the consumer's pipeline.
      const handle = await fsp.open(full, "r");
      const stream = handle.createReadStream(range ?? {});
      return { stream, size: range ? range.end - range.start + 1 : file.size };
    },

    async remove(file) {
      await fsp.rm(pathOf(file.storageKey), { force: true });
    },
  };
}
