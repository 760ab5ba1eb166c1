// A small map of one place (browser only). The address and directions link sit beside it.
import L from "leaflet";
import { MapContainer, Marker, TileLayer } from "react-leaflet";

const icon = L.divIcon({ html: "", className: "asset-icon", iconSize: [22, 22] });

export default function AssetMap({ lat, lng, name, tileUrl, tileAttribution }: { lat: number; lng: number; name: string; tileUrl: string; tileAttribution: string }) {
  return (
    <div className="map" style={{ height: "16rem" }} role="region" aria-label={`Map showing where ${name} is`}>
      <MapContainer center={[lat, lng]} zoom={15} style={{ height: "100%", width: "100%" }} scrollWheelZoom={false}>
        <TileLayer url={tileUrl} attribution={tileAttribution} />
        <Marker position={[lat, lng]} icon={icon} title={name} alt={name} keyboard={false} />
      </MapContainer>
    </div>
  );
}
