/**
 * Browser helpers for end-to-end tests: headless Debian Chromium through playwright-core, with
 * every request outside 127.0.0.1/localhost blocked (tests never touch the internet), and an
 * accessibility check with axe-core (WCAG 2.2 AA).
 *
 * Usage (tests/e2e/*.test.ts; see tests/e2e/smoke.test.ts):
 *
 *   import { launchBrowser, axe, formatViolations, type TestBrowser } from "../helpers/browser";
 *   import { startTestServer, type TestServer } from "../helpers/server";
 *
 *   let server: TestServer;
 *   let browser: TestBrowser;
 *   beforeAll(async () => {
 *     server = await startTestServer();
 *     browser = await launchBrowser();
 *   });
 *   afterAll(async () => {
 *     await browser?.close();
 *     await server?.stop();
 *   });
 *
 *   it("has no serious accessibility problems", async () => {
 *     const { page, blocked, errors } = await browser.newPage();
 *     await page.goto(server.url("/"));
 *     const violations = await axe(page);
 *     expect(violations, formatViolations(violations)).toEqual([]);
 *     expect(blocked).toEqual([]);     // no request tried to leave the machine
 *     expect(errors).toEqual([]);      // no uncaught errors or console.error in the page
 *   });
 *
 * Exports:
 *   CHROMIUM_PATH (env CHROMIUM_PATH, default /usr/bin/chromium), CHROMIUM_ARGS,
 *   CHROMIUM_MISSING_MESSAGE, assertChromium()
 *   launchBrowser(options?) → TestBrowser { browser, newPage(contextOptions?), close() }
 *     newPage() → { page, context, blocked: string[], errors: string[] } (a fresh context each time)
 *   axe(page, options?) → the serious and critical violations (AxeViolation[]); options:
 *     { include?: string[], exclude?: string[], disableRules?: string[], impacts?: Impact[] }
 *   formatViolations(violations) → text naming each rule, its help and the failing nodes
 *   AXE_TAGS — the WCAG tags checked
 *
 * Chromium is required: when it is missing, every e2e test FAILS (it is not skipped) with a
 * message saying how to install it (`apt-get install -y chromium`): newPage() throws, and
 * tests/helpers/e2e-setup.ts checks before each test.
 */
import fs from "node:fs";
import axeCore from "axe-core";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const CHROMIUM_MISSING_MESSAGE =
  `Chromium was not found at ${CHROMIUM_PATH}: the end-to-end tests need it. ` +
  "Install it with `apt-get install -y chromium` (Debian/Ubuntu, as root), or set CHROMIUM_PATH.";

export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING_MESSAGE);
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** URLs the page tried to load from anywhere but this machine (they were aborted). */
  blocked: string[];
  /** Uncaught page errors and console.error messages. */
  errors: string[];
}

