import { readFile } from "node:fs/promises";
import pg from "pg";
import { startStack } from "@/tests/support/stack";
import { fixturePath } from "@/tests/support/fixtures";
import { ownRunEnv } from "@/tests/support/test-run";
import { expect, test, type Page } from "./test";

/* A new instance of its own (an empty database, sign-up closed as by default), so its first sign-up is the admin. */
let baseUrl: string;
let databaseUrl: string;
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const runEnv = await ownRunEnv("e2e_admin", { SIGNUP: "closed" });
  baseUrl = runEnv.BASE_URL!;
  databaseUrl = runEnv.DATABASE_URL!;
  ({ stop } = await startStack(runEnv));
});
test.afterAll(async () => stop?.());

/** A full-page screenshot from the top: scrolled, the sticky header would be drawn part-way down. */
async function screenshotFromTop(page: Page, path: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
}

/** DAMAGED_ORIGINAL of lib/photos/scrub-originals.ts, which a browser test cannot import (it loads server-only modules). */
const DAMAGED_ORIGINAL =
  "The stored original no longer has the SHA-256 it was uploaded with: it was damaged in the store. Upload the photo again to repair it.";

/** What the nightly scrub does to a photo whose stored original no longer has its SHA-256. */
async function markDamaged(photoId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`UPDATE photos SET status = 'failed', error = $1 WHERE id = $2`, [DAMAGED_ORIGINAL, photoId]);
  await client.end();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

test("the first account is the admin: adds a person, sets a quota, sees the usage, disables the account", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const admin = { email: "admin@example.com", password: "the admin's password" };
  const person = { email: "sam@example.com", password: "sam's first password" };

  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
  await expect(page.getByTestId("usage")).toContainText("0 bytes used by 0 photos; no quota.");
  await page.getByRole("link", { name: "Manage accounts" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Add account" }).click();
  const row = page.getByTestId("account-row").filter({ hasText: person.email });
  await expect(row).toContainText("Unlimited");
  await row.getByRole("button", { name: "Set quota" }).click();
  await row.getByLabel("Quota", { exact: true }).fill("0.01");
  await row.getByLabel("Unit").selectOption("MB");
  await row.getByRole("button", { name: "Save quota" }).click();
  await expect(row.getByText("10.0 KB")).toBeVisible();
  await expect(row.getByLabel("Quota", { exact: true })).toHaveCount(0);
  await expect(page.getByTestId("account-row").filter({ hasText: admin.email })).toContainText("admin");
  await screenshotFromTop(page, testInfo.outputPath("admin-page.png"));

  // The person signs in elsewhere, backs up a photo, and sees their usage against the quota.
  const theirs = await browser.newContext({ ...testInfo.project.use });
  const theirPage = await theirs.newPage();
  await signIn(theirPage, person.email, person.password);
  const photo = await readFile(fixturePath("camera/Canon_40D.jpg"));
  const uploaded = await theirPage.request.post(`${baseUrl}/api/v1/photos`, {
    multipart: { file: { name: "Canon_40D.jpg", mimeType: "image/jpeg", buffer: photo } },
  });
  expect(uploaded.status()).toBe(201);
  const refused = await theirPage.request.post(`${baseUrl}/api/v1/photos`, {
    multipart: { file: { name: "again.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([photo, Buffer.alloc(100)]) } },
  });
  expect(refused.status()).toBe(507);
  await theirPage.goto(`${baseUrl}/settings`);
  const usage = theirPage.getByTestId("usage");
  await expect(usage).toContainText("8.0 KB of 10.0 KB used");
  await expect(usage.getByRole("meter", { name: "Storage used" })).toBeVisible();
  await expect(theirPage.getByRole("link", { name: "Manage accounts" })).toHaveCount(0);
  await usage.screenshot({ path: testInfo.outputPath("usage-bar.png") });
  await screenshotFromTop(theirPage, testInfo.outputPath("settings.png"));
  expect((await theirPage.goto(`${baseUrl}/admin`))?.status()).toBe(403);

  // The admin page lists what the scrub found damaged, with whose it is.
  await markDamaged(((await uploaded.json()) as { photo: { id: string } }).photo.id);
  await page.reload();
  await expect(row).toContainText(/Damaged\s*1/);
  const damaged = page.getByRole("region", { name: "Damaged originals" }).getByRole("listitem");
  await expect(damaged).toContainText("Canon_40D.jpg");
  await expect(damaged).toContainText(person.email);

  // A new password from the admin: the old one no longer signs in.
  await row.getByRole("button", { name: "Reset password" }).click();
  await row.getByLabel("New password").fill("short");
  await row.getByRole("button", { name: "Set password", exact: true }).click();
  await expect(row.getByTestId("form-error")).toContainText(/8 characters/);
  await row.getByLabel("New password").fill("sam's second password");
  await row.getByRole("button", { name: "Set password", exact: true }).click();
  await expect(row.getByRole("status")).toHaveText("The new password is set.");
  const token = (password: string) => page.request.post(`${baseUrl}/api/v1/auth/tokens`, { data: { email: person.email, password } });
  expect((await token(person.password)).status()).toBe(401);
  expect((await token("sam's second password")).status()).toBe(201);
  person.password = "sam's second password";

  // Disabled: the person's open session ends at its next request.
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await theirPage.goto(`${baseUrl}/settings`);
  await expect(theirPage).toHaveURL(/\/login/);
  await theirPage.getByLabel("Email").fill(person.email);
  await theirPage.getByLabel("Password").fill(person.password);
  await theirPage.getByRole("button", { name: "Sign in" }).click();
  await expect(theirPage.getByTestId("form-error")).toContainText(/disabled/);
  await theirs.close();

  await screenshotFromTop(page, testInfo.outputPath("admin-page-disabled.png"));
});
