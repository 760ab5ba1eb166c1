// GET /plans/:id/export: the plan as one self-contained, PDF-ready HTML page (print it, or "Save
// as PDF" in the browser), with its costs and totals against the chosen budget. Only the person,
// their linked connectors and admins.
import crypto from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { QUADRANT_LABELS, TIER_LABELS, describeCost, formatPence, type PlanCostSummary } from "~/core/budget";
import { DOMAIN_TITLES, ITEM_STATUS_LABELS } from "~/core/profile";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api } from "~/server/http.server";
import { planCosts } from "~/features/plans/plan-costs.server";
import { getPlanFor, type PlanItem } from "~/features/plans/plans.server";
import { planSuggestions } from "~/features/plans/suggestions.server";
import { printPageCsp } from "~/core/csp";

const PRINT_STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45; color: #0b0c0c; max-width: 48em; margin: 1rem auto; padding: 0 1rem; }
  h1 { font-size: 20pt; } h2 { font-size: 15pt; border-bottom: 2px solid #0b0c0c; margin-top: 1.5em; } h3 { font-size: 13pt; margin-bottom: 0.2em; } h4 { font-size: 11.5pt; margin: 0.6em 0 0.2em; }
  .outcome { break-inside: avoid; border-top: 1px solid #b1b4b6; padding-top: 0.5em; }
  .meta { color: #484949; }
  table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; break-inside: avoid; }
  caption { text-align: left; font-weight: 700; padding: 0.3em 0; }
  th, td { border-bottom: 1px solid #b1b4b6; text-align: left; padding: 0.25em 0.4em; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; }
  tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #0b0c0c; }
  .warning { border-left: 6px solid #d4351c; padding: 0.3em 0.8em; }
  @media print { a { color: inherit; text-decoration: none; } }
`;
// The page runs no script and loads nothing; its one <style> is allowed by its hash.
const PRINT_CSP = printPageCsp(crypto.createHash("sha256").update(PRINT_STYLE).digest("base64"));

function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function itemLine(i: PlanItem): string {
  const details = [i.who, i.when_text, i.cost_text, i.cost ? describeCost(i.cost) : null].filter(Boolean);
  return `<li><strong>${esc(i.asset_name)}</strong>${i.asset_id ? "" : " (not a directory listing)"} — ${esc(ITEM_STATUS_LABELS[i.status])}${details.length ? `; ${esc(details.join("; "))}` : ""}</li>`;
}

function costsHtml(c: PlanCostSummary): string {
  const b = c.budget;
  const money = b ? (b.per_year_pence === null || c.panel_review ? "needs a costed plan and a panel review (no number)" : `${formatPence(b.per_year_pence)} a year`) : "";
  const rows = c.lines
    .map((l) => `<tr><th scope="row">${esc(l.label)}</th><td>${esc(describeCost(l))}</td><td>${esc(QUADRANT_LABELS[l.quadrant].split(" (")[0])}</td><td class="num">${formatPence(l.weekly_pence)}</td><td class="num">${formatPence(l.yearly_pence)}</td></tr>`)
    .join("");
  const streams = c.streams
    .map((s) => `<tr><th scope="row">${esc(s.label)}</th><td class="num">${formatPence(s.yearly_pence)}</td><td class="num">${s.budget_pence === null ? (c.panel_review ? "Panel review" : "No budget chosen") : formatPence(s.budget_pence)}</td><td>${s.over ? `Over by ${formatPence(s.yearly_pence - s.budget_pence!)}` : "No"}</td></tr>`)
    .join("");
  return `<h2>Costs and budget</h2>
${b ? `<p>Measured against the budget “${esc(b.name)}”: <strong>${esc(money)}</strong> (${esc(TIER_LABELS[b.tier].toLowerCase())}, version ${esc(b.ras_version)}). A starting point for planning, not a promise.</p>` : ""}
${c.standing.map((t) => `<p>${esc(t)}</p>`).join("\n")}
${c.warnings.map((w) => `<p class="warning"><strong>Over budget:</strong> ${esc(w)}</p>`).join("\n")}
<p>${esc(c.share)}</p>
${c.not_costed.length ? `<p>No cost yet: ${esc(c.not_costed.map((n) => n.label).join(", "))}.</p>` : ""}
${rows ? `<table><caption>The cost of each support</caption><thead><tr><th scope="col">Support</th><th scope="col">How it is paid</th><th scope="col">Kind of support</th><th scope="col" class="num">A week</th><th scope="col" class="num">A year</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th scope="row" colspan="3">Total paid support</th><td class="num">${formatPence(c.weekly_pence)}</td><td class="num">${formatPence(c.yearly_pence)}</td></tr></tfoot></table>` : ""}
${streams ? `<table><caption>Each funding stream</caption><thead><tr><th scope="col">Funding stream</th><th scope="col" class="num">Planned a year</th><th scope="col" class="num">The budget's share a year</th><th scope="col">Over?</th></tr></thead><tbody>${streams}</tbody></table>` : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requirePageUser(request);
    const ctx = await getContext();
    const { plan, profile } = await getPlanFor(ctx.db, user, params.id!);
    const match = plan.outcomes.length ? await planSuggestions(ctx, plan, profile) : null;
    const costs = await planCosts(ctx.db, plan, profile);
    const outcomeIds = new Set(plan.outcomes.map((o) => o.id));
    const others = plan.items.filter((i) => !i.outcome_id || !outcomeIds.has(i.outcome_id));
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
            ? `<ul>${items.map(itemLine).join("")}</ul>`
            : "<p>Nothing added yet.</p>"
        }
<h4>Other suggestions</h4>${sugg.length ? `<ul>${sugg.map((s) => `<li><strong>${esc(s.name)}</strong>${s.label ? ` (${esc(s.label)})` : ""}: ${esc(s.reasons.join("; "))}</li>`).join("")}</ul>` : "<p>None nearby yet.</p>"}</section>`;
      })
      .join("\n");
    const html = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${esc(plan.title)} — Real Wealth</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PRINT_STYLE}</style></head>
<body>
<h1>${esc(plan.title)}</h1>
<p class="meta">For ${esc([profile.display_name, ...plan.members.map((m) => m.name + (m.relationship ? ` (${m.relationship})` : ""))].join(", "))}. Printed ${esc(new Date().toISOString().slice(0, 10))}. Suggestions are within ${esc(d.max_travel_km)} km of ${esc(d.postcode)}.</p>
<h2>Real wealth</h2>
${part("Skills and knowledge", d.skills, d.skills_text)}${part("People", d.people, d.people_text)}${part("Assets", d.assets, d.assets_text)}${part("Resilience", d.resilience, d.resilience_text)}
${d.interests.length ? `<h3>Interests</h3><p>${esc(d.interests.join(", "))}</p>` : ""}
<h2>Outcomes</h2>
${outcomes || "<p>No outcomes yet.</p>"}
${others.length ? `<h2>Other supports in the plan</h2><ul>${others.map(itemLine).join("")}</ul>` : ""}
${costsHtml(costs)}
${match?.contribute.length ? `<h2>Ways to contribute</h2><ul>${match.contribute.map((c) => `<li><strong>${esc(c.name)}</strong>: ${esc(c.reasons.join("; "))}</li>`).join("")}</ul>` : ""}
<p class="meta">Real Wealth. Information comes from open data and local connectors; please check with a place before you travel.</p>
</body></html>`;
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "Content-Security-Policy": PRINT_CSP } });
  });
}
