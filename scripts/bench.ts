// `npm run bench`: the performance benchmark.
//
//   npm run bench                              10k and 100k synthetic assets (plus the demo data)
//   npm run bench -- --sizes 10000,100000,1000000
//   npm run bench -- --json                    JSON only on stdout
//   npm run bench -- --n 300 --warmup 20       requests per operation
//   npm run bench -- --no-build                 measure build/index.js as it is (no rebuild)
//   npm run bench -- --only "plan page"          only the operations whose name contains one of
//                                               these (comma-separated; case does not matter)
//   npm run bench -- --no-cold-start            leave out the cold-start measurements
//   npm run bench -- --no-export                leave out the full HSDS export cases
//   npm run bench -- --load-rate 150 --load-seconds 30
//                                               the load check: mixed reads at a fixed rate from
//                                               a second process against the served site
//   npm run bench -- --no-load                  leave out the load check
//   npm run bench -- --help                     these options
//
// For each size it builds a temporary SQLite directory (the real demo data when the importer
// is there, plus N synthetic assets spread over Great Britain by population), then measures
// every operation through the real request handler of the built site (build/index.js, called
// in-process with `createRequestHandler` from @remix-run/node) in a fresh child process per
// size, so each size has its own peak memory. It also measures the cold start of the server
// (spawn until the first HTTP 200 of `/`), and runs the load check (scripts/bench-load.ts: the
// site served as in production, open-loop mixed reads from a second process over loopback).
// Targets are marked "ok" or "MISS"; the exit code is 0 either way. How and why: docs/decisions/bench-method.md.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { LOAD_OPERATION, LOAD_TARGET_P95_MS, runLoadCheck, type LoadResult } from "./bench-load";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const DATA_DIR = path.resolve(ROOT, "..", "shared", "data");
const DISTRICTS_CSV = path.join(DATA_DIR, "postcodes", "postcode_districts_gb.csv");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
/** The environment of every child: production, and always the embedded index (no MEILI_HOST). */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", MEILI_HOST: undefined, MEILI_API_KEY: undefined };

// ------------------------------------------------------------------ options

interface Options {
  sizes: number[];
  json: boolean;
  n: number;
  warmup: number;
  keep: boolean;
  build: boolean;
  seed: number;
  /** Lower-case parts of operation names to measure; empty: every operation. */
  only: string[];
  coldStart: boolean;
  exports: boolean;
  load: boolean;
  /** Requests per second of the load check, and for how long. */
  loadRate: number;
  loadSeconds: number;
}

const USAGE = `npm run bench -- [options]

  --sizes 10000,100000    synthetic directory sizes (default 10000,100000; 10k and 1M work too);
                          the real demo data is always measured first
  --n 300                 measured requests per operation (default 300)
  --warmup 20             warm-up requests per operation (default 20)
  --only "plan page,match"
                          only operations whose name contains one of these (comma-separated,
                          case does not matter), e.g. --only "costed plan page"
  --no-cold-start         leave out the cold-start measurements
  --no-export             leave out the full HSDS export cases (NDJSON and CSV datapackage)
  --load-rate 150         the load check's rate: mixed reads (search, asset pages and API, clusters,
                          geocode, HSDS services, home page) sent open loop at this many requests/s
                          from a second process to the site served as in production (default 150)
  --load-seconds 30       how long the load check sends (default 30)
  --no-load               leave out the load check (--only load: the load check alone)
  --json                  JSON only on stdout (progress on stderr)
  --seed 42               the random seed of the synthetic data and the queries
  --keep                  keep the benchmark databases (their folder is printed)
  --no-build              measure build/index.js as it is (no rebuild)
  --help                  this text

Quick runs: npm run bench -- --sizes 10000 --n 50 --only "plan page" --no-cold-start
            npm run bench -- --sizes 10000 --only load --no-cold-start --no-export`;

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [10_000, 100_000], json: false, n: 300, warmup: 20, keep: false, build: true, seed: 42, only: [], coldStart: true, exports: true, load: true, loadRate: 150, loadSeconds: 30 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a === "--json") o.json = true;
    else if (a === "--only") o.only = next().split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
    else if (a === "--no-cold-start") o.coldStart = false;
    else if (a === "--keep") o.keep = true;
    else if (a === "--no-build") o.build = false;
    else if (a === "--no-export") o.exports = false;
    else if (a === "--no-load") o.load = false;
    else if (a === "--load-rate") o.loadRate = Number(next());
    else if (a === "--load-seconds") o.loadSeconds = Number(next());
    else if (a === "--sizes") o.sizes = next().split(",").map((s) => Number(s.trim().replace(/k$/i, "000")));
    else if (a === "--n") o.n = Number(next());
    else if (a === "--warmup") o.warmup = Number(next());
    else if (a === "--seed") o.seed = Number(next());
    else throw new Error(`unknown option ${a} (use --sizes, --json, --n, --warmup, --seed, --only, --no-cold-start, --no-export, --load-rate, --load-seconds, --no-load, --keep, --no-build; --help says more)`);
  }
  if (o.sizes.some((s) => !Number.isInteger(s) || s < 0)) throw new Error("--sizes must be whole numbers, e.g. 10000,100000");
  if (!(o.n > 0) || !(o.warmup >= 0)) throw new Error("--n must be positive and --warmup not negative");
  if (!(o.loadRate > 0) || !(o.loadSeconds > 0)) throw new Error("--load-rate and --load-seconds must be positive");
  return o;
}

// ------------------------------------------------------------------ randomness and places

/** A small seeded generator (mulberry32): the same seed always gives the same directory. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
/** A normally distributed number (Box–Muller). */
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

interface District {
  district: string;
  lat: number;
  lng: number;
  /** Unit postcodes in the district: our stand-in for population. */
  weight: number;
  name: string;
}

function readDistricts(): District[] {
  const lines = fs.readFileSync(DISTRICTS_CSV, "utf8").trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const col = (n: string) => head.indexOf(n);
  const [iD, iLat, iLng, iCount, iName] = ["district", "latitude", "longitude", "postcode_count", "admin_district_name"].map(col);
  const out: District[] = [];
  for (const line of lines.slice(1)) {
    // No quoted commas in this file's columns up to admin_district_name.
    const f = line.split(",");
    const lat = Number(f[iLat]);
    const lng = Number(f[iLng]);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    out.push({ district: f[iD], lat, lng, weight: Math.max(1, Number(f[iCount]) || 1), name: f[iName] || f[iD] });
  }
  return out;
}

/** Picks districts in proportion to their weight (binary search over the running total). */
function weightedPicker(list: District[]): (r: () => number) => District {
  const cum: number[] = [];
  let total = 0;
  for (const d of list) cum.push((total += d.weight));
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
}

// ------------------------------------------------------------------ synthetic assets

interface Template {
  kind: string;
  /** Name patterns; {place} is the locality. */
  names: string[];
  categories: string[];
  summary: string;
  /** [min, max] age, either may be null. */
  ages?: [number | null, number | null][];
  hours: number;
  free: number;
  earn?: number;
  spend?: number;
  weight: number;
}

