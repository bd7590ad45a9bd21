import { useParams } from "react-router";
import { UnitWorkspace } from "@/features/units/components/unit-workspace";
import { NotFoundRoute } from "./not-found";

export function WorkUnitRoute() {
  const unitId = Number(useParams().unitId);
  if (!Number.isInteger(unitId) || unitId <= 0) return <NotFoundRoute />;
  return <UnitWorkspace key={unitId} unitId={unitId} />;
}
