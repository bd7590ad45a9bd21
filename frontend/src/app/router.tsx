import { createBrowserRouter, RouterProvider } from "react-router";
import { paths } from "@/config/paths";
import { AppLayout } from "./layout";
import { AvailabilityRoute } from "./routes/availability";
import { HomeRoute } from "./routes/home";
import { JobRoute } from "./routes/job";
import { JobTeamRoute } from "./routes/job-team";
import { JobsRoute } from "./routes/jobs";
import { LevelsRoute } from "./routes/levels";
import { LoginRoute } from "./routes/login";
import { NewJobRoute } from "./routes/new-job";
import { NotFoundRoute } from "./routes/not-found";
import { ReviewQueueRoute } from "./routes/review-queue";
import { ReviewUnitRoute } from "./routes/review-unit";
import { TeamsRoute } from "./routes/teams";
import { WorkRoute, WorkSection } from "./routes/work";
import { WorkUnitRoute } from "./routes/work-unit";

const router = createBrowserRouter([
  { path: paths.login, element: <LoginRoute /> },
  { path: paths.home, element: <HomeRoute /> },
  {
    element: <AppLayout section="/work" />,
    children: [
      {
        element: <WorkSection />,
        children: [
          { path: paths.work, element: <WorkRoute /> },
          { path: paths.availability, element: <AvailabilityRoute /> },
          { path: "/work/units/:unitId", element: <WorkUnitRoute /> },
        ],
      },
    ],
  },
  {
    element: <AppLayout section="/review" />,
    children: [
      { path: paths.review, element: <ReviewQueueRoute /> },
      { path: "/review/units/:unitId", element: <ReviewUnitRoute /> },
      { path: paths.teams, element: <TeamsRoute /> },
      { path: paths.levels, element: <LevelsRoute /> },
      { path: "/review/teams/:jobId", element: <JobTeamRoute /> },
    ],
  },
  {
    element: <AppLayout section="/municipality" />,
    children: [
      { path: paths.municipality, element: <JobsRoute /> },
      { path: paths.newJob, element: <NewJobRoute /> },
      { path: "/municipality/jobs/:jobId", element: <JobRoute /> },
    ],
  },
  { path: "*", element: <NotFoundRoute /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
