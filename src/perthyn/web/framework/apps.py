from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "perthyn.web.framework"
    label = "framework"
