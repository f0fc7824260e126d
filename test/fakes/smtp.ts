import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A fake SMTP server (RFC 5321) speaking just enough for nodemailer: the 220 greeting, EHLO/HELO,
 * AUTH PLAIN and LOGIN, MAIL FROM, RCPT TO, DATA (dot-terminated, dot-unstuffed), RSET, NOOP and
 * QUIT. No STARTTLS is offered, so clients stay in plain text. It keeps every accepted message,
 * and can refuse the next ones with a given reply (a 4xx "try later" or a 5xx "never").
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent: headers, a blank line, the body. */
  data: string;
  /** The user of AUTH, when the client authenticated. */
  user: string | null;
  password: string | null;
}

export interface FakeSmtp {
  port: number;
  /** smtp://user:pass@127.0.0.1:port for SMTP_URL. */
  url(user?: string, password?: string): string;
  received: ReceivedMail[];
  /** The next `times` messages are refused at DATA's end with this reply, e.g. "451 4.3.0 Busy". */
  refuseNext(reply: string, times?: number): void;
  /** A message's header (first match, case-insensitive), unfolded, encoded words decoded. */
  header(mail: ReceivedMail, name: string): string | undefined;
  /** A message's body: everything after the headers, with quoted-printable soft breaks undone. */
  body(mail: ReceivedMail): string;
  close(): Promise<void>;
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  let refusals: { reply: string; times: number } | null = null;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = "";
    let mode: "command" | "data" | "auth-user" | "auth-pass" = "command";
    let from = "";
    let to: string[] = [];
    let data: string[] = [];
    let user: string | null = null;
    let password: string | null = null;

    const handleLine = (line: string) => {
      if (mode === "data") {
        if (line !== ".") {
          data.push(line.startsWith("..") ? line.slice(1) : line);
          return;
        }
        mode = "command";
        if (refusals && refusals.times > 0) {
          refusals.times -= 1;
          reply(refusals.reply);
        } else {
          received.push({ from, to, data: data.join("\r\n"), user, password });
          reply(`250 2.0.0 Ok: queued as fake${received.length}`);
        }
        from = "";
        to = [];
        data = [];
        return;
      }
      if (mode === "auth-user") {
        user = Buffer.from(line, "base64").toString("utf8");
        mode = "auth-pass";
        reply(`334 ${Buffer.from("Password:").toString("base64")}`);
        return;
      }
      if (mode === "auth-pass") {
        password = Buffer.from(line, "base64").toString("utf8");
        mode = "command";
        reply("235 2.7.0 Authentication successful");
        return;
      }
      const [verb = "", ...rest] = line.split(" ");
      const arg = rest.join(" ");
      switch (verb.toUpperCase()) {
        case "EHLO":
          socket.write(
            "250-fake-smtp Hello\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN LOGIN\r\n",
          );
          return;
        case "HELO":
          reply("250 fake-smtp");
          return;
        case "AUTH": {
          const [mechanism = "", initial] = arg.split(" ");
          if (mechanism.toUpperCase() === "PLAIN" && initial) {
            const [, u = "", p = ""] = Buffer.from(initial, "base64").toString("utf8").split("\0");
            user = u;
            password = p;
            reply("235 2.7.0 Authentication successful");
          } else if (mechanism.toUpperCase() === "LOGIN") {
            mode = "auth-user";
            reply(`334 ${Buffer.from("Username:").toString("base64")}`);
          } else reply("504 5.5.4 Unrecognized authentication type");
          return;
        }
        case "MAIL":
          from = /<([^>]*)>/.exec(arg)?.[1] ?? "";
          reply("250 2.1.0 Ok");
          return;
        case "RCPT":
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? "");
          reply("250 2.1.5 Ok");
          return;
        case "DATA":
          if (!from || !to.length) {
            reply("503 5.5.1 Error: need MAIL and RCPT first");
            return;
          }
          mode = "data";
          reply("354 End data with <CR><LF>.<CR><LF>");
          return;
        case "RSET":
          from = "";
          to = [];
          data = [];
          reply("250 2.0.0 Ok");
          return;
        case "NOOP":
          reply("250 2.0.0 Ok");
          return;
        case "QUIT":
          reply("221 2.0.0 Bye");
          socket.end();
          return;
        default:
          reply("502 5.5.2 Error: command not recognized");
      }
    };

    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let at: number;
      while ((at = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        handleLine(line);
      }
    });
    reply("220 fake-smtp ESMTP ready");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const headerBlock = (mail: ReceivedMail) => mail.data.split("\r\n\r\n")[0] ?? "";
  return {
    port,
    url: (user = "alerts", password = "secret") =>
      `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    received,
    refuseNext: (reply, times = 1) => {
      refusals = { reply, times };
    },
    header: (mail, name) => {
      const unfolded = headerBlock(mail).replace(/\r\n[ \t]+/g, " ");
      const line = unfolded
        .split("\r\n")
        .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return line === undefined ? undefined : decodeWords(line.slice(name.length + 1).trim());
    },
    body: (mail) => {
      const raw = mail.data.split("\r\n\r\n").slice(1).join("\r\n\r\n");
      const qp = /content-transfer-encoding:\s*quoted-printable/i.test(headerBlock(mail));
      if (!qp) return raw;
      const bytes = raw
        .replace(/=\r\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as nodemailer writes non-ASCII. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, charset: string, enc: string, text: string) => {
        const bytes =
          enc.toUpperCase() === "B"
            ? Buffer.from(text, "base64")
            : Buffer.from(
                text
                  .replace(/_/g, " ")
                  .replace(/=([0-9A-F]{2})/gi, (_m, h: string) =>
                    String.fromCharCode(parseInt(h, 16)),
                  ),
                "latin1",
              );
        return new TextDecoder(charset).decode(bytes);
      },
    );
}
