from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.accounts.models import Organization, Role
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


def _authenticate(request) -> object:
    data = Credentials(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(request, **data.validated_data)
    if user is None or not user.is_active:
        raise Invalid("invalid_credentials")
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
        user = _authenticate(request)
        login(request, user)
        return Response(me_data(user))


class LogoutApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
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
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeApi(APIView):
    @extend_schema(responses=MeOut)
    def get(self, request):
        return Response(me_data(request.user))
