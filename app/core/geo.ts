// Geo maths for the directory: great-circle distance and bounding boxes. No I/O.

export interface LatLng {
  lat: number;
  lng: number;
}
/** A box as [minLng, minLat, maxLng, maxLat] (the GeoJSON / `bbox=` order). */
export type BBox = [number, number, number, number];

const EARTH_RADIUS_KM = 6371.0088;
const toRad = (d: number) => (d * Math.PI) / 180;

/** Haversine distance in kilometres. */
export function distanceKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const dLat = toRad(bLat - aLat);
  const dLng = toRad(bLng - aLng);
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(aLat)) * Math.cos(toRad(bLat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The smallest lat/lng box that holds every point within `radiusKm` of the origin. */
export function bboxAround(lat: number, lng: number, radiusKm: number): BBox {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cos = Math.cos(toRad(lat));
  const dLng = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return [lng - dLng, Math.max(-90, lat - dLat), lng + dLng, Math.min(90, lat + dLat)];
}

export function isValidLat(v: number): boolean {
  return Number.isFinite(v) && v >= -90 && v <= 90;
}
export function isValidLng(v: number): boolean {
  return Number.isFinite(v) && v >= -180 && v <= 180;
}

/** Round a distance for display and for the API (10 m). */
export function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/** "300 m" below a kilometre, "1.2 km" above. */
export function formatDistance(km: number): string {
  // Decide the unit on the rounded value, so 0.9996 km reads "1.0 km", not "1000 m".
  const metres = Math.max(10, Math.round((km * 1000) / 10) * 10);
  if (metres < 1000) return `${metres} m`;
  if (km < 9.95) return `${km.toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

/** Centre of a polygon ring (mean of its distinct vertices); good enough for building footprints. */
export function ringCentre(ring: number[][]): LatLng | null {
  const pts = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
    ? ring.slice(0, -1)
    : ring;
  if (pts.length === 0) return null;
  let lng = 0;
  let lat = 0;
  for (const [x, y] of pts) {
    lng += x;
    lat += y;
  }
  return { lat: lat / pts.length, lng: lng / pts.length };
}
