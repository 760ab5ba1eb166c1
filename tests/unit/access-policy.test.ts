// Each "may this person see or change this" rule, tested once at the policy module (the
// integration tests prove the same rules through HTTP).
import { describe, expect, it } from "vitest";
import {
  budgetsVisibleFrom,
  mayMakeProfileFor,
  mayManageProfile,
  maySeeBudget,
  maySeeProfile,
  mayUnlinkConnector,
  worksWith,
  type Viewer,
} from "../../app/core/access-policy";

const person: Viewer = { id: "p", role: "member" };
const linked: Viewer = { id: "c1", role: "connector" };
const otherConnector: Viewer = { id: "c2", role: "connector" };
const stranger: Viewer = { id: "m2", role: "member" };
const admin: Viewer = { id: "a", role: "admin" };
const profile = { ownerId: "p", connectorIds: ["c1"] };

describe("profiles and plans", () => {
  it.each([
    ["the person", person, true],
    ["a linked connector", linked, true],
    ["an admin", admin, true],
    ["a connector who is not linked", otherConnector, false],
    ["another member", stranger, false],
    ["nobody signed in", null, false],
  ] as const)("%s: may see the profile = %s", (_who, viewer, expected) => {
    expect(maySeeProfile(viewer, profile)).toBe(expected);
  });

  it.each([
    ["the person", person, true],
    ["an admin", admin, true],
    ["a linked connector", linked, false],
    ["another member", stranger, false],
    ["nobody signed in", null, false],
  ] as const)("%s: may decide who sees it or delete it = %s", (_who, viewer, expected) => {
    expect(mayManageProfile(viewer, profile)).toBe(expected);
  });

  it("a linked connector may step away but not remove another connector", () => {
    const two = { ownerId: "p", connectorIds: ["c1", "c2"] };
    expect(mayUnlinkConnector(linked, two, "c1")).toBe(true);
    expect(mayUnlinkConnector(linked, two, "c2")).toBe(false);
    expect(mayUnlinkConnector(person, two, "c2")).toBe(true);
    expect(mayUnlinkConnector(stranger, two, "stranger")).toBe(false);
  });

  it("only connectors and admins make a profile for someone else", () => {
    expect(mayMakeProfileFor(person, "p")).toBe(true);
    expect(mayMakeProfileFor(person, "someone")).toBe(false);
    expect(mayMakeProfileFor(linked, "someone")).toBe(true);
    expect(mayMakeProfileFor(admin, "someone")).toBe(true);
    expect(mayMakeProfileFor(null, "someone")).toBe(false);
  });
});

describe("working with a person", () => {
  it("is a linked connector, never a member, an admin or oneself", () => {
    expect(worksWith(linked, "p", true)).toBe(true);
    expect(worksWith(linked, "p", false)).toBe(false);
    expect(worksWith(linked, "c1", true)).toBe(false);
    expect(worksWith(admin, "p", true)).toBe(false);
    expect(worksWith(stranger, "p", true)).toBe(false);
    expect(worksWith(null, "p", true)).toBe(false);
  });
});

describe("saved budgets", () => {
  const since = "2026-03-01T00:00:00.000Z";
  it("the person and admins see all; a linked connector from their first link; others none", () => {
    expect(budgetsVisibleFrom(person, "p", null)).toBe("all");
    expect(budgetsVisibleFrom(admin, "p", null)).toBe("all");
    expect(budgetsVisibleFrom(linked, "p", since)).toBe(since);
    expect(budgetsVisibleFrom(otherConnector, "p", null)).toBeNull();
    expect(budgetsVisibleFrom(stranger, "p", since)).toBeNull();
    expect(budgetsVisibleFrom(null, "p", since)).toBeNull();
  });

  it("a connector does not see a budget saved before their first link", () => {
    expect(maySeeBudget(linked, { user_id: "p", created_at: "2026-02-28T23:59:59.000Z" }, since)).toBe(false);
    expect(maySeeBudget(linked, { user_id: "p", created_at: since }, since)).toBe(true);
    expect(maySeeBudget(person, { user_id: "p", created_at: "2020-01-01T00:00:00.000Z" }, null)).toBe(true);
    expect(maySeeBudget(stranger, { user_id: "p", created_at: since }, null)).toBe(false);
  });
});
