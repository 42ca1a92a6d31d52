from django.apps import AppConfig


class EstimateConfig(AppConfig):
    name = "perthyn.web.estimate"
    label = "estimate"
