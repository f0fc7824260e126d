"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";

/** The same check as docs/webhooks.md (and lib/webhooks/signature.ts verifyWebhookSignature). */
const nodeSnippet = `import crypto from "node:crypto";

// rawBody: the request body exactly as received (a string), before JSON.parse
function verifyBotshop(secret, header, rawBody) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=")));
  const t = Number(parts.t);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false; // replayed or late
  const expected = crypto
    .createHmac("sha256", secret)
    .update(\`\${t}.\${rawBody}\`)
    .digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}`;

/** How to check the signature, under the endpoints list: what a developer needs first. */
export function VerifyHelp() {
  const t = useTranslations("webhooks.verify");
  return (
    <details className="group mt-4 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">{t("title")}</summary>
      <div className="mt-3 space-y-3 text-slate-600">
        <p>{t("headers")}</p>
        <ul className="list-inside list-disc space-y-1 font-mono text-xs">
          <li>Botshop-Signature: t=1764000000,v1=5f0c…</li>
          <li>Botshop-Event: order.paid</li>
          <li>Botshop-Delivery: 1234</li>
        </ul>
        <p>{t("how")}</p>
        <div className="relative">
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 pt-11 text-xs text-slate-100">
            <code>{nodeSnippet}</code>
          </pre>
          <CopyButton value={nodeSnippet} size="sm" className="absolute top-2 right-2" />
        </div>
        <p>{t("retries")}</p>
      </div>
    </details>
  );
}