const T = (t: Template) => t;
const TEMPLATES: Template[] = [
  T({ kind: "community_group", names: ["{place} Walking Football", "{place} Walking Netball", "{place} Junior Football Club"], categories: ["football"], summary: "Friendly football for all abilities, every week.", ages: [[null, null], [50, null], [7, 16]], hours: 0.6, free: 0.5, earn: 0.1, weight: 6 }),
  T({ kind: "community_group", names: ["{place} Community Choir", "{place} Singing for the Brain", "{place} Ukulele Club", "{place} Drama Group"], categories: ["arts_music"], summary: "Sing, play and perform together; no experience needed.", hours: 0.6, free: 0.4, earn: 0.1, weight: 6 }),
  T({ kind: "community_group", names: ["{place} Knit and Natter", "{place} Men's Shed", "{place} Friendship Club", "{place} Book Club", "{place} Coffee Morning"], categories: ["social_group"], summary: "A warm welcome, a cuppa and good company.", ages: [[null, null], [18, null]], hours: 0.7, free: 0.6, earn: 0.1, weight: 10 }),
  T({ kind: "community_group", names: ["{place} Community Garden", "{place} Allotment Society", "{place} Green Gym"], categories: ["gardening", "volunteering"], summary: "Grow food and flowers, learn from each other, get outdoors.", hours: 0.5, free: 0.7, earn: 0.3, weight: 5 }),
  T({ kind: "community_group", names: ["{place} Youth Club", "{place} Scouts", "{place} Girls' Brigade", "{place} Young Carers Group"], categories: ["children_young_people"], summary: "Activities, trips and friendship for young people.", ages: [[8, 18], [11, 18], [5, 14]], hours: 0.7, free: 0.6, weight: 6 }),
  T({ kind: "community_group", names: ["{place} Parent and Toddler Group", "{place} Stay and Play", "{place} Baby Sensory"], categories: ["children_young_people", "childrens_centre"], summary: "Play, songs and support for parents and little ones.", ages: [[0, 5]], hours: 0.8, free: 0.5, weight: 5 }),
  T({ kind: "community_group", names: ["{place} Lunch Club", "{place} Tea Dance", "{place} Memory Café", "{place} Good Neighbours"], categories: ["older_people", "cafe"], summary: "Company, a hot meal and activities for older people.", ages: [[55, null], [60, null], [null, null]], hours: 0.8, free: 0.4, earn: 0.1, weight: 6 }),
  T({ kind: "community_group", names: ["{place} Carers' Support Group", "{place} Parent Carers Forum"], categories: ["carers"], summary: "Peer support and a break for unpaid carers.", hours: 0.6, free: 0.9, weight: 3 }),
  T({ kind: "community_group", names: ["{place} Food Bank", "{place} Community Pantry", "{place} Community Fridge"], categories: ["food_bank", "charity"], summary: "Emergency food and a friendly chat; no questions asked.", hours: 0.8, free: 0.9, earn: 0.2, weight: 3 }),
  T({ kind: "community_group", names: ["{place} Parkrun", "{place} Running Club", "{place} Health Walks", "{place} Ramblers"], categories: ["walking", "sports_club"], summary: "Walk or run with others at your own pace.", hours: 0.4, free: 0.8, weight: 4 }),
  T({ kind: "community_group", names: ["{place} Mosque Community Association", "{place} Parish Church", "{place} Gurdwara", "{place} Methodist Chapel"], categories: ["place_of_worship"], summary: "A faith community open to all, with activities through the week.", hours: 0.6, free: 0.9, weight: 3 }),
  T({ kind: "universal_service", names: ["{place} Library", "{place} Central Library", "{place} Library and Information Centre"], categories: ["library"], summary: "Books, computers, free Wi-Fi, rhyme time and reading groups.", hours: 0.95, free: 1, spend: 0.2, weight: 5 }),
  T({ kind: "universal_service", names: ["{place} Leisure Centre", "{place} Swimming Pool", "{place} Sports Centre"], categories: ["leisure_centre", "swimming"], summary: "Swimming, gym and classes, with concessions and carers go free.", hours: 0.95, free: 0, spend: 0.3, weight: 4 }),
  T({ kind: "universal_service", names: ["{place} Medical Practice", "{place} Family Practice", "{place} Health Centre"], categories: ["gp"], summary: "NHS GP surgery; register online or at reception.", hours: 0.95, free: 1, weight: 5 }),
  T({ kind: "universal_service", names: ["{place} Pharmacy", "{place} Chemist"], categories: ["pharmacy"], summary: "Prescriptions, advice and vaccinations.", hours: 0.95, free: 0.2, weight: 5 }),
  T({ kind: "universal_service", names: ["{place} Post Office"], categories: ["post_office"], summary: "Post, banking and bill payments.", hours: 0.95, free: 0, weight: 3 }),
  T({ kind: "universal_service", names: ["{place} Dental Practice"], categories: ["dentist"], summary: "NHS and private dental care.", hours: 0.9, free: 0, weight: 2 }),
  T({ kind: "universal_service", names: ["{place} Jobcentre"], categories: ["jobcentre"], summary: "Help to find work and claim benefits.", hours: 0.95, free: 1, weight: 1 }),
  T({ kind: "place", names: ["{place} Park", "{place} Recreation Ground", "{place} Country Park", "{place} Playing Fields"], categories: ["walking"], summary: "Green space with paths, play areas and benches.", hours: 0.3, free: 1, weight: 6 }),
  T({ kind: "place", names: ["{place} Community Centre", "{place} Village Hall", "{place} Community Hub", "{place} Scout Hut"], categories: ["community_hub"], summary: "Rooms to hire and a busy programme of community activities.", hours: 0.6, free: 0.3, earn: 0.2, spend: 0.1, weight: 6 }),
  T({ kind: "place", names: ["{place} Allotments"], categories: ["gardening"], summary: "Allotment plots; ask about the waiting list.", hours: 0.2, free: 0, weight: 2 }),
  T({ kind: "micro_enterprise", names: ["{place} Home Support", "{place} Care Companions", "{place} Personal Assistants Co-op", "{place} Days Out Support"], categories: ["personal_assistant"], summary: "Small local support for daily life, paid with a personal budget or privately.", ages: [[18, null]], hours: 0.4, free: 0, weight: 5 }),
  T({ kind: "micro_enterprise", names: ["{place} Short Breaks", "{place} Saturday Club", "{place} Holiday Club"], categories: ["short_breaks", "disability"], summary: "Short breaks and activities for disabled children and young people.", ages: [[5, 18], [11, 25]], hours: 0.5, free: 0, weight: 3 }),
  T({ kind: "targeted_service", names: ["{place} Mental Health Support", "{place} Talking Therapies", "{place} Wellbeing Service"], categories: ["mental_health"], summary: "Support for anxiety, low mood and stress; self-referral welcome.", ages: [[16, null], [18, null]], hours: 0.8, free: 1, weight: 3 }),
  T({ kind: "targeted_service", names: ["{place} Disability Advice Centre", "{place} Welfare Rights", "{place} Citizens Advice"], categories: ["advice", "disability"], summary: "Free, confidential advice on benefits, debt and rights.", hours: 0.9, free: 1, weight: 3 }),
  T({ kind: "targeted_service", names: ["{place} Carers Centre", "{place} Dementia Support Service"], categories: ["carers"], summary: "Information, assessments and breaks for carers.", hours: 0.9, free: 1, weight: 2 }),
  T({ kind: "time_credit_scheme", names: ["{place} Time Bank", "{place} Time Credits Network"], categories: ["time_credits", "volunteering"], summary: "Give an hour, earn a credit; spend it on local activities.", hours: 0.5, free: 1, earn: 1, spend: 0.8, weight: 2 }),
  T({ kind: "changing_places_toilet", names: ["{place} Changing Places Toilet", "{place} Shopping Centre Changing Places", "{place} Station Changing Places"], categories: ["changing_places"], summary: "Changing Places toilet with hoist and adult-sized changing bench.", hours: 0.8, free: 1, weight: 1.5 }),
];

