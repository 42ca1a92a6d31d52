from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "perthyn.web.outcomes"
    label = "outcomes"
