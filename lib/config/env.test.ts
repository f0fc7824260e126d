import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./env";

const base: NodeJS.ProcessEnv = {
  NODE_ENV: "test",
  DATA_DIR: path.join(os.tmpdir(), "botshop-config-test"),
  APP_SECRET: "a-secret-that-is-long-enough-0123456789",
};

const issuesOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
};

describe("file storage settings", () => {
  it("defaults to local files and a 2 GB upload limit", () => {
    const c = parseConfig(base);
    expect(c.MAX_UPLOAD_MB).toBe(2048);
    expect(c.S3_BUCKET).toBeUndefined();
  });

  it("reads a complete S3 configuration", () => {
    const c = parseConfig({
      ...base,
      MAX_UPLOAD_MB: "500",
      S3_BUCKET: "shop-files",
      S3_ENDPOINT: "http://minio.internal:9000",
      S3_REGION: "ru-central1",
      S3_ACCESS_KEY_ID: "AKIA1",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(c).toMatchObject({
      MAX_UPLOAD_MB: 500,
      S3_BUCKET: "shop-files",
      S3_ENDPOINT: "http://minio.internal:9000",
      S3_REGION: "ru-central1",
      S3_FORCE_PATH_STYLE: true,
    });
    expect(parseConfig({ ...base, S3_BUCKET: "b12", S3_FORCE_PATH_STYLE: "0" })).toMatchObject({
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it("stops start-up naming the setting that is wrong", () => {
    expect(issuesOf({ MAX_UPLOAD_MB: "0" })[0]).toMatch(/^MAX_UPLOAD_MB: /);
    expect(issuesOf({ MAX_UPLOAD_MB: "lots" })[0]).toMatch(/^MAX_UPLOAD_MB: /);
    expect(issuesOf({ S3_ENDPOINT: "minio:9000", S3_BUCKET: "b12" })[0]).toMatch(/^S3_ENDPOINT: /);
    expect(issuesOf({ S3_BUCKET: "b12", S3_FORCE_PATH_STYLE: "yes" })).toEqual([
      "S3_FORCE_PATH_STYLE: must be true or false",
    ]);
    expect(issuesOf({ S3_ENDPOINT: "http://minio:9000", S3_REGION: "x" })).toEqual([
      "S3_BUCKET: required when any S3_ setting is set (S3_ENDPOINT, S3_REGION)",
    ]);
    expect(issuesOf({ S3_BUCKET: "b12", S3_ACCESS_KEY_ID: "AKIA1" })).toEqual([
      "S3_SECRET_ACCESS_KEY: required when S3_ACCESS_KEY_ID is set",
    ]);
    expect(issuesOf({ S3_BUCKET: "b12", S3_SECRET_ACCESS_KEY: "s" })).toEqual([
      "S3_ACCESS_KEY_ID: required when S3_SECRET_ACCESS_KEY is set",
    ]);
    // Empty means unset, as for every setting.
    expect(issuesOf({ S3_ENDPOINT: "", S3_BUCKET: "" })).toEqual([]);
  });
});
