import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import enAuth from "../messages/en/auth.json";

/*
 * Files through the running server: the raw-body upload streams through Next's route handler
 * into DATA_DIR/files and comes back as the same bytes' hash; nothing is reachable as a static
 * path. The upload field itself is checked once the product form mounts it.
 */

test("an owner uploads a file through the API, sees it listed, and deletes it", async ({
  page,
}) => {
  await page.goto("/sign-up");
  await page.getByLabel(enAuth.fields.name).fill("File Owner");
  await page.getByLabel(enAuth.fields.email).fill(`files-${Date.now()}@example.com`);
  await page.getByLabel(enAuth.fields.password, { exact: true }).fill("e2e-password-1234");
  await page.getByLabel(enAuth.fields.workspaceName).fill("File shop");
  await page.getByRole("button", { name: enAuth.signUp.submit }).click();
  await expect(page).toHaveURL(/\/bots$/);

  // 3 MB: several chunks through the server, not one buffer.
  const data = crypto.randomBytes(3 * 1024 * 1024 + 11);
  const name = "Курс по ботам.zip";
  const uploaded = await page.request.post("/api/v1/files", {
    headers: { "content-type": "application/zip", "x-file-name": encodeURIComponent(name) },
    data,
  });
  expect(uploaded.status()).toBe(201);
  const { file } = await uploaded.json();
  expect(file).toMatchObject({
    name,
    contentType: "application/zip",
    size: data.length,
    sha256: crypto.createHash("sha256").update(data).digest("hex"),
    storage: "local",
  });

  const list = await (await page.request.get("/api/v1/files")).json();
  expect(list.data.map((f: { id: string }) => f.id)).toEqual([file.id]);
  expect(list.maxUploadBytes).toBe(2048 * 1024 * 1024);

  // Files are not public: neither under the app's root nor by their id.
  for (const path of [`/files/${file.id}`, `/${file.id}`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }

  expect((await page.request.delete(`/api/v1/files/${file.id}`)).status()).toBe(204);
  expect((await page.request.get(`/api/v1/files/${file.id}`)).status()).toBe(404);
});
