from django import forms

from attune.consultation.models import ActionStatus, Tool
from attune.core.forms import NHSFormMixin


class RequestForm(NHSFormMixin, forms.Form):
    team = forms.ModelChoiceField(queryset=None, label="Which team?", empty_label=None)
    challenge = forms.CharField(
        label="What is the team finding hard?",
        help_text="A few sentences is enough: what is happening, and what you would like to be different. "
        "Leave out names of patients and families.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class PublicRequestForm(NHSFormMixin, forms.Form):
    contact_name = forms.CharField(label="Your name", max_length=120)
    contact_email = forms.EmailField(label="Your email address", help_text="So that a facilitator can reply.")
    team_description = forms.CharField(label="Your team and service", max_length=200)
    challenge = forms.CharField(
        label="What is your team finding hard?",
        help_text="A few sentences is enough. Leave out names of patients, families and colleagues.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    # People do not see this field; automated senders tend to fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)


class FormulationForm(NHSFormMixin, forms.Form):
    patterns = forms.CharField(
        label="Patterns seen in the team", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    maintaining = forms.CharField(
        label="What keeps them going", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    hypotheses = forms.CharField(
        label="Hypotheses", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )


class PlanForm(NHSFormMixin, forms.Form):
    participants = forms.CharField(
        label="Who takes part", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    plan = forms.CharField(
        label="The plan agreed with the team",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
    )
    tools = forms.MultipleChoiceField(
        label="Tools used", choices=Tool.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class MeetingForm(NHSFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label="Where (or the meeting link)", max_length=300)


class ActionForm(NHSFormMixin, forms.Form):
    description = forms.CharField(label="Action", max_length=500)
    owner = forms.CharField(label="Who will do it", max_length=120)
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class InstrumentForm(NHSFormMixin, forms.Form):
    """An instrument's items as radios (every item may be skipped), and its questions answered in words."""

    free_text_help = ""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(p.value, p.label) for p in instrument.scale.points]
        for number, item in enumerate(instrument.items, 1):
            self.fields[item.id] = forms.TypedChoiceField(
                label=f"{number}. {item.text}", choices=choices, coerce=int, widget=forms.RadioSelect, required=False
            )
        self.add_questions_about_the_person()
        for question in instrument.free_text:
            self.fields[f"comment_{question.id}"] = forms.CharField(
                label=question.prompt,
                help_text=self.free_text_help,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                max_length=3000,
            )

    def clean(self):
        data = super().clean()
        if all(data.get(item.id) in (None, "") for item in self.instrument.items):
            raise forms.ValidationError("Answer at least one question before sending")
        return data

    def add_questions_about_the_person(self) -> None:
        """Fields asked between the items and the questions answered in words; none by default."""

    @property
    def answers(self) -> dict:
        # 0 is an answer on some scales: only an empty choice is missing.
        return {item.id: _answer(self.cleaned_data.get(item.id)) for item in self.instrument.items}

    @property
    def comments(self) -> dict:
        return {q.id: self.cleaned_data.get(f"comment_{q.id}", "") for q in self.instrument.free_text}


def _answer(value):
    return None if value in (None, "") else value


class SurveyForm(InstrumentForm):
    """A survey's instrument, plus profession and band when the campaign asks them."""

    free_text_help = (
        "Optional. Please leave out names: comments are shown, grouped by theme, only when enough people have written."
    )

    def __init__(self, *args, instrument, campaign, **kwargs):
        self.campaign = campaign
        super().__init__(*args, instrument=instrument, **kwargs)

    def add_questions_about_the_person(self) -> None:
        from attune.consultation.campaigns import BANDS, PROFESSIONS

        if self.campaign.ask_profession:
            self.fields["profession"] = forms.ChoiceField(
                label="Your profession (optional)", choices=PROFESSIONS, required=False
            )
        if self.campaign.ask_band:
            self.fields["band"] = forms.ChoiceField(label="Your band (optional)", choices=BANDS, required=False)


class CampaignForm(NHSFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    instrument = forms.ChoiceField(label="Survey")
    teams = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label="Teams")
    ask_profession = forms.BooleanField(
        label="Ask people's profession",
        required=False,
        help_text="Only worth asking when each profession is well represented.",
    )
    ask_band = forms.BooleanField(label="Ask people's band", required=False)
    closes_at = forms.DateTimeField(
        label="Closes", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args, teams, instruments, repeats=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        if repeats is not None:
            # A repeat asks the same questions as the survey it repeats.
            del self.fields["instrument"]
        else:
            self.fields["instrument"].choices = [(path.name, i.title) for path, i in instruments]
        self.paths = {path.name: path for path, _ in instruments}

    def clean_closes_at(self):
        from django.utils import timezone

        value = self.cleaned_data["closes_at"]
        if value <= timezone.now():
            raise forms.ValidationError("The close date must be in the future")
        return value


class ImportForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="Responses file (CSV)",
        help_text="One row per person, one column per question id, and a 'team' column when the survey has "
        "several teams.",
    )
