from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from perthyn.outcomes import bank as bank_mod
from perthyn.text import Text

from .models import Consent


class PersonForm(forms.Form):
    language = forms.ChoiceField(label=_("Language for the questions"), choices=settings.QUESTIONNAIRE_LANGUAGES)
    age = forms.IntegerField(label=_("Age in years"), min_value=0, max_value=120)
    reference = forms.CharField(label=_("Your own reference (optional; stored only as a keyed hash)"), required=False,
                                max_length=100)
    name = forms.CharField(label=_("Name (optional; never exported)"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone (optional; never exported)"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email (optional; never exported)"), required=False)
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)  # one-time: a double click adds one person

    def __init__(self, *args, age_limit: int = 16, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age"].help_text = _(
            "People under %(age)s answer the children's questions, and a parent or guardian gives consent. "
            "Perthyn keeps only whether the person is under %(age)s, not their age."
        ) % {"age": age_limit}


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(label=_("Who gives consent"), choices=Consent.GivenBy.choices,
                                 widget=forms.RadioSelect)
    agreed = forms.BooleanField(label=_("The purpose was explained in the person's language and they agree"))
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)  # one-time: a double click records it once


class WithdrawForm(forms.Form):
    choice = forms.ChoiceField(label=_("What should happen to this person's answers?"),
                               choices=Consent.Withdrawal.choices, widget=forms.RadioSelect)


class SettingsForm(forms.Form):
    profiles = forms.MultipleChoiceField(label=_("Services you run (only their questions are shown)"),
                                         widget=forms.CheckboxSelectMultiple, required=False, choices=())
    follow_up_months = forms.CharField(label=_("Follow-ups after how many months (comma-separated)"),
                                       initial="3, 6, 12")
    child_age_limit = forms.IntegerField(label=_("Children's questions for people under this age"),
                                         min_value=8, max_value=18)
    network = forms.ChoiceField(label=_("Network or funder that receives your returns"), required=False, choices=())

    def __init__(self, *args, lang="en", networks=(), bank=None, **kwargs):
        super().__init__(*args, **kwargs)
        bank = bank or bank_mod.load()
        self.fields["profiles"].choices = [(k, Text.of(v).get(lang) or k) for k, v in bank.profiles.items() if k != "core"]
        self.fields["network"].choices = [("", _("None"))] + [(str(o.pk), o.name) for o in networks]

    def clean_follow_up_months(self):
        raw = self.cleaned_data["follow_up_months"]
        try:
            months = sorted({int(x) for x in raw.replace(" ", "").split(",") if x})
        except ValueError:
            raise forms.ValidationError(_("Write whole numbers of months separated by commas, e.g. 3, 6, 12."))
        if not months or any(m < 1 or m > 60 for m in months):
            raise forms.ValidationError(_("Each interval must be between 1 and 60 months."))
        return months


class QuestionTextForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.QUESTIONNAIRE_LANGUAGES)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    why = forms.CharField(label=_("Why we ask this"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    hidden = forms.BooleanField(label=_("Do not ask this question in our organisation"), required=False)


AUDIO_TYPES = {"audio/mpeg", "audio/mp3", "audio/ogg", "audio/wav", "audio/x-wav", "audio/webm", "audio/mp4", "audio/aac"}


class AudioForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the recording"), choices=settings.QUESTIONNAIRE_LANGUAGES)
    file = forms.FileField(label=_("Recording (MP3, OGG, WAV, M4A; at most 5 MB)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The recording is larger than 5 MB."))
        if (getattr(f, "content_type", "") or "").split(";")[0] not in AUDIO_TYPES:
            raise forms.ValidationError(_("This is not an audio file we can play back."))
        return f


class ReturnForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise forms.ValidationError(_("The period starts after it ends."))
        return data


class BankUploadForm(forms.Form):
    file = forms.FileField(label=_("Question bank file: YAML (.yaml) or XLSForm (.xlsx), at most 2 MB"))
