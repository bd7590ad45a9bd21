from __future__ import annotations

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.accounts import services
from koma.accounts.auth import enforce_csrf
from koma.accounts.models import Organization, Role, User
from koma.core.errors import Invalid


class OrganizationOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(Organization.Kind.choices)
    lg_code = serializers.CharField(allow_null=True)


@extend_schema_serializer(component_name="Me")
class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    locale = serializers.ChoiceField(["ja", "en"])
    organization = OrganizationOut(allow_null=True)
    roles = serializers.ListField(child=serializers.ChoiceField(Role.choices))


def me_data(user) -> dict:
    membership = user.primary_membership()
    return MeOut(
        {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name or user.username,
            "locale": user.locale,
            "organization": membership.organization if membership else None,
            "roles": sorted(user.roles()),
        }
    ).data


class Credentials(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, trim_whitespace=False)


def _authenticate(request) -> User:
    data = Credentials(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    services.check_login_allowed(request=request, username=username)
    user = authenticate(request, **data.validated_data)
    if not isinstance(user, User) or not user.is_active:
        services.record_login_failure(request=request, username=username)
        raise Invalid("invalid_credentials")
    services.record_login_success(username=username)
    return user


class CsrfApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=inline_serializer("Csrf", {"csrfToken": serializers.CharField()}))
    def get(self, request):
        return Response({"csrfToken": get_token(request)})


class LoginApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=Credentials, responses=MeOut)
    def post(self, request):
        enforce_csrf(request)  # login CSRF: the form must come from our own page
        user = _authenticate(request)
        login(request, user)
        return Response(me_data(user))


class LogoutApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):  # a script logging out revokes its token
            services.revoke_token(token=request.auth)
        logout(request)
        return Response(status=204)


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=Credentials,
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
    )
    def post(self, request):
        user = _authenticate(request)
        return Response({"token": services.issue_token(user=user)})


class PasswordChange(serializers.Serializer):
    current_password = serializers.CharField(max_length=200, trim_whitespace=False)
    new_password = serializers.CharField(max_length=200, trim_whitespace=False)


class PasswordApi(APIView):
    @extend_schema(request=PasswordChange, responses={204: None})
    def post(self, request):
        data = PasswordChange(data=request.data)
        data.is_valid(raise_exception=True)
        services.change_password(user=request.user, **data.validated_data)
        if request.auth is None:  # a session: keep this one, others end with the old hash
            update_session_auth_hash(request, request.user)
        return Response(status=204)


class MeApi(APIView):
    @extend_schema(responses=MeOut)
    def get(self, request):
        return Response(me_data(request.user))
