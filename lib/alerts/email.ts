import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { config } from "@/lib/config/env";

/**
 * Alert emails: the outbox's "email" rows (lib/jobs/sender.ts), sent through SMTP_URL with
 * nodemailer. A refusal the server says is final (5xx) fails the row; anything else (a network
 * error, 4xx "try again later") is retried with the sender's backoff.
 */
export const emailPayloadSchema = z.object({
  to: z.string().min(3),
  subject: z.string(),
  text: z.string(),
});

export type EmailPayload = z.infer<typeof emailPayloadSchema>;

export type EmailOutcome =
  { ok: true; messageId: string } | { ok: false; final: boolean; error: string };

const g = globalThis as unknown as { __botshopSmtp?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (g.__botshopSmtp?.url !== url) {
    g.__botshopSmtp?.transport.close();
    g.__botshopSmtp = {
      url,
      transport: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return g.__botshopSmtp.transport;
}

/** The From: ALERTS_EMAIL_FROM, or "Botshop <alerts@host of APP_URL>". */
function alertsFrom(): string {
  const c = config();
  return c.ALERTS_EMAIL_FROM ?? `Botshop <alerts@${new URL(c.APP_URL).hostname}>`;
}

export async function sendEmail(payload: EmailPayload): Promise<EmailOutcome> {
  const url = config().SMTP_URL;
  if (!url) return { ok: false, final: true, error: "SMTP is not configured (SMTP_URL)" };
  try {
    const info = await transport(url).sendMail({
      from: alertsFrom(),
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
    });
    return { ok: true, messageId: String(info.messageId) };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    const error = (err as Error).message;
    return { ok: false, final: typeof code === "number" && code >= 500, error };
  }
}
