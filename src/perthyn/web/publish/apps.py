from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "perthyn.web.publish"
    label = "publish"
