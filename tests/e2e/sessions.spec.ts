import { randomUUID } from "node:crypto";
import { SIGNED_OUT_PATH } from "@/lib/pwa/cache-names";
import { expect, test } from "./test";

test("a token made to expire shows when; Sign out everywhere in Settings signs out every browser and ends every token", async ({
  page,
  browser,
}, testInfo) => {
  const email = `e2e-${randomUUID()}@example.com`;
  const password = "a good long password";
  // Signs this browser up (page.request shares its cookies).
  expect((await page.request.post("/api/v1/auth/signup", { data: { email, password } })).status()).toBe(201);

  // A second browser of the same person, signed in through the form.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const otherPage = await other.newPage();
  await otherPage.goto("/login");
  await otherPage.getByLabel("Email").fill(email);
  await otherPage.getByLabel("Password").fill(password);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByTestId("user-email")).toContainText(email);

  await page.goto("/settings");
  await page.getByLabel("Token label (optional)").fill("Laptop");
  await page.getByLabel("Expires").selectOption({ label: "In 90 days" });
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("api-token")).toContainText(/pb_[\w-]{40,}/);
  const token = (await page.getByTestId("api-token").textContent())!.trim();
  const inNinetyDays = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(Date.now() + 90 * 86_400_000);
  await expect(page.getByText(`until ${inNinetyDays}, when it expires`)).toBeVisible();
  await expect(page.getByTestId("api-token-row").filter({ hasText: "Laptop" }).getByTestId("api-token-expiry")).toHaveText(`expires ${inNinetyDays}`);
  await expect(page.getByLabel("Expires")).toHaveValue(""); // the form starts over at "Never"
  await page.getByRole("region", { name: "Devices & API tokens" }).screenshot({ path: testInfo.outputPath("token-expiry.png") });
  const authorized = () => page.request.get("/api/v1/photos", { headers: { authorization: `Bearer ${token}` } });
  expect((await authorized()).status()).toBe(200);

  const section = page.getByRole("region", { name: "Sign out everywhere" });
  await section.screenshot({ path: testInfo.outputPath("sign-out-everywhere.png") });
  await section.getByRole("button", { name: "Sign out everywhere" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sign-out-everywhere-confirm.png") });
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await authorized()).status()).toBe(200);

  await section.getByRole("button", { name: "Sign out everywhere" }).click();
  const signedOut = page.waitForResponse((response) => response.url().endsWith(SIGNED_OUT_PATH));
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  // As after Sign out, the browser's own cache of the account's thumbnails is cleared.
  expect((await (await signedOut).allHeaders())["clear-site-data"]).toBe('"cache"');
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect((await authorized()).status()).toBe(401);

  // The other browser is signed out too: its next page is the sign-in page.
  await otherPage.goto("/settings");
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  // Signing in again works, and the old token is gone from the list.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-email")).toContainText(email);
  await page.goto("/settings");
  await expect(page.getByText(/no tokens yet/i)).toBeVisible();
});
