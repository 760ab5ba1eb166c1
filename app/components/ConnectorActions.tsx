// The connector's buttons on an asset's public page: Edit, History, "Still correct" and Archive
// (or Bring back). Plain forms with the CSRF token; they post to the page itself
// (app/features/assets/connector-actions.server.ts). Nobody else sees them.
import { Form, useActionData } from "@remix-run/react";
import { can as roleCan, type Role } from "~/core/access-policy";
import { CsrfField } from "~/components/forms";

export interface ConnectorCan {
  edit: boolean;
  history: boolean;
  verify: boolean;
  archive: boolean;
}

/** What this user may do here, or null when they may do none of it (anonymous, members). */
export function connectorActionsFor(user: { role: Role } | null): ConnectorCan | null {
  if (!user) return null;
  const c = {
    edit: roleCan(user.role, "asset:edit"),
    history: roleCan(user.role, "asset:history"),
    verify: roleCan(user.role, "asset:verify"),
    archive: roleCan(user.role, "asset:archive"),
  };
  return c.edit || c.history || c.verify || c.archive ? c : null;
}

function formatDay(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}

/** The notice after a connector's change (?done=...). */
export function noticeFor(params: URLSearchParams, asset: { location: { precision: string; postcode: string | null }; review_due: string | null }): string | null {
  const placed =
    asset.location.precision === "postcode_district"
      ? ` It is placed at the middle of the postcode district${asset.location.postcode ? ` ${asset.location.postcode.split(" ")[0]}` : ""}, not at the door: edit it and drop a pin to place it exactly.`
      : asset.location.precision === "postcode_unit"
        ? " It is placed at the middle of its postcode."
        : "";
  switch (params.get("done")) {
    case "created":
      return `Saved. The new asset is in the directory and in search now.${placed}`;
    case "saved":
      return `Saved. Your changes are in search now.${placed}`;
    case "unchanged":
      return "Nothing had changed, so there was nothing to save.";
    case "verified":
      return `Marked as still correct. The next review is due on ${formatDay(asset.review_due)}.`;
    case "archived":
      return "Archived. It is marked as closed and no longer appears in search.";
    case "unarchived":
      return "Brought back. It appears in search again.";
    case "restored": {
      const v = Number(params.get("version"));
      return `Restored${Number.isInteger(v) && v > 0 ? ` version ${v}` : " an earlier version"} as a new version.`;
    }
    default:
      return null;
  }
}

export function ConnectorActions({ asset, can }: { asset: { id: string; name: string; version: number; status: string }; can: ConnectorCan }) {
  const answer = useActionData<{ connectorError?: string }>();
  const archived = asset.status === "archived";
  return (
    <section className="connector-actions" aria-labelledby="connector-actions-title">
      <h2 id="connector-actions-title">For connectors</h2>
      {answer?.connectorError ? (
        <p className="error-message" role="alert">
          {answer.connectorError}
        </p>
      ) : null}
      {can.edit ? (
        <a className="button" href={`/assets/${asset.id}/edit`}>
          Edit<span className="visually-hidden"> {asset.name}</span>
        </a>
      ) : null}
      {can.history ? <a href={`/assets/${asset.id}/history`}>History</a> : null}
      {can.edit ? <a href={`/assets/${asset.id}/photos`}>Photos</a> : null}
      {can.verify && !archived ? (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="version" value={asset.version} />
          <button type="submit" className="secondary">
            Still correct
          </button>
        </Form>
      ) : null}
      {can.archive ? (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value={archived ? "unarchive" : "archive"} />
          <input type="hidden" name="version" value={asset.version} />
          <button type="submit" className="secondary">
            {archived ? "Bring back from the archive" : "Archive (it has closed)"}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
