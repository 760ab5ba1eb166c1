// Drop a pin (browser only): a small Leaflet map beside the latitude and longitude boxes of the
// asset form. Clicking the map, or the button (for keyboards), fills in the boxes and chooses
// "At an exact point". Without JavaScript the boxes are plain inputs and this never loads.
import { useEffect, useRef, useState } from "react";
import L from "leaflet";
import { MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { DEFAULT_AREA } from "~/core/review";

const icon = L.divIcon({ html: "", className: "asset-icon", iconSize: [24, 24] });

function readBoxes(): [number, number] | null {
  const lat = Number((document.getElementById("f-lat") as HTMLInputElement | null)?.value.trim() || NaN);
  const lng = Number((document.getElementById("f-lng") as HTMLInputElement | null)?.value.trim() || NaN);
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? [lat, lng] : null;
}

function fillBoxes(lat: number, lng: number) {
  const set = (id: string, v: string) => {
    const el = document.getElementById(id) as HTMLInputElement | null;
    if (el) el.value = v;
  };
  set("f-lat", lat.toFixed(6));
  set("f-lng", lng.toFixed(6));
  const pin = document.getElementById("f-location_mode-pin") as HTMLInputElement | null;
  if (pin) pin.checked = true;
}

function Picker({ pin, onPick }: { pin: [number, number] | null; onPick: (p: [number, number]) => void }) {
  const map = useMap();
  useMapEvents({
    click(e) {
      onPick([e.latlng.lat, e.latlng.lng]);
    },
  });
  // Follow the boxes when someone types coordinates.
  useEffect(() => {
    const onChange = () => {
      const p = readBoxes();
      if (p) {
        onPick(p);
        map.setView(p, Math.max(map.getZoom(), 15));
      }
    };
    const ids = ["f-lat", "f-lng"];
    for (const id of ids) document.getElementById(id)?.addEventListener("change", onChange);
    return () => {
      for (const id of ids) document.getElementById(id)?.removeEventListener("change", onChange);
    };
  }, [map, onPick]);
  return pin ? <Marker position={pin} icon={icon} keyboard={false} title="The pin" alt="The pin" /> : null;
}

function CentreButton({ onPick }: { onPick: (p: [number, number]) => void }) {
  const map = useMap();
  useEffect(() => {
    const btn = document.getElementById("pin-centre");
    const onClick = () => {
      const c = map.getCenter();
      onPick([c.lat, c.lng]);
    };
    btn?.addEventListener("click", onClick);
    return () => btn?.removeEventListener("click", onClick);
  }, [map, onPick]);
  return null;
}

export default function LocationPicker({ tileUrl, tileAttribution }: { tileUrl: string; tileAttribution: string }) {
  const [pin, setPin] = useState<[number, number] | null>(() => readBoxes());
  const [said, setSaid] = useState("");
  const start = useRef<[number, number]>(pin ?? [DEFAULT_AREA.lat, DEFAULT_AREA.lng]);
  const onPick = useRef((p: [number, number]) => {
    setPin(p);
    fillBoxes(p[0], p[1]);
    setSaid(`Pin dropped at latitude ${p[0].toFixed(5)}, longitude ${p[1].toFixed(5)}. The boxes above are filled in.`);
  }).current;
  return (
    <div className="location-picker">
      <p className="hint" id="pin-hint">
        Or drop a pin: click the map at the right place. With a keyboard, move the map with the arrow keys and zoom with + and
        −, then use the button to put the pin in the middle.
      </p>
      <div className="map pin-map" role="region" aria-label="Map for dropping a pin" aria-describedby="pin-hint">
        <MapContainer center={start.current} zoom={pin ? 16 : 12} style={{ height: "100%", width: "100%" }} scrollWheelZoom={false}>
          <TileLayer url={tileUrl} attribution={tileAttribution} />
          <Picker pin={pin} onPick={onPick} />
          <CentreButton onPick={onPick} />
        </MapContainer>
      </div>
      <button type="button" id="pin-centre" className="secondary">
        Put the pin in the middle of the map
      </button>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </div>
  );
}
