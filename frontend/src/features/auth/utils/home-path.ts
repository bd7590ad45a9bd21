import type { Role } from "@/api/types";

// Which screen a role lands on. UX only: the server enforces every permission.
// A person with several roles lands on the most "central" one; the header links to the others.
export const SECTIONS = [
  { path: "/review", roles: ["coordinator", "admin"], label: "nav.review" },
  { path: "/municipality", roles: ["staff"], label: "nav.municipality" },
  { path: "/work", roles: ["worker", "leader"], label: "nav.work" },
] as const satisfies readonly { path: string; roles: readonly Role[]; label: string }[];

export type SectionPath = (typeof SECTIONS)[number]["path"];

export function sectionsFor(roles: readonly string[]) {
  return SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
}

export function homePathFor(roles: readonly string[]): SectionPath | null {
  return sectionsFor(roles)[0]?.path ?? null;
}

export function canUse(path: SectionPath, roles: readonly string[]): boolean {
  return sectionsFor(roles).some((section) => section.path === path);
}
