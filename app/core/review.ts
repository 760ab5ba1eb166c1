// Review dates: every asset is checked again a year after it was last confirmed, and the
// connector dashboard lists what is due. Plain data and date maths, no I/O.

/** After "still correct", the next review is this many months away. */
export const REVIEW_INTERVAL_MONTHS = 12;
/** "Due soon" means due within this many days. */
export const DUE_SOON_DAYS = 30;

/** Where the dashboard looks when a connector has not set an area: the middle of Trafford. */
export const DEFAULT_AREA = { label: "the middle of Trafford", lat: 53.4255, lng: -2.3537 } as const;
export const AREA_RADII_KM = [2, 5, 10, 20, 50] as const;
export const DEFAULT_AREA_RADIUS_KM = 10;

/** YYYY-MM-DD of a date (UTC). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The same day `months` later (the last day of the month when that day does not exist). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(date.getUTCDate(), last));
  return d;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The next review date after a check on `now`. */
export function nextReviewDate(now: Date): string {
  return isoDate(addMonths(now, REVIEW_INTERVAL_MONTHS));
}

export type ReviewState = "overdue" | "due_soon" | "ok" | "none";

export function reviewState(reviewDue: string | null, now: Date): ReviewState {
  if (!reviewDue) return "none";
  const day = reviewDue.slice(0, 10);
  if (day < isoDate(now)) return "overdue";
  if (day <= isoDate(addDays(now, DUE_SOON_DAYS))) return "due_soon";
  return "ok";
}
