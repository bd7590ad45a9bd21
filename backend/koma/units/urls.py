from django.urls import path

from koma.units import api

urlpatterns = [
    path("units/available", api.UnitAvailableApi.as_view()),
    path("units/mine", api.UnitMineApi.as_view()),
    path("units/history", api.UnitHistoryApi.as_view()),
    path("units/claim", api.UnitClaimNextApi.as_view()),
    path("units/offer", api.UnitOfferApi.as_view()),
    path("units/offer/decline", api.UnitOfferDeclineApi.as_view()),
    path("units/<int:unit_id>", api.UnitDetailApi.as_view()),
    path("units/<int:unit_id>/claim", api.UnitClaimApi.as_view()),
    path("units/<int:unit_id>/items/<int:item_id>/entry", api.EntrySaveApi.as_view()),
    path("units/<int:unit_id>/heartbeat", api.UnitHeartbeatApi.as_view()),
    path("units/<int:unit_id>/submit", api.UnitSubmitApi.as_view()),
    path("units/<int:unit_id>/release", api.UnitReleaseApi.as_view()),
    path("units/<int:unit_id>/pause", api.UnitPauseApi.as_view()),
    path("units/<int:unit_id>/resume", api.UnitResumeApi.as_view()),
    path("units/<int:unit_id>/handoff", api.UnitHandoffApi.as_view()),
    path("items/<int:item_id>/image", api.ItemImageApi.as_view()),
]
