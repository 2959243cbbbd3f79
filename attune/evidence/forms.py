from django import forms

from attune.consultation.forms import InstrumentForm
from attune.core.forms import NHSFormMixin
from attune.evidence.models import Level

# The programme measures Attune ships, chosen by default at the level each shows.
DEFAULT_LEVELS = {"hard-conversations-confidence": Level.LEARNING, "relational-practice-use": Level.BEHAVIOUR}
NOT_USED = ""


class ProgrammeForm(NHSFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="What the programme is for", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="The cohort: everyone in these teams"
    )
    starts_on = forms.DateField(label="Starts", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Ends", widget=forms.DateInput(attrs={"type": "date"}))
    follow_up_on = forms.DateField(
        label="Follow-up",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Usually three to six months after the end, to see what has lasted.",
    )
    modules = forms.MultipleChoiceField(label="Modules", widget=forms.CheckboxSelectMultiple, required=False)
    scenarios = forms.MultipleChoiceField(
        label="Practice scenarios", widget=forms.CheckboxSelectMultiple, required=False
    )
    sessions = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Live training sessions", required=False
    )
    group_series = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Reflective groups", required=False
    )
    supervision = forms.BooleanField(
        label="One-to-one supervision is part of the programme",
        required=False,
        help_text="The results count how many people had a supervision session during the programme, never what "
        "was said.",
    )
    climate_before = forms.ModelChoiceField(
        queryset=None, label="Team climate survey before (optional)", required=False
    )
    climate_after = forms.ModelChoiceField(queryset=None, label="Team climate survey after (optional)", required=False)

    def __init__(self, *args, teams, modules, scenarios, sessions, group_series, campaigns, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["modules"].choices = modules
        self.fields["scenarios"].choices = scenarios
        self.fields["sessions"].queryset = sessions
        self.fields["group_series"].queryset = group_series
        self.fields["climate_before"].queryset = campaigns
        self.fields["climate_after"].queryset = campaigns
        self.instruments = {path.name: (path, instrument) for path, instrument in instruments}
        for name, (_, instrument) in self.instruments.items():
            self.fields[f"measure:{name}"] = forms.ChoiceField(
                label=f"Measure: {instrument.title}",
                choices=[(NOT_USED, "Not used"), *Level.choices],
                initial=DEFAULT_LEVELS.get(instrument.id, NOT_USED),
                required=False,
                help_text="Answered before, at the end and at follow-up; choose the level of evaluation it shows.",
            )

    def clean(self):
        data = super().clean()
        starts, ends, follow_up = data.get("starts_on"), data.get("ends_on"), data.get("follow_up_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end must be on or after the start")
        if ends and follow_up and follow_up <= ends:
            self.add_error("follow_up_on", "The follow-up must be after the end")
        if not self.measures:
            raise forms.ValidationError("Choose at least one measure, so that the programme can show a change")
        return data

    @property
    def measures(self):
        return [
            (path, self.cleaned_data[f"measure:{name}"])
            for name, (path, _) in self.instruments.items()
            if self.cleaned_data.get(f"measure:{name}")
        ]


class MeasureForm(InstrumentForm):
    """A programme measure: the instrument's items, its questions in words, and whether the person lets
    their words appear, unnamed, in the programme's report."""

    free_text_help = "Optional. Leave out names and anything else that could identify a patient, family or colleague."

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, instrument=instrument, **kwargs)
        if instrument.free_text:
            self.fields["share"] = forms.BooleanField(
                label="I agree that what I wrote may appear, without my name, in the programme's evaluation report",
                required=False,
            )
