import "server-only";
import crypto from "node:crypto";
import { config } from "@/lib/config/env";
import { derivedKey } from "@/lib/crypto/secrets";

/**
 * The tracking redirect's token: which broadcast, which recipient and which button or link,
 * signed so nobody can forge clicks or make the redirect open an address of their choosing
 * (the address itself is read from the broadcast, never from the token). 16 + 16 + 2 bytes and
 * a 96-bit HMAC-SHA256 tag under a key derived from APP_SECRET: 62 characters of base64url.
 */
export interface ClickRef {
  broadcastId: string;
  contactId: string;
  target: number;
}

const tagBytes = 12;
const bodyBytes = 34;

function tag(body: Buffer): Buffer {
  return crypto
    .createHmac("sha256", derivedKey("broadcast-clicks"))
    .update(body)
    .digest()
    .subarray(0, tagBytes);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (b: Buffer) =>
  b.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

export function signClick(ref: ClickRef): string {
  const body = Buffer.alloc(bodyBytes);
  uuidBytes(ref.broadcastId).copy(body, 0);
  uuidBytes(ref.contactId).copy(body, 16);
  body.writeUInt16BE(ref.target, 32);
  return Buffer.concat([body, tag(body)]).toString("base64url");
}

/** The reference in a token, or null when it is malformed or its tag does not match. */
export function verifyClick(token: string): ClickRef | null {
  if (!/^[A-Za-z0-9_-]{62}$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.length !== bodyBytes + tagBytes) return null;
  const body = raw.subarray(0, bodyBytes);
  if (!crypto.timingSafeEqual(raw.subarray(bodyBytes), tag(body))) return null;
  return {
    broadcastId: uuidOf(body.subarray(0, 16)),
    contactId: uuidOf(body.subarray(16, 32)),
    target: body.readUInt16BE(32),
  };
}

/** The address a recipient's button or link points at: the redirect that counts the tap. */
export function clickUrl(ref: ClickRef): string {
  return `${config().APP_URL}/r/b/${signClick(ref)}`;
}
