/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * and a screenshot helper writing test-output/screenshots/<test>-<step>.png.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../../test-output/screenshots/", import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Screenshots the whole page as <test>-<step>.png and returns the file name. */
export async function shot(page: Page, test: string, step: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${test}-${step}.png`;
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage: true });
  return file;
}

/** The visible text of <main>. */
export function mainText(page: Page): Promise<string> {
  return page.locator("main").innerText();
}
