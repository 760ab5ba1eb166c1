// The results map (browser only): Leaflet through react-leaflet, markers clustered on the
// server (/api/clusters). It is an enhancement beside the list, never the only way in.
import { useEffect, useMemo, useRef, useState } from "react";
import L from "leaflet";
import { Circle, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { KIND_LABELS, type Kind } from "~/core/taxonomy";
import type { ClusterFeature } from "../../search/types";

export interface MapView {
  bbox: [number, number, number, number];
  zoom: number;
  /** False for the first view and for moves the page made itself. */
  byUser: boolean;
}

interface Props {
  tileUrl: string;
  tileAttribution: string;
  /** Query string of filters for /api/clusters (q, kind, category, access, lat/lng/radius_km, ...). */
  filters: string;
  origin: { lat: number; lng: number; label: string } | null;
  radiusKm: number;
  onView?: (view: MapView) => void;
}

const TRAFFORD: L.LatLngBoundsExpression = [
  [53.37, -2.47],
  [53.48, -2.25],
];

function zoomForRadius(km: number): number {
  if (km <= 1) return 14;
  if (km <= 2) return 13;
  if (km <= 5) return 12;
  if (km <= 10) return 11;
  if (km <= 20) return 10;
  return 9;
}

function clusterIcon(count: number): L.DivIcon {
  // Targets of at least 32 px, spaced by the server's clustering (WCAG 2.5.8).
  const size = count < 10 ? 32 : count < 100 ? 36 : count < 1000 ? 40 : 44;
  return L.divIcon({
    html: `<span aria-hidden="true">${count}</span>`,
    className: "cluster-icon",
    iconSize: [size, size],
  });
}

const assetIcons = new Map<string, L.DivIcon>();
function assetIcon(kind: string): L.DivIcon {
  let icon = assetIcons.get(kind);
  if (!icon) {
    icon = L.divIcon({ html: "", className: `asset-icon kind-${kind}`, iconSize: [28, 28] });
    assetIcons.set(kind, icon);
  }
  return icon;
}

function Features({ filters, onView }: { filters: string; onView?: (v: MapView) => void }) {
  const map = useMap();
  const [features, setFeatures] = useState<ClusterFeature[]>([]);
  // The initial view is set when the map is created, without a moveend; every later move
  // (dragging, zoom buttons, keys, selecting a cluster) is the person's.
  const programmatic = useRef(0);
  const seq = useRef(0);

  const load = useMemo(
    () => async (byUser: boolean) => {
      const b = map.getBounds();
      const bbox: [number, number, number, number] = [
        Math.max(-180, b.getWest()),
        Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(90, b.getNorth()),
      ];
      const zoom = Math.round(map.getZoom());
      const my = ++seq.current;
      const p = new URLSearchParams(filters);
      p.set("bbox", bbox.map((n) => n.toFixed(5)).join(","));
      p.set("zoom", String(Math.max(0, Math.min(20, zoom))));
      try {
        const res = await fetch(`/api/clusters?${p.toString()}`);
        if (!res.ok || my !== seq.current) return;
        const body = (await res.json()) as { features: ClusterFeature[] };
        setFeatures(body.features);
      } catch {
        /* the list still works without the map */
      }
      onView?.({ bbox, zoom, byUser });
    },
    [map, filters, onView],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  useMapEvents({
    moveend() {
      const byUser = programmatic.current === 0;
      if (programmatic.current > 0) programmatic.current--;
      void load(byUser);
    },
  });

  return (
    <>
      {features.map((f) =>
        f.type === "cluster" ? (
          <Marker
            key={`c${f.id}`}
            position={[f.lat, f.lng]}
            icon={clusterIcon(f.count)}
            title={`${f.count} places here. Select to zoom in.`}
            alt={`${f.count} places here. Select to zoom in.`}
            keyboard
            eventHandlers={{ click: () => map.setView([f.lat, f.lng], f.expansion_zoom) }}
          />
        ) : (
          <Marker
            key={f.id}
            position={[f.lat, f.lng]}
            icon={assetIcon(f.kind)}
            title={`${f.name} (${KIND_LABELS[f.kind as Kind] ?? f.kind})`}
            alt={`${f.name} (${KIND_LABELS[f.kind as Kind] ?? f.kind})`}
            keyboard
            eventHandlers={{ click: () => window.location.assign(f.url) }}
          />
        ),
      )}
    </>
  );
}

export default function ResultsMap({ tileUrl, tileAttribution, filters, origin, radiusKm, onView }: Props) {
  const center: L.LatLngExpression | undefined = origin ? [origin.lat, origin.lng] : undefined;
  return (
    <div className="map" role="region" aria-label="Map of results" aria-describedby="map-note">
      <MapContainer
        key={origin ? `${origin.lat},${origin.lng},${radiusKm}` : "trafford"}
        center={center}
        zoom={origin ? zoomForRadius(radiusKm) : undefined}
        bounds={origin ? undefined : TRAFFORD}
        style={{ height: "100%", width: "100%" }}
        scrollWheelZoom={false}
        keyboard
      >
        <TileLayer url={tileUrl} attribution={tileAttribution} />
        {origin ? (
          <Circle center={[origin.lat, origin.lng]} radius={radiusKm * 1000} pathOptions={{ color: "#005a4e", weight: 2, fillOpacity: 0.04 }} />
        ) : null}
        <Features filters={filters} onView={onView} />
      </MapContainer>
    </div>
  );
}
