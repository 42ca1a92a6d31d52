from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "perthyn.web.people"
    label = "people"
