// The first published version of each questionnaire.
//
// THE NUMBERS ARE ILLUSTRATIVE. They are made up to show how the calculator works, in a range
// that looks like English personal budgets; they are not any council's real figures. A council
// sets its own by making a new version in the admin pages (/admin/budget) and publishing it.
//
// Adult (price per point): 0 / 4 / 8 / 14 points per outcome (some outcomes weigh more), £300 a
// year per point; under 8 points no budget (community and universal first); 8 to 14 points early
// help of £500 a year; 100 points or more, a costed plan and a panel review.
// Child (band table): 0 / 3 / 6 / 10 points per outcome; under 6 points no budget; 6 to 11 points
// early help of £750 a year; then bands from £2,000 to £14,000 a year; 60 points or more, panel.
import type { Answer, Question, RasConfig, Stream } from "./types";

const NOTE =
  "The numbers in this version are examples made up to show how the calculator works. They are not a council's real figures.";

function pts(none: number, some: number, lots: number, exceptional: number): Record<Answer, number> {
  return { none, some, lots, exceptional };
}

function q(
  id: string,
  section: Question["section"],
  outcome: string,
  stream: Stream,
  text: string,
  easy_read: string,
  points: Record<Answer, number>,
  informal_support = section !== "carer",
): Question {
  return { id, section, outcome, stream, text, easy_read, points, informal_support };
}

export const SEED_ADULT: RasConfig = {
  questionnaire: "adult",
  title: "Adult questionnaire (Care Act outcomes)",
  note: NOTE,
  informal_percent: { none: 100, some: 75, most: 50 },
  threshold_points: 8,
  early_help: { max_points: 15, per_year_pence: 50_000 },
  panel_points: 100,
  conversion: { method: "price_per_point", pence_per_point: 30_000 },
  questions: [
    q("nutrition", "outcomes", "nutrition", "adult_social_care", "How much support do you need to get, make and eat food and drink?", "Do you need help with food and drink?", pts(0, 4, 8, 14)),
    q("personal_hygiene", "outcomes", "personal_hygiene", "adult_social_care", "How much support do you need to wash yourself and keep clean?", "Do you need help to wash and keep clean?", pts(0, 4, 8, 14)),
    q("toilet_needs", "outcomes", "toilet_needs", "nhs_health", "How much support do you need to use the toilet and manage continence?", "Do you need help to use the toilet?", pts(0, 4, 8, 14)),
    q("appropriately_clothed", "outcomes", "appropriately_clothed", "adult_social_care", "How much support do you need to get dressed and have the right clothes?", "Do you need help to get dressed?", pts(0, 2, 4, 8)),
    q("home_safety", "outcomes", "home_safety", "disabled_facilities_grant", "How much support do you need to move around your home and use it safely?", "Do you need help to be safe at home?", pts(0, 4, 8, 14)),
    q("habitable_home", "outcomes", "habitable_home", "adult_social_care", "How much support do you need to keep your home clean, warm and safe to live in?", "Do you need help to look after your home?", pts(0, 2, 4, 8)),
    q("relationships", "outcomes", "relationships", "adult_social_care", "How much support do you need to keep in touch with family and friends and make new ones?", "Do you need help to see family and friends?", pts(0, 3, 6, 10)),
    q("work_training_education_volunteering", "outcomes", "work_training_education_volunteering", "access_to_work", "How much support do you need to work, learn or volunteer?", "Do you need help to work, learn or volunteer?", pts(0, 3, 6, 10)),
    q("local_facilities", "outcomes", "local_facilities", "adult_social_care", "How much support do you need to get out and use local places, services and transport?", "Do you need help to go out and use buses, shops and places near you?", pts(0, 3, 6, 10)),
    q("caring_for_child", "outcomes", "caring_for_child", "adult_social_care", "If you look after a child, how much support do you need to do that?", "Do you need help to look after your child?", pts(0, 3, 6, 10)),
    q("carer_own_needs", "carer", "carer_wellbeing", "adult_social_care", "If someone cares for you without being paid: how much support do they need for their own health, rest and life outside caring?", "Does the person who cares for you need help for themselves?", pts(0, 2, 4, 6)),
  ],
};

export const SEED_CHILD: RasConfig = {
  questionnaire: "child",
  title: "Child and family questionnaire (Every Child Matters outcomes)",
  note: NOTE,
  informal_percent: { none: 100, some: 75, most: 50 },
  threshold_points: 6,
  early_help: { max_points: 12, per_year_pence: 75_000 },
  panel_points: 60,
  conversion: {
    method: "bands",
    bands: [
      { min_points: 12, per_year_pence: 200_000 },
      { min_points: 20, per_year_pence: 400_000 },
      { min_points: 30, per_year_pence: 700_000 },
      { min_points: 40, per_year_pence: 1_050_000 },
      { min_points: 50, per_year_pence: 1_400_000 },
    ],
  },
  questions: [
    q("stay_safe", "outcomes", "stay_safe", "children_social_care", "How much support does your child need to stay safe, at home and out and about?", "Does your child need help to be safe?", pts(0, 3, 6, 10)),
    q("be_healthy", "outcomes", "be_healthy", "nhs_health", "How much support does your child need with their health (for example medicines, eating, sleep)?", "Does your child need help to be healthy?", pts(0, 3, 6, 10)),
    q("enjoy_and_achieve", "outcomes", "enjoy_and_achieve", "education_high_needs", "How much support does your child need to learn and to enjoy play, hobbies and activities?", "Does your child need help to learn and have fun?", pts(0, 3, 6, 10)),
    q("positive_contribution", "outcomes", "positive_contribution", "children_social_care", "How much support does your child need to make friends, take part and have a say?", "Does your child need help to make friends and join in?", pts(0, 2, 4, 8)),
    q("economic_wellbeing", "outcomes", "economic_wellbeing", "education_high_needs", "How much support does your child need to get ready for growing up (travel, money, work, college)?", "Does your child need help to get ready for being grown up?", pts(0, 2, 4, 8)),
    q("family_breaks", "family", "family_breaks", "children_social_care", "How much support does the family need so that parents, carers, brothers and sisters get a break?", "Does your family need a break?", pts(0, 3, 6, 10)),
    q("family_home", "family", "family_home", "disabled_facilities_grant", "How much does your home need to change so that your child can move around it safely?", "Does your home need to change to keep your child safe?", pts(0, 2, 4, 6)),
    q("carer_own_needs", "carer", "carer_wellbeing", "children_social_care", "How much support do you (the parent or carer) need for your own health, rest, work and life outside caring?", "Do you need help for yourself?", pts(0, 2, 4, 6)),
  ],
};

export const SEED_CONFIGS: Record<"adult" | "child", RasConfig> = { adult: SEED_ADULT, child: SEED_CHILD };