export interface TestBrowser {
  browser: Browser;
  /** A page in a fresh browser context (its own cookies and storage). */
  newPage(options?: BrowserContextOptions): Promise<TestPage>;
  /** Close every context and the browser. Safe to call twice. */
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Launch headless Chromium. Playwright gives every launch a fresh, temporary user-data-dir
 * (removed on close), so no profile state leaks between runs.
 */
export async function launchBrowser(options: { slowMo?: number } = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    // Not thrown here: a failing beforeAll would make vitest report the tests as *skipped*.
    // Instead every test that uses the browser fails with the message (see also e2e-setup.ts).
    const error = () => new Error(CHROMIUM_MISSING_MESSAGE);
    return {
      get browser(): Browser {
        throw error();
      },
      newPage: async () => {
        throw error();
      },
      close: async () => undefined,
    };
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    slowMo: options.slowMo,
    timeout: 60_000,
  });
  const contexts = new Set<BrowserContext>();
  let closed = false;
  return {
    browser,
    async newPage(contextOptions: BrowserContextOptions = {}) {
      const context = await browser.newContext({ locale: "en-GB", timezoneId: "Europe/London", ...contextOptions });
      contexts.add(context);
      const blocked: string[] = [];
      const errors: string[] = [];
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if ((url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:") && !LOCAL_HOSTS.has(url.hostname)) {
          blocked.push(url.href);
          return route.abort("blockedbyclient");
        }
        return route.continue();
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.setDefaultNavigationTimeout(30_000);
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        const text = m.text();
        // Requests we blocked on purpose show up as console errors too; they are in `blocked`.
        if (/ERR_BLOCKED_BY_CLIENT/.test(text)) return;
        errors.push(`console.error: ${text}`);
      });
      return { page, context, blocked, errors };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

// ------------------------------------------------------------------ accessibility (axe-core)

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export type Impact = "minor" | "moderate" | "serious" | "critical";

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  helpUrl: string;
  description: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

export interface AxeOptions {
  /** CSS selectors to check (default: the whole page). */
  include?: string[];
  /** CSS selectors to leave out (e.g. a third-party widget). */
  exclude?: string[];
  /** axe rule ids to turn off — say why next to the call. */
  disableRules?: string[];
  /** Which impacts count (default: serious and critical). */
  impacts?: Impact[];
}

/**
 * Run axe-core in the page with the WCAG 2.2 AA rule set and return the violations whose impact
 * is serious or critical (or `options.impacts`). Tests should expect an empty list and print
 * formatViolations() when it is not.
 */
export async function axe(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  // Evaluated, not added as a <script>: the site's Content-Security-Policy refuses inline
  // scripts (and says so in the console, which the tests count as a page error).
  if (!loaded) await page.evaluate(axeCore.source);
  const impacts = options.impacts ?? ["serious", "critical"];
  const violations = (await page.evaluate(
    async ({ tags, include, exclude, disableRules }) => {
      const a = (window as unknown as { axe: typeof import("axe-core") }).axe;
      const context: Record<string, unknown> = {};
      if (include?.length) context.include = include.map((s) => [s]);
      if (exclude?.length) context.exclude = exclude.map((s) => [s]);
      const rules: Record<string, { enabled: boolean }> = {};
      for (const r of disableRules ?? []) rules[r] = { enabled: false };
      const result = await a.run((Object.keys(context).length ? context : document) as never, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
        rules,
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        description: v.description,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
      }));
    },
    { tags: AXE_TAGS, include: options.include, exclude: options.exclude, disableRules: options.disableRules },
  )) as AxeViolation[];
  return violations
    .map(withoutMapMarkerTargets)
    .filter((v) => v.nodes.length > 0 && v.impact !== null && impacts.includes(v.impact));
}

/**
 * WCAG 2.5.8 (target size) has an "Equivalent" exception: a target may be small or crowded when
 * the same function is available through another control on the page that meets the criterion.
 * Every map marker (a place, or a group of places) is also a link in the results list beside the
 * map, so target-size findings on Leaflet markers alone are dropped. Any other target still fails.
 */
function withoutMapMarkerTargets(v: AxeViolation): AxeViolation {
  if (v.id !== "target-size") return v;
  return { ...v, nodes: v.nodes.filter((n) => !n.html.includes("leaflet-marker-icon")) };
}

/** A readable report: each rule id, its impact and help, and the targets of the failing nodes. */
export function formatViolations(violations: AxeViolation[]): string {
  if (violations.length === 0) return "no accessibility violations";
  return [
    `${violations.length} accessibility violation(s):`,
    ...violations.map((v) =>
      [
        `- ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
        ...v.nodes.slice(0, 10).map((n) => `    at ${n.target.join(" ")}: ${n.html.slice(0, 160)}`),
        ...(v.nodes.length > 10 ? [`    … and ${v.nodes.length - 10} more`] : []),
      ].join("\n"),
    ),
  ].join("\n");
}

/** Sign in through the /signin form, as a person would, and wait until the site has moved on. */
export async function signInWithForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/signin")), page.getByRole("button", { name: "Sign in" }).click()]);
}
