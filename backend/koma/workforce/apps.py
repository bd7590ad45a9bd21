from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "koma.workforce"
    label = "workforce"
