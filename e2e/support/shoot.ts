import fs from "node:fs";
import type { Page, TestInfo } from "@playwright/test";

// A screenshot attached to the test report and kept in the test's output folder; with
// T2S_UPDATE_SCREENSHOTS=1 it also replaces the README's copy in public/screenshots. Toasts are
// hidden so a picture shows the screen, not the last notification.

export const UPDATE_SCREENSHOTS = process.env.T2S_UPDATE_SCREENSHOTS === "1";

export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.addStyleTag({ content: "[data-sonner-toaster]{display:none !important}" });
  const body = await page.screenshot({ fullPage: false });
  await testInfo.attach(name, { body, contentType: "image/png" });
  fs.writeFileSync(testInfo.outputPath(`${name}.png`), body);
  if (UPDATE_SCREENSHOTS) fs.writeFileSync(`public/screenshots/${name}.png`, body);
}
