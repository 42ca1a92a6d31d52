"""The publisher's form for adding a local-authority officer account."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from perthyn.web.core.models import Organisation


class OfficerForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("Letters, digits and @ . + - _ only."))
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    council = forms.ModelChoiceField(label=_("Local authority"), empty_label=_("Choose a local authority"),
                                     queryset=Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
                                     .order_by("name"))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this username already exists."), code="duplicate")
        return username
