// The real-wealth profile form: where they live and how they travel, access needs, identity,
// and real wealth in four parts (skills and knowledge, people, assets, resilience). Plain HTML
// form; works without JavaScript.
import { CsrfField, ErrorSummary, TextArea, TextField } from "~/components/forms";
import { CONSENT_HOW, CONSENT_LABELS, DAY_LABELS, TRAVEL_MODE_LABELS, type ProfileData } from "~/core/profile";
import { DAYS, TRAVEL_MODES } from "~/core/matcher/types";
import { ACCESS_FEATURES, ACCESS_LABELS } from "~/core/taxonomy";

export const PROFILE_LABELS: Record<string, string> = {
  display_name: "Name",
  postcode: "Postcode",
  max_travel_km: "How far they can travel",
  age: "Age",
  owner_email: "The person's email",
  consent_by: "Who gave consent",
  consent_how: "How consent was given",
};

type Values = Partial<Record<keyof ProfileData | "display_name", unknown>>;

function tagsText(v: unknown): string {
  return Array.isArray(v) ? v.join(", ") : typeof v === "string" ? v : "";
}

function Checks({ name, legend, hint, options, labels, checked }: { name: string; legend: string; hint?: string; options: readonly string[]; labels: Record<string, string>; checked: unknown }) {
  const list = Array.isArray(checked) ? (checked as string[]) : [];
  return (
    <fieldset className="field" aria-describedby={hint ? `f-${name}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <span className="hint" id={`f-${name}-hint`}>
          {hint}
        </span>
      ) : null}
      <div className="checks">
        {options.map((o, i) => (
          <label className="check" key={o} htmlFor={i === 0 ? `f-${name}` : `f-${name}-${o}`}>
            <input type="checkbox" id={i === 0 ? `f-${name}` : `f-${name}-${o}`} name={name} value={o} defaultChecked={list.includes(o)} />
            <span>{labels[o] ?? o}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ProfileForm({
  values = {},
  errors,
  onBehalf,
  submitLabel,
}: {
  values?: Values & { owner_email?: string; consent_by?: string; consent_how?: string };
  errors?: Record<string, string> | null;
  /** Show the fields a connector fills in when making a profile for someone else. */
  onBehalf?: boolean;
  submitLabel: string;
}) {
  const e = errors ?? {};
  const v = values;
  return (
    <form method="post" noValidate>
      <ErrorSummary errors={errors} labels={PROFILE_LABELS} />
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {onBehalf ? (
        <fieldset className="form-section">
          <legend>
            <h2>Making a profile with someone</h2>
          </legend>
          <p className="hint">Leave the email empty to make your own profile. For someone else, they must agree first. We email them about the profile; if they have no account yet, one is made for them and the email tells them how to start using it.</p>
          <TextField name="owner_email" label="The person's email (their Real Wealth account)" type="email" autoComplete="off" defaultValue={v.owner_email ?? ""} error={e.owner_email} />
          <TextField name="consent_by" label="Who gave consent (the person, or who speaks for them)" defaultValue={v.consent_by ?? ""} error={e.consent_by} />
          <fieldset className="field">
            <legend>How consent was given</legend>
            <div className="checks">
              {CONSENT_HOW.map((h, i) => (
                <label className="check" key={h} htmlFor={i === 0 ? "f-consent_how" : `f-consent_how-${h}`}>
                  <input type="radio" id={i === 0 ? "f-consent_how" : `f-consent_how-${h}`} name="consent_how" value={h} defaultChecked={(v.consent_how ?? "in_person") === h} />
                  <span>{CONSENT_LABELS[h]}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>
      ) : null}

      <fieldset className="form-section">
        <legend>
          <h2>About the person</h2>
        </legend>
        <TextField name="display_name" label="Name (or what they like to be called)" defaultValue={String(v.display_name ?? "")} error={e.display_name} required />
        <TextField name="age" label="Age in years (optional)" inputMode="numeric" narrow defaultValue={String(v.age ?? "")} error={e.age} hint="Some groups are for certain ages only." />
        <TextField name="languages" label="Languages they speak (optional)" defaultValue={tagsText(v.languages)} hint="Separate with commas, for example: English, Urdu" />
        <TextField name="interests" label="Interests (optional)" defaultValue={tagsText(v.interests)} hint="What they love doing. Separate with commas, for example: musicals, curry, football" />
        <TextField name="culture" label="Culture (optional)" defaultValue={tagsText(v.culture)} hint="Separate with commas" />
        <TextField name="faith" label="Faith (optional)" defaultValue={tagsText(v.faith)} hint="Separate with commas" />
      </fieldset>

      <fieldset className="form-section">
        <legend>
          <h2>Getting about</h2>
        </legend>
        <TextField name="postcode" label="Home postcode" autoComplete="postal-code" narrow defaultValue={String(v.postcode ?? "")} error={e.postcode} required hint="For example M33 7XX. Only used to find places near them." />
        <TextField name="max_travel_km" label="How far they can travel, in kilometres" inputMode="decimal" narrow defaultValue={String(v.max_travel_km ?? "5")} error={e.max_travel_km} required hint="1 km is about a 15-minute walk." />
        <Checks name="travel_modes" legend="How they travel (optional)" options={TRAVEL_MODES} labels={TRAVEL_MODE_LABELS} checked={v.travel_modes} />
        <Checks name="available" legend="Days they are usually free (optional)" options={DAYS} labels={DAY_LABELS} checked={v.available} />
        <Checks
          name="access_needs"
          legend="Access needs (optional)"
          hint="We only suggest places that meet every need you tick. A Changing Places need is met by one on site or within 1 km."
          options={ACCESS_FEATURES}
          labels={ACCESS_LABELS}
          checked={v.access_needs}
        />
        <fieldset className="field">
          <legend>Can they pay for support from a personal budget or direct payment?</legend>
          <div className="checks">
            <label className="check" htmlFor="f-personal_budget">
              <input type="radio" id="f-personal_budget" name="personal_budget" value="yes" defaultChecked={v.personal_budget === true} />
              <span>Yes</span>
            </label>
            <label className="check" htmlFor="f-personal_budget-no">
              <input type="radio" id="f-personal_budget-no" name="personal_budget" value="no" defaultChecked={v.personal_budget !== true} />
              <span>No, or not sure</span>
            </label>
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="form-section">
        <legend>
          <h2>Real wealth</h2>
        </legend>
        <p className="hint">What they already have. Write freely; the words in the short boxes help us find matches.</p>
        <div className="wealth-part">
          <h3>Skills and knowledge</h3>
          <TextField name="skills" label="Skills, in a few words" defaultValue={tagsText(v.skills)} hint="Separate with commas, for example: gardening, cooking" />
          <TextArea name="skills_text" label="More about their skills and knowledge (optional)" rows={3} defaultValue={String(v.skills_text ?? "")} />
        </div>
        <div className="wealth-part">
          <h3>People</h3>
          <TextField name="people" label="People around them, in a few words" defaultValue={tagsText(v.people)} hint="Family, friends, neighbours, for example: cousin Rob, next-door neighbour" />
          <TextArea name="people_text" label="More about the people in their life (optional)" rows={3} defaultValue={String(v.people_text ?? "")} />
        </div>
        <div className="wealth-part">
          <h3>Assets</h3>
          <TextField name="assets" label="Assets, in a few words" defaultValue={tagsText(v.assets)} hint="Home, garden, car, money, income" />
          <TextArea name="assets_text" label="More about their assets (optional)" rows={3} defaultValue={String(v.assets_text ?? "")} />
        </div>
        <div className="wealth-part">
          <h3>Resilience</h3>
          <TextField name="resilience" label="What keeps them going, in a few words" defaultValue={tagsText(v.resilience)} hint="Strengths, values, beliefs" />
          <TextArea name="resilience_text" label="More about their resilience (optional)" rows={3} defaultValue={String(v.resilience_text ?? "")} />
        </div>
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </form>
  );
}
