import { useParams } from "react-router";
import { ReviewPanel } from "@/features/reviews/components/review-panel";
import { NotFoundRoute } from "./not-found";

export function ReviewUnitRoute() {
  const unitId = Number(useParams().unitId);
  if (!Number.isInteger(unitId) || unitId <= 0) return <NotFoundRoute />;
  return <ReviewPanel key={unitId} unitId={unitId} />;
}