const TEMPLATE_PICK = (() => {
  const cum: number[] = [];
  let total = 0;
  for (const t of TEMPLATES) cum.push((total += t.weight));
  return (r: () => number) => {
    const x = r() * total;
    return TEMPLATES[cum.findIndex((c) => c >= x)];
  };
})();

// Valid OSM opening_hours strings (checked against the app's own parser before use).
const HOURS = [
  "Mo-Fr 09:00-17:00",
  "Mo-Fr 08:00-18:30; Sa 09:00-13:00",
  "Mo-Sa 09:00-17:30; Su 10:00-16:00",
  "Mo-Th 09:00-19:00; Fr 09:00-17:00; Sa 10:00-14:00",
  "Tu,Th 10:00-12:00",
  "We 18:30-20:30",
  "Sa 09:00-12:00",
  "Mo 14:00-16:00; Th 10:00-12:00",
  "Mo-Su 06:30-22:00",
  "24/7",
  "Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00",
  "Fr 10:00-14:00",
];

const ACCESS_ODDS: [string, number][] = [
  ["step_free", 0.55],
  ["accessible_toilet", 0.35],
  ["assistance_dogs", 0.25],
  ["hearing_loop", 0.15],
  ["blue_badge_parking", 0.2],
  ["large_print", 0.1],
  ["quiet_space", 0.1],
  ["bsl", 0.04],
  ["changing_places", 0.01],
];

const DESCRIPTION_BITS = [
  "Everyone is welcome, whatever their age or ability.",
  "Run by local volunteers since 2009.",
  "Carers and personal assistants come free.",
  "Please get in touch before your first visit so we can make you welcome.",
  "We can arrange transport for people who need it.",
  "Refreshments are available.",
  "Sessions are relaxed and informal; come along and see.",
  "Wheelchair users welcome; there is a ramp at the side entrance.",
  "Ask at reception about concessions.",
  "We also run a befriending service by phone.",
  "Interpreters can be booked in advance.",
  "Sessions are dementia friendly.",
];

const LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

function syntheticAsset(i: number, r: () => number, pickDistrict: (r: () => number) => District, validHours: string[]) {
  const t = TEMPLATE_PICK(r);
  const d = pickDistrict(r);
  // Jitter around the district centroid (about 1.5 km); keeps the population weighting.
  const lat = d.lat + gauss(r) * 0.0135;
  const lng = d.lng + (gauss(r) * 0.0135) / Math.cos((d.lat * Math.PI) / 180);
  const place = d.name.replace(/ City$/, "");
  const name = pick(r, t.names).replace("{place}", r() < 0.5 ? place : `${place} ${d.district}`);
  const access = ACCESS_ODDS.filter(([, p]) => r() < p).map(([f]) => f);
  const free = r() < t.free;
  const ages = t.ages ? pick(r, t.ages) : [null, null];
  const description = [DESCRIPTION_BITS[i % DESCRIPTION_BITS.length], pick(r, DESCRIPTION_BITS), pick(r, DESCRIPTION_BITS)].join(" ");
  return {
    kind: t.kind,
    name,
    summary: t.summary,
    description,
    lat: Math.max(49.8, Math.min(60.9, lat)),
    lng: Math.max(-8.7, Math.min(1.8, lng)),
    address: `${1 + Math.floor(r() * 200)} ${pick(r, ["High Street", "Church Road", "Station Road", "Park Lane", "Victoria Road", "Mill Lane"])}`,
    locality: place,
    postcode: `${d.district} ${1 + Math.floor(r() * 9)}${pick(r, [...LETTERS])}${pick(r, [...LETTERS])}`,
    location_precision: "exact",
    phone: r() < 0.6 ? `0${1000000000 + Math.floor(r() * 899999999)}` : null,
    email: r() < 0.4 ? `hello${i}@example.org` : null,
    opening_hours: r() < t.hours ? pick(r, validHours) : null,
    cost: free ? { free: true } : r() < 0.6 ? { free: false, details: `£${1 + Math.floor(r() * 8)} a session` } : {},
    age: { min: ages[0], max: ages[1] },
    time_credits: {
      earn: t.earn && r() < t.earn ? "Earn a time credit for every hour you volunteer." : null,
      spend: t.spend && r() < t.spend ? "Spend one time credit for a session." : null,
    },
    categories: t.categories,
    access,
    changing_places: t.kind === "changing_places_toilet" ? { hoist: "ceiling_track", adult_bench: true, room_size_m2: 12, peninsular_wc: true, radar_key: r() < 0.3 } : null,
    is_example: true,
    source: "bench-synthetic",
    source_id: String(i),
    licence: "CC0-1.0",
    attribution: "Synthetic benchmark data (not real places)",
  };
}

// ------------------------------------------------------------------ building the databases

interface Built {
  assets: number;
  synthetic: number;
  demo: number | null;
  ms: number;
}

/** Migrates, imports the demo data (when the importer exists) and the district postcodes. */
async function buildBase(file: string): Promise<{ demo: number | null }> {
  const { openDatabase, migrate } = await import("../db/index");
  const { contextFor } = await import("../app/server/context.server");
  const db = openDatabase(file);
  await migrate(db);
  const ctx = await contextFor(db);
  let demo: number | null = null;
  const importer = path.join(ROOT, "app", "features", "imports", "demo.server.ts");
  if (fs.existsSync(importer)) {
    const mod = (await import(pathToFileURL(importer).href)) as { importDemoData?: (c: typeof ctx) => Promise<unknown> };
    if (typeof mod.importDemoData === "function") {
      await mod.importDemoData(ctx);
      demo = db.sqlite.prepare("SELECT COUNT(*) FROM assets").pluck().get() as number;
    }
  }
  // District centroids (the importer loads these too; INSERT OR IGNORE keeps its rows).
  const ins = db.sqlite.prepare(
    "INSERT OR IGNORE INTO postcodes (postcode, outcode, lat, lng, precision, admin_district) VALUES (?, ?, ?, ?, 'district', ?)",
  );
  db.sqlite.transaction(() => {
    for (const d of readDistricts()) ins.run(d.district, d.district, d.lat, d.lng, d.name);
  })();
  await db.kysely.destroy();
  return { demo };
}

