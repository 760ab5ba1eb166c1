// Shared pieces of the end-to-end tests (vitest's e2e project only; it imports vitest): a test
// server on its own copy of the demo database with the accounts a story needs, a browser, and
// the axe check that fails on serious or critical WCAG 2.2 AA problems.
//
//   let stage: Stage;
//   beforeAll(async () => { stage = await startStage([{ email: "c@x.test", role: "connector", name: "Cara" }], PASSWORD); });
//   afterAll(() => stage?.stop());
//   await stage.signIn(page, "c@x.test");
//   await expectAccessible(page);
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { axe, formatViolations, launchBrowser, signInWithForm, type TestBrowser } from "./browser";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "./server";

export interface Stage {
  server: TestServer;
  browser: TestBrowser;
  users: Record<string, TestUser>;
  /** Sign in through the real form, with the stage's password. */
  signIn(page: Page, email: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startStage(accounts: { email: string; role: TestUser["role"]; name?: string }[], password: string, env?: Record<string, string>): Promise<Stage> {
  const server = await startTestServer(env ? { env } : {});
  const users: Record<string, TestUser> = {};
  for (const a of accounts) users[a.email] = await createTestUser(server.dbPath, { ...a, password });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    users,
    signIn: (page, email) => signInWithForm(page, server.baseUrl, email, password),
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

/** axe-core on the page as it is now: no serious or critical violations (the page's address is in the message). */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axe(page);
  expect(violations, `${page.url()}\n${formatViolations(violations)}`).toEqual([]);
}
