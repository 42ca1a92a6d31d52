from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "perthyn.web.index"
    label = "index"
