// Route paths in one place, so features link without knowing the router's layout.
export const paths = {
  login: "/login",
  home: "/",
  work: "/work",
  availability: "/work/availability",
  workUnit: (unitId: number | string) => `/work/units/${unitId}`,
  review: "/review",
  reviewUnit: (unitId: number | string) => `/review/units/${unitId}`,
  teams: "/review/teams",
  levels: "/review/levels",
  jobTeam: (jobId: number | string) => `/review/teams/${jobId}`,
  municipality: "/municipality",
  newJob: "/municipality/jobs/new",
  job: (jobId: number | string) => `/municipality/jobs/${jobId}`,
} as const;
