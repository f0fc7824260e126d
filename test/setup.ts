import os from "node:os";
import path from "node:path";
import { setConfigForTests } from "@/lib/config/env";

// A fixed configuration for every test file; DATABASE_URL here only chooses the test server
// (see test/db.ts), the app code under test gets its database from setDatabaseForTests.
setConfigForTests({
  PORT: 3000,
  APP_URL: "http://localhost:3000",
  APP_SECRET: "test-secret-test-secret-test-secret-0123456789",
  DATA_DIR: path.join(os.tmpdir(), `botshop-test-${process.pid}`),
  TELEGRAM_API_ROOT: "http://127.0.0.1:1",
  YOOKASSA_API_URL: "http://127.0.0.1:1/v3",
  LOG_LEVEL: "error",
  SIGNUP_LIMIT_PER_HOUR: 10,
  SEND_LIMIT_BOT_PER_SECOND: 30,
  SEND_LIMIT_CHAT_PER_SECOND: 1,
  SEND_LIMIT_CHAT_BURST: 3,
  SEND_LIMIT_GROUP_PER_MINUTE: 20,
  MAX_UPLOAD_MB: 2048,
  EVENT_UNLINKED_TTL_HOURS: 168,
  ALERTS_CHECK_SECONDS: 60,
  ALERTS_PAYMENT_PENDING_MINUTES: 30,
  ALERTS_WEBHOOK_ERROR_MINUTES: 15,
  ALERTS_DELIVERY_FAILED_MINUTES: 60,
  ALERTS_KEY_POOL_MIN: 5,
  ALERTS_OUTBOX_BACKLOG_MINUTES: 10,
  ALERTS_RESOLVE_AFTER_MINUTES: 15,
  dbMode: "embedded",
});
process.env.LOG_LEVEL = "error";
