// Plain-English words for the budget calculator's codes, and money formatting. No I/O.
import type { Answer, Holding, InformalLevel, Section, Stream, Tier } from "./types";

export const ANSWER_LABELS: Record<Answer, string> = {
  none: "No support needed",
  some: "Some support",
  lots: "A lot of support",
  exceptional: "Exceptional support (all the time, or two people)",
};

export const ANSWER_EASY: Record<Answer, string> = {
  none: "No help",
  some: "Some help",
  lots: "Lots of help",
  exceptional: "Help all the time",
};

export const INFORMAL_LABELS: Record<InformalLevel, string> = {
  none: "Family and friends do not help with this, or cannot keep helping",
  some: "Family and friends help with some of this, and are happy to keep going",
  most: "Family and friends help with most of this, and are happy to keep going",
};

export const SECTION_LABELS: Record<Section, string> = {
  outcomes: "Outcomes",
  family: "The family and carers",
  carer: "The carer's own needs",
};

export const STREAM_INFO: Record<Stream, { label: string; rules: string }> = {
  adult_social_care: {
    label: "Adult social care",
    rules:
      "For adults with eligible care and support needs under the Care Act 2014. The council may ask you to pay something towards it after a financial assessment. It can be a direct payment, a managed account, an individual service fund or a notional budget.",
  },
  children_social_care: {
    label: "Children's social care (short breaks and family support)",
    rules:
      "For disabled children and their families under the Children Act 1989, including short breaks. It is not means-tested. It can be a direct payment to the parent or carer.",
  },
  nhs_health: {
    label: "NHS personal health budget or continuing healthcare",
    rules:
      "For health needs agreed with the NHS (for example NHS continuing healthcare, or a child's continuing care). It is not means-tested. The NHS must agree a care plan with you before the money is used.",
  },
  education_high_needs: {
    label: "Education (high needs, EHC plan)",
    rules:
      "For special educational needs set out in an Education, Health and Care (EHC) plan. A personal budget can be asked for when the plan is made or reviewed. It pays for support named in the plan.",
  },
  disabled_facilities_grant: {
    label: "Disabled Facilities Grant",
    rules:
      "A grant for changes to the home (for example a ramp, a level-access shower or a through-floor lift). It is paid once, not every year. Adults have a means test; children do not. The amount shown is a share for planning only.",
  },
  access_to_work: {
    label: "Access to Work",
    rules:
      "From the Department for Work and Pensions, for support at paid work (for example a job coach, travel to work or equipment). You apply to Access to Work yourself. The amount shown is a share for planning only.",
  },
};

export const HOLDING_INFO: Record<Holding, { label: string; text: string }> = {
  direct_payment: { label: "Direct payment", text: "The money is paid to you (or someone you choose) and you buy the support yourself." },
  managed_account: { label: "Managed account", text: "The council or a support organisation keeps the money and pays for the support you choose." },
  individual_service_fund: { label: "Individual service fund", text: "A provider you choose holds the money and uses it flexibly for your support." },
  notional_budget: { label: "Notional budget", text: "The council keeps the money and arranges the support you choose with it." },
  mix: { label: "A mix", text: "Part of the money is held one way and part another." },
};

export const TIER_LABELS: Record<Tier, string> = {
  community_and_universal: "Community and universal options first (no personal budget)",
  early_help: "Early help (a small fixed amount)",
  personal_budget: "Indicative personal budget",
  panel_review: "Needs a costed plan and a panel review",
};

/** 123456 → "£1,234.56"; whole pounds without pence when `whole` is set. */
export function formatPence(pence: number, opts: { whole?: boolean } = {}): string {
  const negative = pence < 0;
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  const p = pounds.toLocaleString("en-GB");
  const s = opts.whole && rest === 0 ? `£${p}` : `£${p}.${String(rest).padStart(2, "0")}`;
  return negative ? `-${s}` : s;
}

/**
 * "12.50" / "£1,234" / "1234.5" → pence (integer), or null when it is not an amount of money.
 * Never goes through floating point: the pounds and the pence are read as separate integers.
 */
export function parsePounds(text: string): number | null {
  let t = text.trim().replace(/^£\s*/, "");
  // "12,50" is £12.50 written with a decimal comma: a comma before exactly two final digits can
  // only be one (a thousands comma has three after it). Otherwise commas must group thousands
  // ("1,250", "1,250.00"); anything else ("12,5", "1,2,3", "1.250,50") is refused, not guessed.
  if (/^\d{1,9},\d{2}$/.test(t)) t = t.replace(",", ".");
  else if (t.includes(",")) {
    if (!/^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/.test(t)) return null;
    t = t.replace(/,/g, "");
  }
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const pence = m[2] ? Number(m[2].padEnd(2, "0")) : 0;
  return Number(m[1]) * 100 + pence;
}
