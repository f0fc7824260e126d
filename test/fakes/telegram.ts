import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type {
  CallbackQuery,
  Chat,
  ChatInviteLink,
  ChatMember,
  Document,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from "grammy/types";

/**
 * A fake Telegram Bot API server for tests. It speaks the real wire format: grammY's `Api`
 * pointed at `apiRoot` cannot tell it from api.telegram.org for the methods below, errors
 * included (`{ ok: false, error_code, description, parameters }` with the HTTP status equal to
 * `error_code`). See test/fakes/README.md for what it models and where it is lenient.
 */

export interface FakeBot {
  token: string;
  id: number;
  username: string;
  first_name: string;
}

/** A file part of a multipart request, keyed in `FakeCall.files` by its part name. */
export interface FakeUpload {
  field: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface FakeCall {
  token: string;
  method: string;
  /** Decoded parameters; form values that hold JSON objects or arrays are parsed, scalars stay strings. */
  params: Record<string, unknown>;
  at: number;
  /** HTTP status of the answer (200, or the error_code). */
  status: number;
  /** The JSON body that was answered. */
  response: unknown;
  files?: Record<string, FakeUpload>;
}

export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type FakeMemberStatus = ChatMember["status"];

export interface FakeWebhook {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
}

export interface FakeTelegram {
  apiRoot: string;
  calls: FakeCall[];
  callsTo(method: string, token?: string): FakeCall[];
  addBot(bot?: Partial<FakeBot>): FakeBot;
  /** Forgets a bot: its token then answers 401, as after a revoke in BotFather. */
  removeBot(token: string): void;
  failNext(method: string, failure: FakeFailure, times?: number): void;
  webhook(token: string): FakeWebhook | undefined;
  setWebhookError(token: string, message: string, date?: number): void;
  pushUpdate(
    token: string,
    update: PushableUpdate | Record<string, unknown>,
    opts?: { secret?: string | null },
  ): Promise<Response>;
  nextUpdateId(): number;
  setChatMember(chatId: number, userId: number, status: FakeMemberStatus): void;
  /** A user's status in a chat as the fake holds it (`left` when never seen). */
  memberStatus(chatId: number, userId: number): FakeMemberStatus;
  /**
   * A user opens an invite link: refused (an Error) when it is revoked, expired or used up;
   * otherwise they become a member, the link's use is counted, and the `chat_member` update
   * Telegram would send the bot is returned (push it with `pushUpdate` or the webhook route).
   */
  joinWithLink(inviteLink: string, user: UpdateUser & { id: number }): PushableUpdate;
  /** Every send or edit to this chat answers 403 like a user who blocked the bot. */
  setBlocked(chatId: number, blocked?: boolean): void;
  /** The bot's messages in a chat as they stand now (edits applied), oldest first. */
  messagesIn(chatId: number, token?: string): Message[];
  inviteLinks(chatId?: number): ChatInviteLink[];
  reset(): void;
  close(): Promise<void>;
}

/** Canned refusals with Telegram's exact wording, for `failNext`. */
export const telegramFailures = {
  blocked: { error_code: 403, description: "Forbidden: bot was blocked by the user" },
  chatNotFound: { error_code: 400, description: "Bad Request: chat not found" },
  tooManyRequests: (retryAfter: number): FakeFailure => ({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  migrated: (toChatId: number): FakeFailure => ({
    error_code: 400,
    description: "Bad Request: group chat was upgraded to a supergroup chat",
    parameters: { migrate_to_chat_id: toChatId },
  }),
} satisfies Record<string, FakeFailure | ((n: number) => FakeFailure)>;

class Refusal extends Error {
  constructor(readonly failure: FakeFailure) {
    super(failure.description);
  }
}

const badRequest = (what: string) =>
  new Refusal({ error_code: 400, description: `Bad Request: ${what}` });

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

const now = () => Math.floor(Date.now() / 1000);

const randomId = (bytes: number) => randomBytes(bytes).toString("base64url");

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Some clients send objects as JSON strings even inside JSON bodies; Telegram accepts both. */
function maybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function optString(p: Record<string, unknown>, key: string): string | undefined {
  const v = p[key];
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

function optInt(p: Record<string, unknown>, key: string): number | undefined {
  const v = p[key];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

function optBool(p: Record<string, unknown>, key: string): boolean | undefined {
  const v = p[key];
  if (v === true || v === "true" || v === 1 || v === "1") return true;
  if (v === false || v === "false" || v === 0 || v === "0") return false;
  return undefined;
}

function required(p: Record<string, unknown>, key: string): string {
  const v = optString(p, key);
  if (v === undefined || v === "") throw badRequest(`${key} is empty`);
  return v;
}

function chatIdOf(p: Record<string, unknown>): number {
  if (p.chat_id === undefined || p.chat_id === "") throw badRequest("chat_id is empty");
  const id = optInt(p, "chat_id");
  // "@channelusername" is valid on Telegram, but the fake has no channels to resolve it to.
  if (id === undefined || id === 0) throw badRequest("chat not found");
  return id;
}

function userIdOf(p: Record<string, unknown>): number {
  const id = optInt(p, "user_id");
  if (id === undefined || id <= 0) throw badRequest("invalid user_id specified");
  return id;
}

function isInlineKeyboard(v: unknown): v is InlineKeyboardMarkup {
  return (
    isRecord(v) &&
    Array.isArray(v.inline_keyboard) &&
    v.inline_keyboard.every(
      (row) => Array.isArray(row) && row.every((b) => isRecord(b) && typeof b.text === "string"),
    )
  );
}

const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

/**
 * Telegram only echoes inline keyboards in the returned Message; reply keyboards, force_reply
 * and keyboard removal are accepted but never appear in it.
 */
function inlineMarkupOf(p: Record<string, unknown>): InlineKeyboardMarkup | undefined {
  const markup = maybeJson(p.reply_markup);
  if (markup === undefined || markup === "") return undefined;
  if (!isRecord(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
  if (!("inline_keyboard" in markup)) return undefined;
  if (!isInlineKeyboard(markup)) throw badRequest("can't parse inline keyboard button");
  for (const row of markup.inline_keyboard) {
    for (const button of row) {
      if (!BUTTON_ACTIONS.some((a) => a in button)) {
        throw badRequest("text buttons are unallowed in the inline keyboard");
      }
      if ("callback_data" in button) {
        const bytes = Buffer.byteLength(button.callback_data);
        // Telegram limits callback_data to 1–64 bytes, not characters.
        if (bytes < 1 || bytes > 64) throw badRequest("BUTTON_DATA_INVALID");
      }
    }
  }
  return markup;
}

/** parse_mode HTML: Telegram returns the text without tags (as entities, which the fake omits). */
function plainText(text: string, parseMode: string | undefined): string {
  if (parseMode?.toLowerCase() !== "html") return text;
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function captionOf(p: Record<string, unknown>): { caption?: string } {
  const raw = optString(p, "caption");
  if (raw === undefined || raw === "") return {};
  const caption = plainText(raw, optString(p, "parse_mode"));
  if (caption.length > 1024) throw badRequest("message caption is too long");
  return { caption };
}

function mimeOf(name: string): string {
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  const known: Record<string, string> = {
    pdf: "application/pdf",
    zip: "application/zip",
    txt: "text/plain",
    json: "application/json",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    epub: "application/epub+zip",
    mp3: "audio/mpeg",
    mp4: "video/mp4",
  };
  return known[ext] ?? "application/octet-stream";
}

// --- request bodies -----------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Just enough multipart/form-data for grammY (which writes `content-disposition:form-data;name="x"`
 * without spaces and leaves `filename=` unquoted) and for browsers and curl (which quote it).
 */
function parseMultipart(
  body: Buffer,
  boundary: string,
): { fields: Record<string, string>; files: Record<string, FakeUpload> } {
  const fields: Record<string, string> = {};
  const files: Record<string, FakeUpload> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    let part = body.subarray(partStart, next);
    if (part[0] === 0x0d && part[1] === 0x0a) part = part.subarray(2);
    if (part.at(-2) === 0x0d && part.at(-1) === 0x0a) part = part.subarray(0, -2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const data = part.subarray(headerEnd + 4);
      const name = /(?:^|;)\s*name="([^"]*)"/im.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      const contentType = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
      if (name !== undefined && filename !== undefined) {
        files[name] = {
          field: name,
          filename,
          contentType,
          size: data.length,
          data: Buffer.from(data),
        };
      } else if (name !== undefined) {
        fields[name] = data.toString("utf8");
      }
    }
    start = next;
  }
  return { fields, files };
}

async function readParams(
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, unknown>; files: Record<string, FakeUpload> }> {
  const params: Record<string, unknown> = {};
  let files: Record<string, FakeUpload> = {};
  const fromForm = (entries: Iterable<[string, string]>) => {
    for (const [k, v] of entries) params[k] = maybeJson(v);
  };
  fromForm(url.searchParams.entries());
  const body = await readBody(req);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return { params, files };
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (isRecord(parsed)) Object.assign(params, parsed);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    fromForm(new URLSearchParams(body.toString("utf8")).entries());
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(req.headers["content-type"] ?? "")?.[1];
    if (boundary === undefined) throw badRequest("can't parse multipart/form-data body");
    const parsed = parseMultipart(body, boundary);
    fromForm(Object.entries(parsed.fields));
    files = parsed.files;
  }
  return { params, files };
}

// --- the server ---------------------------------------------------------------------------

interface Context {
  bot: FakeBot;
  params: Record<string, unknown>;
  files: Record<string, FakeUpload>;
}

/** A success that also carries Telegram's `description` ("Webhook was set"). */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type Handler = (ctx: Context) => unknown;

interface StoredWebhook extends FakeWebhook {
  max_connections: number;
  lastError?: { date: number; message: string };
}

interface StoredFile {
  document?: Document;
  photo?: PhotoSize[];
}

const SEND_OR_EDIT = new Set([
  "sendmessage",
  "sendphoto",
  "senddocument",
  "sendinvoice",
  "editmessagetext",
  "editmessagereplymarkup",
  "sendchataction",
]);

export interface FakeTelegramOptions {
  /** 127.0.0.1 and a free port unless given. */
  port?: number;
  /**
   * Answer for any well-formed token (`<digits>:<letters, digits, _ or ->`) as if `addBot`
   * had been called with it (the id taken from the token), instead of 401. For e2e and the
   * bench, where the app adds bots through its API with made-up tokens. A function chooses
   * per token; `removeBot` still revokes one.
   */
  acceptAnyToken?: boolean | ((token: string) => boolean);
  /**
   * Told of each call as soon as its parameters are read, before it is answered (status and
   * response not yet set): for a bench timing when a message reaches Telegram.
   */
  onCall?: (call: FakeCall) => void;
  /**
   * Serve /__control/* for a test in another process (the e2e tier): `POST /__control/push`
   * with `{ token, update }` pushes an update to the bot's webhook as Telegram would and
   * answers the webhook's status; `GET /__control/messages?token=…&chat_id=…` lists the bot's
   * messages in a chat. Not Telegram's API: off unless asked for.
   */
  control?: boolean;
}

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const bots = new Map<string, FakeBot>();
  /** Tokens removed with removeBot: they stay refused even with acceptAnyToken. */
  const revoked = new Set<string>();
  const webhooks = new Map<string, StoredWebhook>();
  const failures = new Map<string, { failure: FakeFailure; remaining: number }[]>();
  const lastMessageId = new Map<string, number>();
  const messages = new Map<string, Message>();
  const members = new Map<string, FakeMemberStatus>();
  const links = new Map<string, { chatId: number; link: ChatInviteLink; joined?: number }>();
  const fileStore = new Map<string, StoredFile>();
  const knownChats = new Map<number, Chat>();
  const knownUsers = new Map<number, User>();
  const blocked = new Set<number>();
  const refunded = new Set<string>();
  const answeredQueries = new Set<string>();
  const calls: FakeCall[] = [];
  let updateId = 500_000_000 + Math.floor(Math.random() * 1_000_000);

  const botUser = (bot: FakeBot): User => ({
    id: bot.id,
    is_bot: true,
    first_name: bot.first_name,
    username: bot.username,
  });

  const chatOf = (id: number): Chat =>
    knownChats.get(id) ??
    (id > 0
      ? { id, type: "private", first_name: "User" }
      : { id, type: "supergroup", title: "Group" });

  const messageKey = (token: string, chatId: number, messageId: number) =>
    `${token}:${chatId}:${messageId}`;

  const bumpMessageId = (token: string, chatId: number, seen?: number): number => {
    const key = `${token}:${chatId}`;
    const next = seen ?? (lastMessageId.get(key) ?? 0) + 1;
    lastMessageId.set(key, Math.max(next, lastMessageId.get(key) ?? 0));
    return next;
  };

  const send = (ctx: Context, content: Partial<Message>): Message => {
    const chatId = chatIdOf(ctx.params);
    const markup = inlineMarkupOf(ctx.params);
    const message: Message = {
      message_id: bumpMessageId(ctx.bot.token, chatId),
      from: botUser(ctx.bot),
      chat: chatOf(chatId),
      date: now(),
      ...content,
      ...(markup ? { reply_markup: markup } : {}),
    };
    messages.set(messageKey(ctx.bot.token, chatId, message.message_id), message);
    return message;
  };

  const newFileIds = () => ({
    file_id: `BQACAgIAAxkBAAI${randomId(40)}`,
    file_unique_id: `AgAD${randomId(9)}`,
  });

  /** A file param is a file_id, an HTTP URL, or `attach://<part>` naming an uploaded part. */
  const inputFile = (
    ctx: Context,
    field: string,
  ): { fileId: string } | { url: string } | { upload: FakeUpload } => {
    const value = optString(ctx.params, field);
    const upload =
      value?.startsWith("attach://") === true
        ? ctx.files[value.slice("attach://".length)]
        : value === undefined
          ? ctx.files[field]
          : undefined;
    if (upload) return { upload };
    if (value === undefined || value === "")
      throw badRequest(`there is no ${field} in the request`);
    if (value.startsWith("attach://")) throw badRequest("wrong file identifier/HTTP URL specified");
    if (/^https?:\/\//i.test(value)) return { url: value };
    return { fileId: value };
  };

  const editTarget = (ctx: Context): { key: string; stored: Message } | "inline" => {
    if (optString(ctx.params, "inline_message_id")) return "inline";
    const chatId = chatIdOf(ctx.params);
    const messageId = optInt(ctx.params, "message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const key = messageKey(ctx.bot.token, chatId, messageId);
    // Lenient: a message the fake never sent (e.g. one named in a pushed callback query) is
    // edited as if it existed, where Telegram would answer "message to edit not found".
    const stored = messages.get(key) ?? {
      message_id: messageId,
      from: botUser(ctx.bot),
      chat: chatOf(chatId),
      date: now(),
      text: "",
    };
    return { key, stored };
  };

  const memberKey = (chatId: number, userId: number) => `${chatId}:${userId}`;

  /** The bot is an administrator of every chat unless a test says otherwise (setChatMember). */
  const requireAdmin = (bot: FakeBot, chatId: number, what: string) => {
    const status = members.get(memberKey(chatId, bot.id)) ?? "administrator";
    if (status !== "administrator" && status !== "creator")
      throw badRequest(`not enough rights to ${what}`);
  };

  const methods: Record<string, Handler> = {
    getMe: ({ bot }): UserFromGetMe => ({
      id: bot.id,
      is_bot: true,
      first_name: bot.first_name,
      username: bot.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    }),

    setWebhook: ({ bot, params }) => {
      const url = optString(params, "url") ?? "";
      if (url === "") {
        const had = webhooks.delete(bot.token);
        return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
      }
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw badRequest("invalid webhook URL specified");
      }
      // Telegram demands HTTPS on ports 443, 80, 88 or 8443; the fake also takes plain HTTP on
      // any port so tests can point it at a local server.
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
        throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      }
      const secret = optString(params, "secret_token");
      if (secret !== undefined && secret !== "" && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
        throw badRequest("secret token contains unallowed characters");
      }
      const allowed = maybeJson(params.allowed_updates);
      const previous = webhooks.get(bot.token);
      const next: StoredWebhook = {
        url,
        ...(secret ? { secret_token: secret } : {}),
        ...(Array.isArray(allowed)
          ? { allowed_updates: allowed.filter((u): u is string => typeof u === "string") }
          : previous?.allowed_updates
            ? { allowed_updates: previous.allowed_updates }
            : {}),
        max_connections: optInt(params, "max_connections") ?? 40,
        ...(previous?.url === url && previous.lastError ? { lastError: previous.lastError } : {}),
      };
      webhooks.set(bot.token, next);
      const same = previous?.url === url && previous.secret_token === next.secret_token;
      return new Described(true, same ? "Webhook is already set" : "Webhook was set");
    },

    deleteWebhook: ({ bot }) => {
      const had = webhooks.delete(bot.token);
      return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
    },

    getWebhookInfo: ({ bot }): WebhookInfo => {
      const hook = webhooks.get(bot.token);
      if (!hook) return { url: "", has_custom_certificate: false, pending_update_count: 0 };
      return {
        url: hook.url,
        has_custom_certificate: false,
        pending_update_count: 0,
        ip_address: "127.0.0.1",
        ...(hook.lastError
          ? { last_error_date: hook.lastError.date, last_error_message: hook.lastError.message }
          : {}),
        max_connections: hook.max_connections,
        ...(hook.allowed_updates
          ? { allowed_updates: hook.allowed_updates.filter(isUpdateType) }
          : {}),
      };
    },

    sendMessage: (ctx) => {
      chatIdOf(ctx.params);
      const raw = optString(ctx.params, "text") ?? "";
      const text = plainText(raw, optString(ctx.params, "parse_mode"));
      if (text.trim() === "") throw badRequest("message text is empty");
      if (text.length > 4096) throw badRequest("message is too long");
      const entities = maybeJson(ctx.params.entities);
      return send(ctx, {
        text,
        ...(Array.isArray(entities) ? { entities: entities.filter(isEntity) } : {}),
      });
    },

    editMessageText: (ctx) => {
      const raw = optString(ctx.params, "text") ?? "";
      const text = plainText(raw, optString(ctx.params, "parse_mode"));
      if (text.trim() === "") throw badRequest("message text is empty");
      if (text.length > 4096) throw badRequest("message is too long");
      const markup = inlineMarkupOf(ctx.params);
      const target = editTarget(ctx);
      if (target === "inline") return true;
      const { key, stored } = target;
      if (stored.text === undefined) throw badRequest("there is no text in the message to edit");
      if (stored.text === text && sameMarkup(stored.reply_markup, markup))
        throw badRequest(NOT_MODIFIED);
      // Editing without reply_markup removes the inline keyboard, as on Telegram.
      const { reply_markup: _dropped, ...rest } = stored;
      const edited: Message = {
        ...rest,
        text,
        edit_date: now(),
        ...(markup ? { reply_markup: markup } : {}),
      };
      messages.set(key, edited);
      return edited;
    },

    editMessageReplyMarkup: (ctx) => {
      const markup = inlineMarkupOf(ctx.params);
      const target = editTarget(ctx);
      if (target === "inline") return true;
      const { key, stored } = target;
      if (sameMarkup(stored.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
      const { reply_markup: _dropped, ...rest } = stored;
      const edited: Message = {
        ...rest,
        edit_date: now(),
        ...(markup ? { reply_markup: markup } : {}),
      };
      messages.set(key, edited);
      return edited;
    },

    deleteMessage: (ctx) => {
      const chatId = chatIdOf(ctx.params);
      const messageId = optInt(ctx.params, "message_id");
      if (messageId === undefined) throw badRequest("message identifier is not specified");
      messages.delete(messageKey(ctx.bot.token, chatId, messageId));
      return true;
    },

    sendChatAction: (ctx) => {
      chatIdOf(ctx.params);
      required(ctx.params, "action");
      return true;
    },

    setMyCommands: () => true,

    answerCallbackQuery: ({ bot, params }) => {
      const id = optString(params, "callback_query_id") ?? "";
      const key = `${bot.token}:${id}`;
      if (id === "" || answeredQueries.has(key)) {
        throw badRequest("query is too old and response timeout expired or query ID is invalid");
      }
      const text = optString(params, "text");
      if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
      answeredQueries.add(key);
      return true;
    },

    sendDocument: (ctx) => {
      chatIdOf(ctx.params);
      const file = inputFile(ctx, "document");
      let document: Document;
      if ("fileId" in file) {
        document = fileStore.get(file.fileId)?.document ?? {
          file_id: file.fileId,
          file_unique_id: `AgAD${file.fileId.slice(-9)}`,
        };
      } else {
        const name =
          "upload" in file
            ? file.upload.filename
            : decodeURIComponent(new URL(file.url).pathname.split("/").pop() || "file");
        // grammY labels every upload application/octet-stream; Telegram guesses from the name.
        const declared = "upload" in file ? file.upload.contentType : undefined;
        document = {
          ...newFileIds(),
          file_name: name,
          mime_type: declared && declared !== "application/octet-stream" ? declared : mimeOf(name),
          file_size: "upload" in file ? file.upload.size : 1024,
        };
        fileStore.set(document.file_id, { document });
      }
      return send(ctx, { document, ...captionOf(ctx.params) });
    },

    sendPhoto: (ctx) => {
      chatIdOf(ctx.params);
      const file = inputFile(ctx, "photo");
      const known = "fileId" in file ? fileStore.get(file.fileId)?.photo : undefined;
      const size = "upload" in file ? file.upload.size : 60_000;
      const photo =
        known ??
        [
          [90, 60],
          [320, 213],
          [800, 533],
        ].map(([width = 0, height = 0], i): PhotoSize => ({
          ...newFileIds(),
          width,
          height,
          file_size: Math.max(1, Math.round((size * (i + 1)) / 3)),
        }));
      const largest = photo.at(-1);
      if ("fileId" in file && !known && largest) largest.file_id = file.fileId;
      if (largest) fileStore.set(largest.file_id, { photo });
      return send(ctx, { photo, ...captionOf(ctx.params) });
    },

    sendInvoice: (ctx) => {
      chatIdOf(ctx.params);
      const title = required(ctx.params, "title");
      const description = required(ctx.params, "description");
      required(ctx.params, "payload");
      const currency = required(ctx.params, "currency");
      const prices = maybeJson(ctx.params.prices);
      if (!Array.isArray(prices) || prices.length === 0) throw badRequest("prices is empty");
      let total = 0;
      for (const price of prices) {
        const amount = isRecord(price) ? optInt(price, "amount") : undefined;
        if (amount === undefined || !isRecord(price) || typeof price.label !== "string") {
          throw badRequest("can't parse prices JSON object");
        }
        total += amount;
      }
      // Telegram Stars invoices carry exactly one price and no provider token.
      if (currency === "XTR" && prices.length !== 1) throw badRequest("STARS_INVOICE_INVALID");
      if (total <= 0) throw badRequest("CURRENCY_TOTAL_AMOUNT_INVALID");
      return send(ctx, {
        invoice: {
          title,
          description,
          start_parameter: optString(ctx.params, "start_parameter") ?? "",
          currency,
          total_amount: total,
        },
      });
    },

    createInvoiceLink: ({ params }) => {
      required(params, "title");
      required(params, "description");
      required(params, "payload");
      const currency = required(params, "currency");
      const prices = maybeJson(params.prices);
      if (!Array.isArray(prices) || prices.length === 0) throw badRequest("prices is empty");
      const period = optInt(params, "subscription_period");
      // Star subscriptions: XTR only, and 30 days is the only period Telegram accepts.
      if (period !== undefined && (currency !== "XTR" || period !== 2592000))
        throw badRequest("SUBSCRIPTION_PERIOD_INVALID");
      return `https://t.me/$${randomId(22)}`;
    },

    editUserStarSubscription: ({ params }) => {
      required(params, "user_id");
      required(params, "telegram_payment_charge_id");
      if (optBool(params, "is_canceled") === undefined) throw badRequest("is_canceled is empty");
      return true;
    },

    answerPreCheckoutQuery: ({ params }) => {
      required(params, "pre_checkout_query_id");
      const ok = optBool(params, "ok");
      if (ok === undefined) throw badRequest("ok is empty");
      if (!ok) required(params, "error_message");
      return true;
    },

    createChatInviteLink: ({ bot, params }): ChatInviteLink => {
      const chatId = chatIdOf(params);
      requireAdmin(bot, chatId, "manage chat invite links");
      const createsJoinRequest = optBool(params, "creates_join_request") ?? false;
      const memberLimit = optInt(params, "member_limit");
      const expireDate = optInt(params, "expire_date");
      const name = optString(params, "name");
      if (memberLimit !== undefined && (memberLimit < 1 || memberLimit > 99_999)) {
        throw badRequest("member limit must be between 1 and 99999");
      }
      if (memberLimit !== undefined && createsJoinRequest) {
        throw badRequest(
          "member limit can't be specified for links requiring administrator approval",
        );
      }
      if (name !== undefined && name.length > 32) throw badRequest("invite link name is too long");
      const link: ChatInviteLink = {
        invite_link: `https://t.me/+${randomId(12)}`,
        creator: botUser(bot),
        creates_join_request: createsJoinRequest,
        is_primary: false,
        is_revoked: false,
        ...(name ? { name } : {}),
        ...(expireDate !== undefined ? { expire_date: expireDate } : {}),
        ...(memberLimit !== undefined ? { member_limit: memberLimit } : {}),
      };
      links.set(link.invite_link, { chatId, link });
      return link;
    },

    revokeChatInviteLink: ({ bot, params }): ChatInviteLink => {
      const chatId = chatIdOf(params);
      const url = required(params, "invite_link");
      // Lenient: an unknown link is revoked as if the fake had created it.
      const stored = links.get(url) ?? {
        chatId,
        link: {
          invite_link: url,
          creator: botUser(bot),
          creates_join_request: false,
          is_primary: false,
          is_revoked: false,
        },
      };
      const link: ChatInviteLink = { ...stored.link, is_revoked: true };
      links.set(url, { chatId: stored.chatId, link });
      return link;
    },

    banChatMember: ({ bot, params }) => {
      const chatId = chatIdOf(params);
      requireAdmin(bot, chatId, "restrict/ban chat member");
      members.set(memberKey(chatId, userIdOf(params)), "kicked");
      return true;
    },

    unbanChatMember: ({ bot, params }) => {
      const chatId = chatIdOf(params);
      requireAdmin(bot, chatId, "restrict/ban chat member");
      const key = memberKey(chatId, userIdOf(params));
      const status = members.get(key) ?? "member";
      // Without only_if_banned, unbanning a current member removes them from the chat.
      if (status === "kicked" || !optBool(params, "only_if_banned")) {
        if (status !== "creator") members.set(key, "left");
      }
      return true;
    },

    getChatMember: ({ bot, params }): ChatMember => {
      const chatId = chatIdOf(params);
      const userId = userIdOf(params);
      const user: User =
        userId === bot.id
          ? botUser(bot)
          : (knownUsers.get(userId) ?? { id: userId, is_bot: false, first_name: "User" });
      const status =
        members.get(memberKey(chatId, userId)) ?? (userId === bot.id ? "administrator" : "member");
      return chatMember(status, user);
    },

    refundStarPayment: ({ bot, params }) => {
      userIdOf(params);
      const charge = required(params, "telegram_payment_charge_id");
      const key = `${bot.token}:${charge}`;
      if (refunded.has(key)) throw badRequest("CHARGE_ALREADY_REFUNDED");
      refunded.add(key);
      return true;
    },
  };

  const byLowerName = new Map(Object.keys(methods).map((m) => [m.toLowerCase(), m]));

  const answer = (
    res: ServerResponse,
    call: FakeCall,
    status: number,
    body: Record<string, unknown>,
  ) => {
    call.status = status;
    call.response = body;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const refuse = (res: ServerResponse, call: FakeCall, failure: FakeFailure) =>
    answer(res, call, failure.error_code, { ok: false, ...failure });

  const adopt = (token: string): FakeBot | undefined => {
    const accept = opts.acceptAnyToken;
    if (!accept || revoked.has(token) || !/^\d+:[\w-]+$/.test(token)) return undefined;
    if (typeof accept === "function" && !accept(token)) return undefined;
    return fake.addBot({ token });
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST" && url.pathname === "/__control/push") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const { token, update } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        token: string;
        update: Record<string, unknown>;
      };
      const pushed = await fake.pushUpdate(token, update);
      return answer(200, { status: pushed.status });
    }
    if (req.method === "GET" && url.pathname === "/__control/messages") {
      const token = url.searchParams.get("token") ?? "";
      const chatId = Number(url.searchParams.get("chat_id"));
      return answer(200, fake.messagesIn(chatId, token));
    }
    return answer(404, { error: "unknown control call" });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (opts.control && url.pathname.startsWith("/__control/")) return control(req, res, url);
    const match = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
    const token = decodeURIComponent(match?.[1] ?? "");
    const rawMethod = match?.[2] ?? "";
    const method = byLowerName.get(rawMethod.toLowerCase()) ?? rawMethod;
    const call: FakeCall = {
      token,
      method,
      params: {},
      at: Date.now(),
      status: 0,
      response: undefined,
    };
    calls.push(call);
    let parsed: Awaited<ReturnType<typeof readParams>>;
    try {
      parsed = await readParams(req, url);
    } catch (err) {
      if (err instanceof Refusal) return refuse(res, call, err.failure);
      throw err;
    }
    call.params = parsed.params;
    if (Object.keys(parsed.files).length > 0) call.files = parsed.files;
    opts.onCall?.(call);

    if (!match) return refuse(res, call, { error_code: 404, description: "Not Found" });
    const bot = bots.get(token) ?? adopt(token);
    if (!bot) return refuse(res, call, { error_code: 401, description: "Unauthorized" });
    const queued = failures.get(method.toLowerCase());
    const next = queued?.[0];
    if (queued && next) {
      next.remaining -= 1;
      if (next.remaining <= 0) queued.shift();
      return refuse(res, call, next.failure);
    }
    const handler = methods[method];
    if (!handler) {
      return refuse(res, call, { error_code: 404, description: "Not Found: method not found" });
    }
    try {
      const chatId = optInt(parsed.params, "chat_id");
      if (SEND_OR_EDIT.has(method.toLowerCase()) && chatId !== undefined && blocked.has(chatId)) {
        throw new Refusal({
          error_code: 403,
          description:
            chatId > 0
              ? "Forbidden: bot was blocked by the user"
              : "Forbidden: bot was kicked from the supergroup chat",
        });
      }
      const out = handler({ bot, params: parsed.params, files: parsed.files });
      answer(
        res,
        call,
        200,
        out instanceof Described
          ? { ok: true, result: out.result, description: out.description }
          : { ok: true, result: out },
      );
    } catch (err) {
      if (err instanceof Refusal) return refuse(res, call, err.failure);
      throw err;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: false,
          error_code: 500,
          description: `Internal Server Error: ${String(err)}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("fake Telegram: no TCP port");
  const port = address.port;

  /** Remembers who and where pushed updates come from, so replies carry the same chat and user. */
  const learn = (token: string, update: Record<string, unknown>) => {
    const rememberUser = (user: unknown) => {
      if (isUser(user)) knownUsers.set(user.id, user);
    };
    const rememberMessage = (message: unknown) => {
      if (!isRecord(message)) return;
      rememberUser(message.from);
      if (!isChat(message.chat)) return;
      knownChats.set(message.chat.id, message.chat);
      if (typeof message.message_id === "number") {
        bumpMessageId(token, message.chat.id, message.message_id);
      }
    };
    rememberMessage(update.message);
    for (const key of ["callback_query", "pre_checkout_query"]) {
      const query = update[key];
      if (isRecord(query)) rememberUser(query.from);
    }
  };

  /** A callback query about a message the bot sent through the fake carries that message as it is now. */
  const withStoredMessage = (
    token: string,
    update: Record<string, unknown>,
  ): Record<string, unknown> => {
    const query = update.callback_query;
    if (!isRecord(query) || !isRecord(query.message) || !isRecord(query.message.chat))
      return update;
    const chatId = query.message.chat.id;
    const messageId = query.message.message_id;
    if (typeof chatId !== "number" || typeof messageId !== "number") return update;
    const stored = messages.get(messageKey(token, chatId, messageId));
    return stored ? { ...update, callback_query: { ...query, message: stored } } : update;
  };

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method, token) =>
      calls.filter(
        (c) =>
          c.method.toLowerCase() === method.toLowerCase() &&
          (token === undefined || c.token === token),
      ),
    addBot: (partial = {}) => {
      const id =
        partial.id ??
        optInt({ id: partial.token?.split(":")[0] }, "id") ??
        1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
      const token =
        partial.token ?? `${id}:AA${randomBytes(33).toString("base64url").slice(0, 33)}`;
      const bot: FakeBot = {
        token,
        id,
        username: partial.username ?? `test_${id}_bot`,
        first_name: partial.first_name ?? "Test Bot",
      };
      bots.set(token, bot);
      revoked.delete(token);
      return bot;
    },
    removeBot: (token) => {
      bots.delete(token);
      revoked.add(token);
      webhooks.delete(token);
    },
    failNext: (method, failure, times = 1) => {
      const key = method.toLowerCase();
      const queue = failures.get(key) ?? [];
      queue.push({ failure, remaining: times });
      failures.set(key, queue);
    },
    webhook: (token) => {
      const hook = webhooks.get(token);
      if (!hook) return undefined;
      return {
        url: hook.url,
        ...(hook.secret_token ? { secret_token: hook.secret_token } : {}),
        ...(hook.allowed_updates ? { allowed_updates: [...hook.allowed_updates] } : {}),
      };
    },
    setWebhookError: (token, message, date = now()) => {
      const hook = webhooks.get(token);
      if (!hook) throw new Error(`fake Telegram: bot ${token} has no webhook to fail`);
      hook.lastError = { date, message };
    },
    pushUpdate: async (token, update, pushOpts = {}) => {
      const hook = webhooks.get(token);
      if (!hook) throw new Error(`fake Telegram: bot ${token} has no webhook set`);
      const raw: Record<string, unknown> = { ...update };
      if (typeof raw.update_id === "number") updateId = Math.max(updateId, raw.update_id);
      else raw.update_id = fake.nextUpdateId();
      learn(token, raw);
      const body = withStoredMessage(token, raw);
      const secret = pushOpts.secret === undefined ? hook.secret_token : pushOpts.secret;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (secret) headers["x-telegram-bot-api-secret-token"] = secret;
      try {
        const res = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(body) });
        if (!res.ok) {
          hook.lastError = {
            date: now(),
            message: `Wrong response from the webhook: ${res.status} ${res.statusText}`,
          };
        }
        return res;
      } catch (err) {
        hook.lastError = { date: now(), message: "Connection refused" };
        throw err;
      }
    },
    nextUpdateId: () => ++updateId,
    setChatMember: (chatId, userId, status) => members.set(memberKey(chatId, userId), status),
    memberStatus: (chatId, userId) => members.get(memberKey(chatId, userId)) ?? "left",
    joinWithLink: (inviteLink, from) => {
      const stored = links.get(inviteLink);
      if (!stored) throw new Error(`fake Telegram: no invite link ${inviteLink}`);
      const { chatId, link } = stored;
      if (link.is_revoked) throw new Error("fake Telegram: the invite link was revoked");
      if (link.expire_date !== undefined && link.expire_date <= now())
        throw new Error("fake Telegram: the invite link has expired");
      const joined = stored.joined ?? 0;
      if (link.member_limit !== undefined && joined >= link.member_limit)
        throw new Error("fake Telegram: the invite link's member limit is reached");
      const key = memberKey(chatId, from.id);
      const old = members.get(key) ?? "left";
      if (old === "kicked") throw new Error("fake Telegram: the user is banned from the chat");
      members.set(key, "member");
      links.set(inviteLink, { ...stored, joined: joined + 1 });
      return chatMemberUpdate({
        chatId,
        user: from,
        oldStatus: old === "left" ? "left" : "member",
        newStatus: "member",
        inviteLink: link,
      });
    },
    setBlocked: (chatId, isBlocked = true) => {
      if (isBlocked) blocked.add(chatId);
      else blocked.delete(chatId);
    },
    messagesIn: (chatId, token) =>
      [...messages.entries()]
        .filter(
          ([key, m]) =>
            m.chat.id === chatId && (token === undefined || key.startsWith(`${token}:`)),
        )
        .map(([, m]) => m)
        .sort((a, b) => a.message_id - b.message_id),
    inviteLinks: (chatId) =>
      [...links.values()]
        .filter((l) => chatId === undefined || l.chatId === chatId)
        .map((l) => l.link),
    reset: () => {
      calls.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // grammY keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}

function isUser(v: unknown): v is User {
  return (
    isRecord(v) &&
    typeof v.id === "number" &&
    typeof v.is_bot === "boolean" &&
    typeof v.first_name === "string"
  );
}

function isChat(v: unknown): v is Chat {
  return (
    isRecord(v) &&
    typeof v.id === "number" &&
    ["private", "group", "supergroup", "channel"].includes(String(v.type))
  );
}

function isEntity(v: unknown): v is MessageEntity {
  return (
    isRecord(v) &&
    typeof v.type === "string" &&
    typeof v.offset === "number" &&
    typeof v.length === "number"
  );
}

type UpdateType = NonNullable<WebhookInfo["allowed_updates"]>[number];

function isUpdateType(v: string): v is UpdateType {
  return v !== "update_id";
}

function sameMarkup(
  a: InlineKeyboardMarkup | undefined,
  b: InlineKeyboardMarkup | undefined,
): boolean {
  return JSON.stringify(a?.inline_keyboard ?? []) === JSON.stringify(b?.inline_keyboard ?? []);
}

function chatMember(status: FakeMemberStatus, user: User): ChatMember {
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_send_welcome_messages: false,
      };
    case "member":
    case "left":
      return { status, user };
    case "kicked":
      return { status, user, until_date: 0 };
    case "restricted":
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_react_to_messages: false,
        can_change_info: false,
        can_invite_users: false,
        can_edit_tag: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
  }
}

// --- updates ------------------------------------------------------------------------------

let helperMessageId = 0;

export interface UpdateUser {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

function userOf(chatId: number, from: UpdateUser | undefined): User {
  return {
    id: from?.id ?? (chatId > 0 ? chatId : 10_001),
    is_bot: false,
    first_name: from?.first_name ?? "Test",
    ...(from?.last_name ? { last_name: from.last_name } : {}),
    ...(from?.username ? { username: from.username } : {}),
    language_code: from?.language_code ?? "en",
  };
}

function chatFor(
  chatId: number,
  user: User,
  title?: string,
): Chat.PrivateChat | Chat.SupergroupChat {
  if (chatId > 0) {
    return {
      id: chatId,
      type: "private",
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }
  return { id: chatId, type: "supergroup", title: title ?? "Group" };
}

/** Telegram marks a leading /command (with an optional @botname) as a bot_command entity. */
function commandEntities(text: string): MessageEntity[] {
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?/.exec(text)?.[0];
  return command ? [{ type: "bot_command", offset: 0, length: command.length }] : [];
}

/** The update_id is left out: `pushUpdate` assigns the next one, as Telegram would. */
export type PushableUpdate = Omit<Update, "update_id"> & { update_id?: number };

export interface MessageUpdateInput {
  chatId: number;
  text: string;
  from?: UpdateUser;
  messageId?: number;
  date?: number;
  chatTitle?: string;
  updateId?: number;
}

export function messageUpdate(input: MessageUpdateInput): PushableUpdate {
  const from = userOf(input.chatId, input.from);
  const entities = commandEntities(input.text);
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    message: {
      message_id: input.messageId ?? ++helperMessageId,
      from,
      chat: chatFor(input.chatId, from, input.chatTitle),
      date: input.date ?? now(),
      text: input.text,
      ...(entities.length > 0 ? { entities } : {}),
    },
  };
}

export interface CallbackUpdateInput {
  chatId: number;
  data: string;
  messageId: number;
  from?: UpdateUser;
  /** The bot that sent the message; its user is the message's `from`. */
  bot?: FakeBot;
  messageText?: string;
  queryId?: string;
  updateId?: number;
}

export function callbackUpdate(input: CallbackUpdateInput): PushableUpdate {
  const from = userOf(input.chatId, input.from);
  const botFrom: User = input.bot
    ? {
        id: input.bot.id,
        is_bot: true,
        first_name: input.bot.first_name,
        username: input.bot.username,
      }
    : { id: 1, is_bot: true, first_name: "Test Bot", username: "test_bot" };
  const query: CallbackQuery = {
    id: input.queryId ?? `${BigInt.asUintN(63, randomBytes(8).readBigUInt64BE())}`,
    from,
    message: {
      message_id: input.messageId,
      from: botFrom,
      chat: chatFor(input.chatId, from),
      date: now(),
      text: input.messageText ?? "",
    },
    chat_instance: `${-BigInt.asUintN(62, randomBytes(8).readBigUInt64BE())}`,
    data: input.data,
  };
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    callback_query: query,
  };
}

export interface ContactUpdateInput {
  chatId: number;
  phoneNumber: string;
  from?: UpdateUser;
  /** Defaults to the sender, as when a user shares their own number through a request_contact button. */
  contactUserId?: number;
  firstName?: string;
  lastName?: string;
  messageId?: number;
  updateId?: number;
}

export function contactUpdate(input: ContactUpdateInput): PushableUpdate {
  const from = userOf(input.chatId, input.from);
  const lastName = input.lastName ?? from.last_name;
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    message: {
      message_id: input.messageId ?? ++helperMessageId,
      from,
      chat: chatFor(input.chatId, from),
      date: now(),
      contact: {
        phone_number: input.phoneNumber,
        first_name: input.firstName ?? from.first_name,
        ...(lastName ? { last_name: lastName } : {}),
        user_id: input.contactUserId ?? from.id,
      },
    },
  };
}

export interface PreCheckoutUpdateInput {
  userId: number;
  currency: string;
  totalAmount: number;
  payload: string;
  from?: UpdateUser;
  queryId?: string;
  updateId?: number;
}

export function preCheckoutUpdate(input: PreCheckoutUpdateInput): PushableUpdate {
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    pre_checkout_query: {
      id: input.queryId ?? `${BigInt.asUintN(63, randomBytes(8).readBigUInt64BE())}`,
      from: userOf(input.userId, { ...input.from, id: input.userId }),
      currency: input.currency,
      total_amount: input.totalAmount,
      invoice_payload: input.payload,
    },
  };
}

export interface SuccessfulPaymentUpdateInput {
  chatId: number;
  currency: string;
  totalAmount: number;
  payload: string;
  from?: UpdateUser;
  /** Telegram Stars charges look like "stxAbC…"; provider charges are the provider's id. */
  telegramPaymentChargeId?: string;
  providerPaymentChargeId?: string;
  messageId?: number;
  updateId?: number;
}

export function successfulPaymentUpdate(input: SuccessfulPaymentUpdateInput): PushableUpdate {
  const from = userOf(input.chatId, input.from);
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    message: {
      message_id: input.messageId ?? ++helperMessageId,
      from,
      chat: chatFor(input.chatId, from),
      date: now(),
      successful_payment: {
        currency: input.currency,
        total_amount: input.totalAmount,
        invoice_payload: input.payload,
        telegram_payment_charge_id: input.telegramPaymentChargeId ?? `stx${randomId(48)}`,
        provider_payment_charge_id: input.providerPaymentChargeId ?? "",
      },
    },
  };
}

export interface ChatMemberUpdateInput {
  chatId: number;
  user: UpdateUser & { id: number };
  oldStatus?: "left" | "member" | "kicked";
  newStatus?: "left" | "member" | "kicked";
  /** The link the user joined with (a full ChatInviteLink, or just its URL). */
  inviteLink?: ChatInviteLink | string;
  date?: number;
}

/** A `chat_member` update: someone joined (by default) or left a group or channel. */
export function chatMemberUpdate(input: ChatMemberUpdateInput): PushableUpdate {
  const user = userOf(input.user.id, input.user);
  const member = (status: "left" | "member" | "kicked"): ChatMember =>
    status === "kicked" ? { status, user, until_date: 0 } : { status, user };
  const link: ChatInviteLink | undefined =
    typeof input.inviteLink === "string"
      ? {
          invite_link: input.inviteLink,
          creator: { id: 1, is_bot: true, first_name: "Bot" },
          creates_join_request: false,
          is_primary: false,
          is_revoked: false,
        }
      : input.inviteLink;
  return {
    chat_member: {
      chat: chatFor(input.chatId, user),
      from: user,
      date: input.date ?? now(),
      old_chat_member: member(input.oldStatus ?? "left"),
      new_chat_member: member(input.newStatus ?? "member"),
      ...(link ? { invite_link: link } : {}),
    },
  };
}
