import "server-only";
import crypto from "node:crypto";
import { config } from "@/lib/config/env";

/**
 * Secrets at rest (bot tokens, provider keys, webhook secrets): AES-256-GCM under a key derived
 * from APP_SECRET with HKDF. The stored form is `v1.<iv>.<tag>.<ciphertext>` in base64url, so
 * a future key rotation can add `v2` without guessing.
 */
const VERSION = "v1";

function key(purpose: string): Buffer {
  const ikm = Buffer.from(config().APP_SECRET, "utf8");
  return Buffer.from(crypto.hkdfSync("sha256", ikm, Buffer.alloc(0), `botshop:${purpose}`, 32));
}

export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key("secrets"), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ct]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, ct] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ct === undefined) {
    throw new Error("decryptSecret: unrecognised ciphertext format");
  }
  const decipher = crypto.createDecipheriv(
    "aes-256-gcm",
    key("secrets"),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString(
    "utf8",
  );
}

/** Key for signing things we hand out (next-auth session JWTs, invite links). */
export function derivedKey(purpose: string): string {
  return key(purpose).toString("base64url");
}

/** SHA-256 hex of a high-entropy token; such tokens are stored only in this form. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** A URL-safe random token with `bytes` bytes of entropy (default 256 bits). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time constant.
  if (ab.length !== bb.length) {
    crypto.timingSafeEqual(ab, ab);
    return false;
  }
  return crypto.timingSafeEqual(ab, bb);
}
