// Run after every `npm install` that changes dependencies (`npm run lock:prune`).
//
// The registry this project installs from does not carry every platform's optional native
// binaries (@swc/core-darwin-*, @tailwindcss/oxide-win32-*, …). `npm install` then writes lock
// entries whose optionalDependencies point at packages the lock does not contain, and `npm ci`
// refuses such a lock. Optional platform binaries that could not be resolved are dropped from
// the edges, so the lock describes exactly what installs here and `npm ci` accepts it.
import fs from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));

/** Node's lookup: the dependency in this package's node_modules, then each ancestor's. */
function resolves(location, dep) {
  const parts = location ? location.split("/node_modules/") : [];
  for (let i = parts.length; i >= 0; i--) {
    const prefix = parts.slice(0, i).join("/node_modules/");
    if (lock.packages[`${prefix ? `${prefix}/` : ""}node_modules/${dep}`]) return true;
  }
  return false;
}

const removed = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
    if (!resolves(location, dep)) {
      delete entry.optionalDependencies[dep];
      removed.push(dep);
    }
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`prune-lock: ${removed.length} unresolvable optional platform binaries removed`);
