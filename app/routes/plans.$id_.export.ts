// GET /plans/:id/export: the plan as one self-contained, PDF-ready HTML page (print it, or "Save
// as PDF" in the browser). Only the person, their linked connectors and admins.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DOMAIN_TITLES, ITEM_STATUS_LABELS } from "~/core/profile";
import { requirePageUser } from "~/services/auth.server";
import { getContext } from "~/services/context.server";
import { api } from "~/services/http.server";
import { getPlanFor, planSuggestions } from "~/services/profiles.server";

function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requirePageUser(request);
    const ctx = await getContext();
    const { plan, profile } = getPlanFor(ctx.db, user, params.id!);
    const match = plan.outcomes.length ? await planSuggestions(ctx, plan, profile) : null;
    const names = new Map(plan.members.map((m) => [m.id, m.name]));
    const d = profile.data;
    const part = (title: string, tags: string[], text: string) =>
      tags.length || text ? `<h3>${esc(title)}</h3><p>${esc(tags.join(", "))}</p>${text ? `<p>${esc(text)}</p>` : ""}` : "";
    const outcomes = plan.outcomes
      .map((o) => {
        const items = plan.items.filter((i) => i.outcome_id === o.id);
        const sugg = match?.outcomes.find((x) => x.id === o.id)?.suggestions.slice(0, 5) ?? [];
        return `<section class="outcome"><h3>“${esc(o.statement)}”</h3>
<p>${esc(o.member_id ? names.get(o.member_id) : profile.display_name)} · ${esc(DOMAIN_TITLES[o.domain])} · priority ${o.priority}</p>
<h4>In the plan</h4>${
          items.length
            ? `<ul>${items.map((i) => `<li><strong>${esc(i.asset_name)}</strong> — ${esc(ITEM_STATUS_LABELS[i.status])}${[i.who, i.when_text, i.cost_text].filter(Boolean).length ? `; ${esc([i.who, i.when_text, i.cost_text].filter(Boolean).join("; "))}` : ""}</li>`).join("")}</ul>`
            : "<p>Nothing added yet.</p>"
        }
<h4>Other suggestions</h4>${sugg.length ? `<ul>${sugg.map((s) => `<li><strong>${esc(s.name)}</strong>${s.label ? ` (${esc(s.label)})` : ""}: ${esc(s.reasons.join("; "))}</li>`).join("")}</ul>` : "<p>None nearby yet.</p>"}</section>`;
      })
      .join("\n");
    const html = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${esc(plan.title)} — Real Wealth</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45; color: #0b0c0c; max-width: 48em; margin: 1rem auto; padding: 0 1rem; }
  h1 { font-size: 20pt; } h2 { font-size: 15pt; border-bottom: 2px solid #0b0c0c; margin-top: 1.5em; } h3 { font-size: 13pt; margin-bottom: 0.2em; } h4 { font-size: 11.5pt; margin: 0.6em 0 0.2em; }
  .outcome { break-inside: avoid; border-top: 1px solid #b1b4b6; padding-top: 0.5em; }
  .meta { color: #484949; }
  @media print { a { color: inherit; text-decoration: none; } }
</style></head>
<body>
<h1>${esc(plan.title)}</h1>
<p class="meta">For ${esc([profile.display_name, ...plan.members.map((m) => m.name + (m.relationship ? ` (${m.relationship})` : ""))].join(", "))}. Printed ${esc(new Date().toISOString().slice(0, 10))}. Suggestions are within ${esc(d.max_travel_km)} km of ${esc(d.postcode)}.</p>
<h2>Real wealth</h2>
${part("Skills and knowledge", d.skills, d.skills_text)}${part("People", d.people, d.people_text)}${part("Assets", d.assets, d.assets_text)}${part("Resilience", d.resilience, d.resilience_text)}
${d.interests.length ? `<h3>Interests</h3><p>${esc(d.interests.join(", "))}</p>` : ""}
<h2>Outcomes</h2>
${outcomes || "<p>No outcomes yet.</p>"}
${match?.contribute.length ? `<h2>Ways to contribute</h2><ul>${match.contribute.map((c) => `<li><strong>${esc(c.name)}</strong>: ${esc(c.reasons.join("; "))}</li>`).join("")}</ul>` : ""}
<p class="meta">Real Wealth. Information comes from open data and local connectors; please check with a place before you travel.</p>
</body></html>`;
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" } });
  });
}
