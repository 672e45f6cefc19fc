import { randomUUID } from "node:crypto";
import { expect, test } from "./test";

test("a new user signs up, gets an API token, signs out and back in", async ({ page }, testInfo) => {
  const email = `e2e-${randomUUID()}@example.com`;
  const password = "a good long password";

  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("link", { name: /create one/i }).click();
  await expect(page).toHaveURL(/\/signup/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("form-error")).toContainText(/8 characters/);

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-email")).toContainText(email);
  await expect(page.getByTestId("empty-library")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("home.png"), fullPage: true });

  // API tokens live on the settings page, linked from the header.
  await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId("user-email")).toContainText(email);
  await page.getByLabel("Token label (optional)").fill("Phone");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("api-token")).toContainText(/pb_[\w-]{40,}/);
  const token = (await page.getByTestId("api-token").textContent())!.trim();
  const row = page.getByTestId("api-token-row").filter({ hasText: "Phone" });
  await expect(row).toContainText(/never used/);
  await page.screenshot({ path: testInfo.outputPath("token.png"), fullPage: true });
  // The settings page points API users at the contract, which the server answers.
  const contract = await page.request.get((await page.getByRole("link", { name: /OpenAPI document/ }).getAttribute("href"))!);
  expect(await contract.json()).toMatchObject({ openapi: "3.1.0", paths: { "/api/v1/photos": expect.any(Object) } });

  // Revoked from the list, after confirming: the token stops working at once.
  const authorized = () => page.request.get("/api/v1/photos", { headers: { authorization: `Bearer ${token}` } });
  expect((await authorized()).status()).toBe(200);
  await row.getByRole("button", { name: /revoke/i }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-token-row")).toHaveCount(0);
  await expect(page.getByText(/no tokens yet/i)).toBeVisible();
  expect((await authorized()).status()).toBe(401);

  await page.getByRole("banner").getByRole("link", { name: "Photo Backup" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toContainText(/wrong email or password/i);
  await page.screenshot({ path: testInfo.outputPath("login-error.png"), fullPage: true });

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-email")).toContainText(email);
});
