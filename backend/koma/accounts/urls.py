from django.urls import path

from koma.accounts import api

urlpatterns = [
    path("auth/csrf", api.CsrfApi.as_view()),
    path("auth/login", api.LoginApi.as_view()),
    path("auth/logout", api.LogoutApi.as_view()),
    path("auth/token", api.TokenApi.as_view()),
    path("auth/password", api.PasswordApi.as_view()),
    path("me", api.MeApi.as_view()),
]