/** Adds `size` synthetic assets through the app's own write path (validation, index in the transaction). */
async function addSynthetic(file: string, size: number, seed: number, log: (s: string) => void): Promise<void> {
  const { openDatabase } = await import("../db/index");
  const { contextFor } = await import("../app/server/context.server");
  const { writeAssetsIn } = await import("../app/features/assets/write-assets.server");
  const { assetInputSchema } = await import("../app/core/asset");
  const { isValidHours } = await import("../app/core/hours");
  const validHours = HOURS.filter(isValidHours);
  if (validHours.length !== HOURS.length) throw new Error(`bench opening hours not valid: ${HOURS.filter((h) => !isValidHours(h)).join(" | ")}`);
  const db = openDatabase(file);
  const ctx = await contextFor(db);
  const districts = readDistricts();
  const pickDistrict = weightedPicker(districts);
  const r = rng(seed);
  const now = new Date();
  const BATCH = 5000;
  const t0 = performance.now();
  for (let start = 0; start < size; start += BATCH) {
    const batch: ReturnType<typeof assetInputSchema.parse>[] = [];
    for (let i = start; i < Math.min(size, start + BATCH); i++) batch.push(assetInputSchema.parse(syntheticAsset(i, r, pickDistrict, validHours)));
    await db.kysely.transaction().execute((tx) => writeAssetsIn(tx, ctx.index, batch, now, { revisions: false }));
    if ((start / BATCH) % 20 === 19) log(`  … ${start + batch.length} assets (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // What `npm run reindex` does at the end of a rebuild: merge the FTS segments.
  db.sqlite.exec("INSERT INTO asset_fts(asset_fts) VALUES ('optimize')");
  db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.kysely.destroy();
}

// ------------------------------------------------------------------ the measuring worker

interface OpStats {
  operation: string;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  max: number;
  target: number | null;
  /** This operation's own peak memory, when it ran in a process of its own (the exports). */
  peak_rss_mb?: number;
  /** What the peak is: the RSS sampled every 50 ms, and the kernel's high-water mark. */
  rss_sampled_mb?: number;
  detail?: string;
}

// ------------------------------------------------------------------ the full HSDS export

interface ExportResult {
  format: "ndjson" | "hsds-csv";
  services: number;
  bytes: number;
  ms: number;
  /** Peak of the process RSS sampled every 50 ms by a worker thread. */
  rss_sampled_mb: number;
  /** The kernel's high-water mark for the process (getrusage maxRSS). */
  max_rss_mb: number;
}

/**
 * The full export as `npm run export` does it (same code, same --max-semi-space-size=64), in a
 * child process of its own so that its memory is its own: time, and the peak RSS, sampled every
 * 50 ms by a worker thread (the export's batches run on the main thread) and as the kernel's
 * high-water mark.
 */
async function exportChild(dbPath: string, format: "ndjson" | "hsds-csv", out: string): Promise<ExportResult> {
  const { Worker } = await import("node:worker_threads");
  const sampler = new Worker(
    `const { parentPort } = require("node:worker_threads");
     let peak = process.memoryUsage.rss();
     const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
     parentPort.on("message", () => { clearInterval(t); peak = Math.max(peak, process.memoryUsage.rss()); parentPort.postMessage(peak); });`,
    { eval: true },
  );
  const { writeNdjson, writeCsvPackage } = await import("../app/features/hsds/export-files.server");
  const { openSnapshot } = await import("../app/features/hsds/export-snapshot.sqlite");
  const t0 = performance.now();
  const snap = openSnapshot(dbPath);
  let counts;
  try {
    counts = format === "ndjson" ? await writeNdjson(snap, out) : await writeCsvPackage(snap, out);
  } finally {
    snap.close();
  }
  const ms = performance.now() - t0;
  const sampled = await new Promise<number>((resolve) => {
    sampler.once("message", resolve);
    sampler.postMessage("stop");
  });
  await sampler.terminate();
  return { format, services: counts.services, bytes: counts.bytes, ms, rss_sampled_mb: sampled / 1048576, max_rss_mb: process.resourceUsage().maxRSS / 1024 };
}

const EXPORT_TARGET_MS = 30_000;

/** Run the export cases for one database, each in its own child; their output files are removed. */
function exportOps(file: string, dir: string, log: (s: string) => void, only: string[] = []): OpStats[] {
  const ops: OpStats[] = [];
  for (const format of ["ndjson", "hsds-csv"] as const) {
    const name = `hsds full export: ${format === "ndjson" ? "NDJSON" : "CSV datapackage"} (streaming)`;
    if (only.length && !only.some((x) => name.toLowerCase().includes(x))) continue;
    const out = path.join(dir, format === "ndjson" ? "export.ndjson" : "export-csv");
    const r = spawnSync(TSX, ["--max-semi-space-size=64", path.join(ROOT, "scripts", "bench.ts"), "--export", file, format, out], {
      cwd: ROOT,
      env: CHILD_ENV,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    fs.rmSync(out, { recursive: true, force: true });
    const label = name;
    if (r.status !== 0) {
      log(`  ${label} failed: ${(r.stderr ?? "").slice(-1000)}`);
      ops.push({ operation: label, n: 1, errors: 1, p50: NaN, p95: NaN, max: NaN, target: EXPORT_TARGET_MS });
      continue;
    }
    const lines = r.stdout.trim().split("\n");
    const e = JSON.parse(lines[lines.length - 1]!) as ExportResult;
    const ms = Math.round(e.ms);
    log(`  ${label}: ${e.services} services, ${(e.bytes / 1e6).toFixed(0)} MB in ${(ms / 1000).toFixed(1)} s, peak RSS ${e.max_rss_mb.toFixed(0)} MB (sampled ${e.rss_sampled_mb.toFixed(0)} MB)`);
    ops.push({
      operation: label,
      n: 1,
      errors: 0,
      p50: ms,
      p95: ms,
      max: ms,
      target: EXPORT_TARGET_MS,
      peak_rss_mb: Math.round(e.max_rss_mb),
      rss_sampled_mb: Math.round(e.rss_sampled_mb),
      detail: `${e.services} services, ${(e.bytes / 1e6).toFixed(0)} MB`,
    });
  }
  return ops;
}

interface WorkerResult {
  assets: number;
  ops: OpStats[];
  peak_rss_mb: number;
  load_ms: number;
}

const WORDS = [
  "football", "choir", "library", "garden", "walking", "carers", "youth", "swimming", "lunch", "knit", "book", "coffee",
  "pharmacy", "advice", "dementia", "toddler", "food bank", "changing places", "time bank", "short breaks", "mental health",
  "community centre", "park", "scouts", "singing", "music", "allotment", "older people", "support", "café",
  // typos and prefixes, as people type them
  "libary", "footbal", "swim", "garde", "dementa", "choi",
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

async function worker(dbPath: string, n: number, warmup: number, seed: number, only: string[] = []): Promise<WorkerResult> {
  const wanted = (operation: string) => only.length === 0 || only.some((o) => operation.toLowerCase().includes(o));
  process.env.DATABASE_PATH = dbPath;
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET ??= "bench-".padEnd(64, "x");
  const { createRequestHandler } = await import("@remix-run/node");
  const build = await import(pathToFileURL(path.join(ROOT, "build", "index.js")).href);
  const handler = createRequestHandler(build, "production");
  const call = async (url: string, body?: unknown): Promise<number> => {
    const init = body === undefined ? undefined : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const res = await handler(new Request(`http://localhost${url}`, init));
    await res.text();
    return res.status;
  };

  // The first request opens and migrates the database and builds the index objects.
  const l0 = performance.now();
  await call("/api/geocode?postcode=M1");
  const loadMs = performance.now() - l0;

  // Query inputs: districts that really are in the database, weighted to populated areas.
  const { openDatabase } = await import("../db/index");
  const ro = openDatabase(dbPath);
  const known = new Set(ro.sqlite.prepare("SELECT postcode FROM postcodes WHERE precision = 'district'").pluck().all() as string[]);
  const assets = ro.sqlite.prepare("SELECT COUNT(*) FROM assets").pluck().get() as number;
  const ids = ro.sqlite.prepare("SELECT id FROM assets ORDER BY random() LIMIT 2000").pluck().all() as string[];
  ro.sqlite.close();
  const districts = readDistricts().filter((d) => known.has(d.district));
  const pickDistrict = weightedPicker(districts);
  const r = rng(seed + 7);
  const enc = encodeURIComponent;
  const CITIES = ["M1", "B1", "LS1", "G1", "EH1", "CF10", "BS1", "NE1", "L1", "S1", "NG1", "SW1A", "E1", "N1", "SE1", "W1D", "NW1", "BN1", "CB1", "OX1"];
  const cityCentres = districts.filter((d) => CITIES.includes(d.district));

  const cityBox = () => {
    const c = pickDistrict(r);
    const z = 10 + Math.floor(r() * 4);
    // A 1280×800 px viewport at zoom z: 360° / 2^z / 256 px per pixel.
    const degPerPx = 360 / (256 * 2 ** z);
    const halfW = 640 * degPerPx;
    const halfH = 400 * degPerPx * Math.cos((c.lat * Math.PI) / 180);
    return { z, bbox: [c.lng - halfW, c.lat - halfH, c.lng + halfW, c.lat + halfH].map((v) => v.toFixed(5)).join(",") };
  };

  // Budget estimates (issue 5): random answers to the seed questionnaires, POSTed as JSON.
  const { SEED_CONFIGS } = await import("../app/core/budget");
  const budgetBody = () => {
    const c = SEED_CONFIGS[r() < 0.5 ? "adult" : "child"];
    const answers = Object.fromEntries(c.questions.map((q) => [q.id, pick(r, ["none", "some", "lots", "exceptional"] as const)]));
    const informal = Object.fromEntries(c.questions.filter((q) => q.informal_support).map((q) => [q.id, pick(r, ["none", "some", "most"] as const)]));
    return { questionnaire: c.questionnaire, answers, informal_support: informal };
  };

  const costsBody = () => ({
    estimate: budgetBody(),
    lines: Array.from({ length: 12 }, (_, i) => {
      const type = pick(r, ["per_hour", "per_session", "per_week", "personal_assistant", "free", "time_credits"] as const);
      return { label: `Support ${i + 1}`, quadrant: pick(r, ["community", "universal", "individual", "targeted"] as const), cost_type: type, unit_pence: Math.floor(r() * 5000), quantity_hundredths: Math.floor(r() * 1000), stream: "adult_social_care" };
    }),
  });

  // The matcher (issue 4): a profile near a populated district with five outcomes, POSTed as JSON.
  const MATCH_OUTCOMES = [
    { statement: "Getting the rest I need", domain: "be_healthy" },
    { statement: "Keeping my friends", domain: "relationships" },
    { statement: "Getting to the football", domain: "enjoy_and_achieve" },
    { statement: "Eating well", domain: "nutrition" },
    { statement: "Finding some work or volunteering", domain: "work_training_education_volunteering" },
    { statement: "Singing in a show", domain: "enjoy_and_achieve" },
  ];
  const matchBody = () => ({
    profile: {
      postcode: pickDistrict(r).district,
      max_travel_km: pick(r, [2, 5, 8]),
      age: Math.floor(r() * 80) + 10,
      access_needs: pick(r, [[], [], ["step_free"], ["changing_places"]]),
      interests: [pick(r, ["music", "football", "gardening", "curry", "swimming"])],
      skills: [pick(r, ["gardening", "cooking", "singing"])],
      available: [pick(r, ["sat", "sun", "mon", "wed"])],
    },
    outcomes: Array.from({ length: 5 }, (_, i) => ({ id: `o${i}`, member: i % 2 ? "mum" : "child", ...MATCH_OUTCOMES[(i + Math.floor(r() * 6)) % 6] })),
  });

  const OPS: { operation: string; target: number | null; url: () => string; body?: () => unknown }[] = [
    { operation: "search: postcode + word", target: 25, url: () => `/api/search?postcode=${enc(pickDistrict(r).district)}&q=${enc(pick(r, WORDS))}` },
    { operation: "search: postcode only", target: 15, url: () => `/api/search?postcode=${enc(pickDistrict(r).district)}` },
    {
      operation: "search: postcode + filters",
      target: null,
      url: () => {
        const f = pick(r, ["access=step_free", "access=changing_places", "free=1", "kind=community_group&kind=place", "category=health", "age=14", "time_credits=earn", "open_now=1"]);
        return `/api/search?postcode=${enc(pickDistrict(r).district)}&radius_km=${pick(r, [2, 5, 10])}&${f}`;
      },
    },
    { operation: "search: words only", target: null, url: () => `/api/search?q=${enc(pick(r, WORDS))}` },
    {
      operation: "clusters: city viewport z10-13",
      target: 30,
      url: () => {
        const v = cityBox();
        return `/api/clusters?bbox=${v.bbox}&zoom=${v.z}`;
      },
    },
    {
      operation: "clusters: GB z6",
      target: 30,
      url: () => `/api/clusters?bbox=${[-8.2 + r() * 0.4, 49.8 + r() * 0.2, 1.8 + r() * 0.4, 58.8 + r() * 0.4].map((v) => v.toFixed(3)).join(",")}&zoom=6`,
    },
    { operation: "asset detail", target: null, url: () => `/api/assets/${pick(r, ids)}` },
    { operation: "geocode", target: null, url: () => `/api/geocode?postcode=${enc((r() < 0.2 ? pick(r, cityCentres) ?? pickDistrict(r) : pickDistrict(r)).district.toLowerCase())}` },
    { operation: "budget estimate", target: 5, url: () => "/api/budget/estimate", body: budgetBody },
    { operation: "match (5 outcomes)", target: 60, url: () => "/api/match", body: matchBody },
    { operation: "costed plan (12 lines)", target: 150, url: () => "/api/budget/costs", body: costsBody },
    // HSDS (issue 6): a page of 50 services anywhere in the first 200 pages (SQL LIMIT/OFFSET).
    { operation: "hsds services (per_page=50)", target: 40, url: () => `/api/hsds/services?per_page=50&page=${1 + Math.floor(r() * 200)}` },
  ];

  const ops: OpStats[] = [];
  for (const op of OPS.filter((o) => wanted(o.operation))) {
    for (let i = 0; i < warmup; i++) await call(op.url(), op.body?.());
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < n; i++) {
      const url = op.url();
      const body = op.body?.();
      const t0 = performance.now();
      const status = await call(url, body);
      times.push(performance.now() - t0);
      // A 404 for a search is an unknown district: still a valid, measured answer.
      if (status !== 200 && status !== 404) errors++;
    }
    times.sort((a, b) => a - b);
    const ms = (v: number) => Math.round(v * 100) / 100;
    ops.push({ operation: op.operation, n, errors, p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), max: ms(times[times.length - 1]), target: op.target });
  }
  if (wanted("save asset (PATCH)")) ops.push(await saveAssetOp(handler, dbPath, ids, n, warmup, r));
  if (wanted(PLAN_PAGE)) ops.push(await planPageOp(handler, dbPath, n, warmup, false));
  if (wanted(COSTED_PLAN_PAGE)) ops.push(await planPageOp(handler, dbPath, n, warmup, true));
  return { assets, ops, peak_rss_mb: process.resourceUsage().maxRSS / 1024, load_ms: loadMs };
}

