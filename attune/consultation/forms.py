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
