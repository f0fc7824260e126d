import { Readable } from "node:stream";
import { clientIp } from "@/lib/api/client-ip";
import { consumeRateLimit, rateLimitRules } from "@/lib/auth/rate-limit";
import { getDb } from "@/lib/db";
import { consumeDownload } from "@/lib/delivery/download";
import { contentDisposition } from "@/lib/files/content-disposition";
import { MAX_STAMP_BYTES, stampPdf } from "@/lib/files/stamp";
import { storageFor } from "@/lib/files/storage";
import { recordJournal } from "@/lib/journal/record";
import { logger } from "@/lib/log";

/**
 * The Download button of /d/{token}: counts one download (atomically; a second click of a
 * one-time link gets "already used") and sends the file. A refusal goes back to the page, which
 * says why. A PDF set to be stamped is stamped with the buyer and the order on every page.
 */
export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const db = await getDb();
  const ip = clientIp(req);
  const back = (why: string) =>
    new Response(null, {
      status: 303,
      headers: { location: `/d/${encodeURIComponent(token)}?refused=${why}` },
    });
  if ((await consumeRateLimit(db, `download:ip:${ip}`, rateLimitRules.download)) > 0)
    return back("limited");

  const used = await consumeDownload(db, token, {
    ip,
    userAgent: req.headers.get("user-agent"),
  });
  if (!used.ok) return back(used.why);
  const { file, delivery } = used;
  const storage = await storageFor(file.storage);
  const common = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-disposition": contentDisposition(file.name),
  };

  const stamp = delivery.data.stampPdf === true && file.contentType === "application/pdf";
  if (stamp && file.size <= MAX_STAMP_BYTES) {
    const opened = await storage.open(file);
    const bytes = new Uint8Array(await streamToBuffer(opened.stream));
    const result = await stampPdf(bytes, {
      buyer: used.buyer,
      order: delivery.orderId.slice(0, 8),
    });
    if (!result.stamped)
      await recordJournal(db, {
        workspaceId: delivery.workspaceId,
        actor: { type: "system" },
        kind: "delivery.stamp_skipped",
        orderId: delivery.orderId,
        subjectId: delivery.id,
        data: { reason: result.reason, file: file.name },
      });
    return new Response(Buffer.from(result.bytes), {
      headers: {
        ...common,
        "content-type": "application/pdf",
        "content-length": String(result.bytes.byteLength),
      },
    });
  }

  // S3: the bucket sends the bytes, through a URL valid for a few minutes.
  if (storage.presignedUrl) {
    const url = await storage.presignedUrl(file, 300, file.name);
    return new Response(null, {
      status: 303,
      headers: { location: url, "cache-control": "no-store" },
    });
  }
  const opened = await storage.open(file);
  opened.stream.on("error", (err) =>
    logger.error({ err, deliveryId: delivery.id }, "download stream failed"),
  );
  return new Response(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, {
    headers: {
      ...common,
      "content-type": file.contentType || "application/octet-stream",
      "content-length": String(opened.size),
    },
  });
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