/**
 * Saving an asset (issue 3, target p95 < 20 ms): a connector PATCHes a changed summary with the
 * version it last saw, through the real handler (auth, validation, write, index update, the new
 * record in the answer).
 */
async function saveAssetOp(
  handler: (req: Request) => Promise<Response>,
  dbPath: string,
  ids: string[],
  n: number,
  warmup: number,
  r: () => number,
): Promise<OpStats> {
  const { openDatabase } = await import("../db/index");
  const { upsertUser } = await import("../app/features/accounts/users.server");
  const { createSession } = await import("../app/features/accounts/sessions.server");
  const db = openDatabase(dbPath);
  const { user } = await upsertUser(db, { email: "bench-connector@example.org", password: "bench password 123", role: "connector" });
  const { token } = await createSession(db, user.id, "bench");
  const versions = new Map<string, number>();
  for (const row of db.sqlite.prepare(`SELECT id, version FROM assets WHERE id IN (${ids.map(() => "?").join(",")})`).all(...ids) as { id: string; version: number }[]) {
    versions.set(row.id, row.version);
  }
  db.sqlite.close();
  process.env.RATE_LIMITS = "off";
  const save = async (i: number) => {
    const id = pick(r, ids);
    const res = await handler(
      new Request(`http://localhost/api/assets/${id}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Cookie: `rw_session=${token}` },
        body: JSON.stringify({ version: versions.get(id), summary: `Checked by the benchmark, save ${i}.` }),
      }),
    );
    const body = (await res.json()) as { version?: number };
    if (res.status === 200 && body.version) versions.set(id, body.version);
    return res.status;
  };
  for (let i = 0; i < warmup; i++) await save(-i);
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const status = await save(i);
    times.push(performance.now() - t0);
    if (status !== 200) errors++;
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 100) / 100;
  return { operation: "save asset (PATCH)", n, errors, p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), max: ms(times[times.length - 1]), target: 20 };
}

const PLAN_PAGE = "plan page with suggestions";
const COSTED_PLAN_PAGE = "costed plan page (5 outcomes, 12 costed lines, a budget)";

/**
 * The plan page with suggestions (issue 4, target p95 < 150 ms server time): a member's plan with
 * five outcomes near Sale, rendered as HTML through the real handler (session, access check, one
 * candidate fetch for the whole plan, the matcher, the page).
 *
 * `costed` (issue 5, the same target): the same page for a plan that also has 12 costed support
 * lines — 8 nearby listings (free, per hour, per session, per week) and 4 that are not listings
 * (personal assistants, a weekly taxi) — and one of the person's saved budgets chosen, so the page
 * also reads the budget, works out the totals per stream and shows the history.
 */
async function planPageOp(handler: (req: Request) => Promise<Response>, dbPath: string, n: number, warmup: number, costed: boolean): Promise<OpStats> {
  const { openDatabase } = await import("../db/index");
  const { upsertUser } = await import("../app/features/accounts/users.server");
  const { createSession } = await import("../app/features/accounts/sessions.server");
  const { createProfile } = await import("../app/features/profiles/profiles.server");
  const { plansOf } = await import("../app/features/plans/plans.server");
  const { addOutcome } = await import("../app/features/plans/outcomes.server");
  const { addItem } = await import("../app/features/plans/items.server");
  const db = openDatabase(dbPath);
  const email = costed ? "bench-costed@example.org" : "bench-member@example.org";
  const { user } = await upsertUser(db, { email, password: "bench password 123", role: "member" });
  const { token } = await createSession(db, user.id, "bench");
  const data = {
    postcode: "M33", max_travel_km: 5, travel_modes: [], access_needs: [], age: 40, languages: [], interests: ["music", "gardening"], culture: [], faith: [],
    skills: ["cooking"], skills_text: "", people: [], people_text: "", assets: [], assets_text: "", resilience: [], resilience_text: "", available: ["sat" as const], personal_budget: costed,
  };
  const profile = await createProfile(db, user, { name: costed ? "Bench family" : "Bench person", data });
  const planId = (await plansOf(db, profile.id))[0].id;
  const outcomes = [
    ["Getting the rest I need", "be_healthy"],
    ["Keeping my friends", "relationships"],
    ["Getting to the football", "enjoy_and_achieve"],
    ["Eating well", "nutrition"],
    ["Finding some volunteering", "work_training_education_volunteering"],
  ] as const;
  const outcomeIds: string[] = [];
  for (const [statement, domain] of outcomes) outcomeIds.push(await addOutcome(db, user, planId, { statement, domain, priority: 3 }));
  if (costed) {
    const { addOwnItem, chooseBudget, setItemCost } = await import("../app/features/plans/plan-costs.server");
    const { saveBudget } = await import("../app/features/budget/budgets.server");
    const { SEED_ADULT } = await import("../app/core/budget");
    const sale = db.sqlite.prepare("SELECT lat, lng FROM postcodes WHERE postcode = 'M33'").get() as { lat: number; lng: number };
    const near = db.sqlite
      .prepare("SELECT id, name FROM assets WHERE status = 'active' ORDER BY (lat - ?) * (lat - ?) + (lng - ?) * (lng - ?) LIMIT 8")
      .all(sale.lat, sale.lat, sale.lng, sale.lng) as { id: string; name: string }[];
    const costs = [
      { cost_type: "free" },
      { cost_type: "free" },
      { cost_type: "time_credits", quantity: "2" },
      { cost_type: "per_session", price: "12.50", quantity: "1", stream: "adult_social_care" },
      { cost_type: "per_hour", price: "18", quantity: "3", stream: "nhs_health" },
      { cost_type: "per_week", price: "40", stream: "adult_social_care" },
      { cost_type: "per_session", price: "6", quantity: "2", stream: "access_to_work" },
      { cost_type: "free" },
    ];
    for (const [i, a] of near.entries()) {
      const itemId = await addItem(db, user, planId, { asset_id: a.id, asset_name: a.name, outcome_id: outcomeIds[i % outcomeIds.length] });
      await setItemCost(db, user, planId, itemId, costs[i % costs.length]);
    }
    const own = [
      { label: "Personal assistant (mornings)", cost_type: "personal_assistant", price: "14", quantity: "10", stream: "adult_social_care" },
      { label: "Personal assistant (evenings)", cost_type: "personal_assistant", price: "15.50", quantity: "6.5", stream: "adult_social_care" },
      { label: "Taxi to the day centre", cost_type: "per_week", price: "25", stream: "adult_social_care" },
      { label: "Job coach", cost_type: "per_hour", price: "22", quantity: "2", stream: "access_to_work" },
    ];
    for (const o of own) await addOwnItem(db, user, planId, { ...o, quadrant: "individual" });
    const answers = Object.fromEntries(SEED_ADULT.questions.map((q, i) => [q.id, (["some", "lots", "some", "none"] as const)[i % 4]]));
    const budget = await saveBudget(db, user, { questionnaire: "adult", answers }, "Bench budget");
    await chooseBudget(db, user, planId, budget.id);
  }
  db.sqlite.close();
  const get = async () => {
    const res = await handler(new Request(`http://localhost/plans/${planId}`, { headers: { Cookie: `rw_session=${token}` } }));
    const html = await res.text();
    if (costed && res.status === 200 && !html.includes("Bench budget")) throw new Error("the costed plan page does not show its budget");
    return res.status;
  };
  for (let i = 0; i < warmup; i++) await get();
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const status = await get();
    times.push(performance.now() - t0);
    if (status !== 200) errors++;
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 100) / 100;
  return { operation: costed ? COSTED_PLAN_PAGE : PLAN_PAGE, n, errors, p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), max: ms(times[times.length - 1]), target: 150 };
}

