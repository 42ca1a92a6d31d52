from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "perthyn.web.core"
    label = "core"
    verbose_name = "Perthyn"

    def ready(self):
        from . import signals  # noqa: F401  (audit log of logins)
