// Map clustering shared by every SearchIndex: one set of options (so markers on the map are
// spaced the same whichever index serves them) and one mapping to ClusterFeature.
import Supercluster from "supercluster";
import type { BBox } from "../app/core/geo";
import type { Kind } from "../app/core/taxonomy";
import { assetUrl, type ClusterFeature } from "./types";

export interface ClusterPoint {
  id: string;
  kind: Kind;
  name: string;
  lat: number;
  lng: number;
}

/**
 * radius 120 (about 60 screen pixels with 256 px tiles) and minPoints 2: any two places closer than
 * that become one group, so targets on the map keep their distance (WCAG 2.5.8); maxZoom 18 is the
 * map's deepest zoom.
 */
export const CLUSTER_OPTIONS = { radius: 120, maxZoom: 18, minPoints: 2 } as const;
const MAX_EXPANSION_ZOOM = 18;

export function buildClusterIndex(points: ClusterPoint[]): Supercluster {
  const index = new Supercluster({ ...CLUSTER_OPTIONS });
  index.load(
    points.map((p) => ({
      type: "Feature" as const,
      geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] },
      properties: { id: p.id, kind: p.kind, name: p.name },
    })),
  );
  return index;
}

export function clusterFeatures(index: Supercluster, bbox: BBox, zoom: number): ClusterFeature[] {
  return index.getClusters(bbox, Math.max(0, Math.min(20, Math.round(zoom)))).map((f) => {
    const [lng, lat] = f.geometry.coordinates;
    const p = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: string; kind?: Kind; name?: string };
    if (p.cluster) {
      return {
        type: "cluster" as const,
        id: p.cluster_id!,
        lat,
        lng,
        count: p.point_count!,
        expansion_zoom: Math.min(index.getClusterExpansionZoom(p.cluster_id!), MAX_EXPANSION_ZOOM),
      };
    }
    return { type: "asset" as const, id: p.id!, lat, lng, kind: p.kind!, name: p.name!, url: assetUrl(p.id!) };
  });
}