// ------------------------------------------------------------------ cold start

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Spawn the server and time until `/` first answers 200. */
async function coldStart(script: string, dbPath: string, timeoutMs = 60_000): Promise<{ ms: number; built: boolean }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(TSX, [script], {
    cwd: ROOT,
    env: { ...CHILD_ENV, PORT: String(port), DATABASE_PATH: dbPath, SESSION_SECRET: "bench-".padEnd(64, "x") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (b) => (output += b));
  child.stderr!.on("data", (b) => (output += b));
  let exited = false;
  child.on("exit", () => (exited = true));
  try {
    while (performance.now() - t0 < timeoutMs) {
      if (exited) throw new Error(`the server exited before answering:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) return { ms: performance.now() - t0, built: /Building the site/.test(output) };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no HTTP 200 from / within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`);
  } finally {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// ------------------------------------------------------------------ the driver

/**
 * Rebuild the site when its sources are newer than the build (scripts/build-if-needed.ts), in a
 * child whose output goes to stderr when stdout must carry only JSON.
 */
function ensureBuilt(json: boolean): void {
  const r = spawnSync(TSX, [path.join(ROOT, "scripts", "build-if-needed.ts")], {
    cwd: ROOT,
    env: CHILD_ENV,
    stdio: ["ignore", json ? 2 : "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error("The build failed (see above).");
}

/** Run this script again in a child process and read the JSON it prints last. */
function runSelf<T>(args: string[], log: (s: string) => void): T {
  const r = spawnSync(TSX, [path.join(ROOT, "scripts", "bench.ts"), ...args], {
    cwd: ROOT,
    env: CHILD_ENV,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const line of (r.stderr ?? "").split("\n")) if (line.trim()) log(line);
  if (r.status !== 0) throw new Error(`bench ${args.join(" ")} failed (exit ${r.status})`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

interface SizeReport {
  size: number;
  label: string;
  assets: number;
  demo_assets: number | null;
  generate_ms: number;
  db_mb: number;
  peak_rss_mb: number;
  first_request_ms: number;
  cold_start_ms: { serve: number | null; start: number | null; start_rebuilt: boolean; error?: string };
  ops: OpStats[];
  /** The load check's whole result (also a row of ops), when it ran. */
  load?: LoadResult | { error: string };
}

const COLD_START_TARGET_MS = 5000;

function fmt(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits);
}

function table(reports: SizeReport[]): string {
  const head = ["operation", "size", "n", "p50 ms", "p95 ms", "max ms", "peak RSS MB", "target", "ok"];
  const rows: string[][] = [];
  for (const rep of reports) {
    for (const op of rep.ops) {
      const ok = op.target === null ? "" : op.p95 < op.target && op.errors === 0 ? "ok" : "MISS";
      rows.push([
        op.operation + (op.errors ? ` (${op.errors} errors)` : ""),
        rep.label,
        String(op.n),
        fmt(op.p50, 2),
        fmt(op.p95, 2),
        fmt(op.max, 2),
        fmt(op.peak_rss_mb ?? rep.peak_rss_mb, 0),
        op.target === null ? "" : `p95 < ${op.target}`,
        ok,
      ]);
    }
    const cs = rep.cold_start_ms;
    if (cs.error?.startsWith("not measured")) continue;
    const mark = (ms: number | null) => (ms === null ? "MISS" : ms < COLD_START_TARGET_MS ? "ok" : "MISS");
    rows.push(["cold start: tsx scripts/serve.ts → 200 /", rep.label, "1", fmt(cs.serve, 0), "", "", "", `< ${COLD_START_TARGET_MS}`, mark(cs.serve)]);
    rows.push([
      `cold start: npm start's tsx scripts/start.ts → 200 /${cs.start_rebuilt ? " (rebuilt!)" : ""}`,
      rep.label,
      "1",
      fmt(cs.start, 0),
      "",
      "",
      "",
      `< ${COLD_START_TARGET_MS}`,
      mark(cs.start),
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main() {
  const argv = process.argv.slice(2);

  // Child modes (JSON on the last stdout line, progress on stderr).
  if (argv[0] === "--worker") {
    const [, dbPath, n, warmup, seed, only] = argv;
    const result = await worker(dbPath, Number(n), Number(warmup), Number(seed), only ? only.split(",").filter(Boolean) : []);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  if (argv[0] === "--base") {
    const result = await buildBase(argv[1]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (argv[0] === "--export") {
    const [, dbPath, format, out] = argv;
    const result = await exportChild(dbPath!, format as "ndjson" | "hsds-csv", out!);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  if (argv[0] === "--generate") {
    const [, dbPath, size, seed] = argv;
    await addSynthetic(dbPath, Number(size), Number(seed), (s) => process.stderr.write(`${s}\n`));
    process.stdout.write("{}\n");
    return;
  }

  const opts = parseArgs(argv);
  const log = (s: string) => {
    if (!opts.json) console.log(s);
    else process.stderr.write(`${s}\n`);
  };
  const started = performance.now();

  // The handler under test is the built site: make sure it is current.
  if (opts.build) ensureBuilt(opts.json);
  else if (!fs.existsSync(path.join(ROOT, "build", "index.js"))) throw new Error("--no-build: there is no build/index.js yet");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "realwealth-bench-"));
  log(`Benchmark databases in ${dir}`);
  try {
    const base = path.join(dir, "base.db");
    const b0 = performance.now();
    const { demo } = runSelf<{ demo: number | null }>(["--base", base], log);
    const baseMs = performance.now() - b0;
    log(demo === null ? "Demo data: importer not available yet (app/features/imports), synthetic data only." : `Demo data: ${demo} assets imported in ${(baseMs / 1000).toFixed(1)} s.`);

    const sizes: { size: number; label: string }[] = [];
    if (demo !== null) sizes.push({ size: 0, label: "demo" });
    for (const s of opts.sizes) sizes.push({ size: s, label: s >= 1_000_000 ? `${s / 1_000_000}M` : s >= 1000 ? `${s / 1000}k` : String(s) });

    const reports: SizeReport[] = [];
    for (const { size, label } of sizes) {
      const file = path.join(dir, `bench-${label}.db`);
      fs.copyFileSync(base, file);
      const g0 = performance.now();
      if (size > 0) {
        log(`Generating ${label} synthetic assets …`);
        runSelf<object>(["--generate", file, String(size), String(opts.seed)], log);
      }
      const generateMs = size > 0 ? performance.now() - g0 : baseMs;
      log(`  ${label}: generated in ${(generateMs / 1000).toFixed(1)} s; measuring ${opts.n} requests per operation …`);
      const w = runSelf<WorkerResult>(["--worker", file, String(opts.n), String(opts.warmup), String(opts.seed), opts.only.join(",")], log);
      if (opts.exports) w.ops.push(...exportOps(file, dir, log, opts.only));

      // The load check: the site served as in production, driven from a second process.
      let load: SizeReport["load"];
      if (opts.load && (opts.only.length === 0 || opts.only.some((x) => LOAD_OPERATION.toLowerCase().includes(x)))) {
        const operation = `${LOAD_OPERATION} (${opts.loadRate}/s for ${opts.loadSeconds} s)`;
        try {
          const l = await runLoadCheck({ dbPath: file, rate: opts.loadRate, seconds: opts.loadSeconds, seed: opts.seed, env: CHILD_ENV, log });
          load = l;
          const detail = `achieved ${l.achieved_rps} req/s, p99 ${l.p99} ms, ${l.errors} errors (${l.timeouts} timeouts)`;
          log(`  load: ${detail}, p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms`);
          w.ops.push({ operation, n: l.sent, errors: l.errors, p50: l.p50, p95: l.p95, max: l.max, target: LOAD_TARGET_P95_MS, detail });
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          log(`  load check failed: ${error}`);
          load = { error };
          w.ops.push({ operation, n: 0, errors: 1, p50: NaN, p95: NaN, max: NaN, target: LOAD_TARGET_P95_MS, detail: error.slice(0, 200) });
        }
      }

      // Cold start (the data is already there; the build is current).
      const cold: SizeReport["cold_start_ms"] = { serve: null, start: null, start_rebuilt: false };
      if (!opts.coldStart) cold.error = "not measured (--no-cold-start)";
      else {
        try {
          if (opts.build) ensureBuilt(opts.json);
          cold.serve = Math.round((await coldStart("scripts/serve.ts", file)).ms);
          let st = await coldStart("scripts/start.ts", file);
          // Someone changed a source file meanwhile and start.ts rebuilt the site: that is not a
          // cold start with a current build, so measure again.
          if (st.built) st = await coldStart("scripts/start.ts", file);
          cold.start = Math.round(st.ms);
          cold.start_rebuilt = st.built;
        } catch (e) {
          cold.error = e instanceof Error ? e.message : String(e);
          log(`  cold start failed: ${cold.error}`);
        }
      }
      reports.push({
        size,
        label,
        assets: w.assets,
        demo_assets: demo,
        generate_ms: Math.round(generateMs),
        db_mb: Math.round(fs.statSync(file).size / 1e5) / 10,
        peak_rss_mb: Math.round(w.peak_rss_mb),
        first_request_ms: Math.round(w.load_ms),
        cold_start_ms: cold,
        ops: w.ops,
        ...(load ? { load } : {}),
      });
      if (!opts.keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }

    const result = {
      generated_at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", memory_gb: Math.round(os.totalmem() / 1e9), node: process.version, platform: `${os.platform()} ${os.release()}` },
      method: "in-process: build/index.js through @remix-run/node createRequestHandler, one child process per size; latency includes reading the body",
      requests_per_operation: opts.n,
      warmup_per_operation: opts.warmup,
      total_s: Math.round((performance.now() - started) / 100) / 10,
      sizes: reports,
    };
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      console.log("");
      console.log(table(reports));
      console.log("");
      for (const r of reports) {
        console.log(
          `${r.label}: ${r.assets} assets${r.demo_assets ? ` (${r.demo_assets} demo)` : ""}, ${r.size > 0 ? "synthetic part generated" : "imported"} in ${(r.generate_ms / 1000).toFixed(1)} s, database ${r.db_mb} MB, first request ${r.first_request_ms} ms`,
        );
      }
      for (const r of reports) {
        if (r.load && "rate" in r.load) {
          const l = r.load;
          const mark = l.errors === 0 && l.p95 < LOAD_TARGET_P95_MS && l.achieved_rps >= l.rate * 0.95 ? "ok" : "MISS";
          console.log(
            `${r.label} load check: ${l.rate} req/s asked, ${l.achieved_rps} achieved; p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms; ${l.errors} errors (${l.timeouts} timeouts) of ${l.sent} — ${mark} (target: 0 errors, p95 < ${LOAD_TARGET_P95_MS} ms)`,
          );
          console.log(`  by kind: ${Object.entries(l.by_kind).map(([k, v]) => `${k} p95 ${v.p95} ms${v.errors ? ` (${v.errors} errors)` : ""}`).join("; ")}`);
        }
      }
      console.log(`Machine: ${result.machine.cpus} × ${result.machine.cpu}, Node ${result.machine.node}. Total ${result.total_s} s.`);
      const misses = reports.flatMap((r) => r.ops.filter((o) => o.target !== null && !(o.p95 < o.target && o.errors === 0)).map((o) => `${o.operation} @ ${r.label}`));
      if (misses.length) console.log(`Targets missed: ${misses.join("; ")}`);
    }
  } finally {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    else log(`Kept the databases in ${dir}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
