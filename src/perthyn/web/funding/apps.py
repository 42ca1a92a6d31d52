from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "perthyn.web.funding"
    label = "funding"
