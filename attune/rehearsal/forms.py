from django import forms

from attune.accounts.models import Team
from attune.core.forms import NHSFormMixin
from attune.rehearsal.engine.scenario import LEVELS, SETTINGS, SKILLS
from attune.rehearsal.models import Level
from attune.rehearsal.services import MAX_TURN_CHARS


class CatalogueFilterForm(NHSFormMixin, forms.Form):
    setting = forms.ChoiceField(choices=[("", "Any setting"), *SETTINGS.items()], required=False)
    skill = forms.ChoiceField(choices=[("", "Any skill"), *SKILLS.items()], required=False)
    difficulty = forms.ChoiceField(choices=[("", "Any difficulty"), *LEVELS.items()], required=False)


class StartForm(NHSFormMixin, forms.Form):
    level = forms.ChoiceField(
        label="How should the other person be?",
        choices=[
            (Level.GENTLE, "Gentle: more open, and quicker to trust you"),
            (Level.STANDARD, "Standard: as the scenario was written"),
            (Level.CHALLENGING, "Challenging: guarded or upset, and slower to trust"),
        ],
        widget=forms.RadioSelect,
    )
    coaching = forms.BooleanField(
        label="Show coaching after each turn",
        help_text="A short note on what each turn did. The full feedback comes at the end either way.",
        required=False,
        initial=True,
    )


class TurnForm(NHSFormMixin, forms.Form):
    text = forms.CharField(
        label="What do you say?",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "true"}),
        max_length=MAX_TURN_CHARS,
        error_messages={
            "required": "Type what you would say before sending",
            "max_length": f"Keep a turn under {MAX_TURN_CHARS} characters",
        },
    )
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ShareForm(NHSFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Share with the facilitators of", empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommentForm(NHSFormMixin, forms.Form):
    text = forms.CharField(label="Comment on this turn", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


MAX_SCENARIO_BYTES = 300_000


class ScenarioForm(NHSFormMixin, forms.Form):
    """A facilitator's scenario: YAML pasted or uploaded, validated exactly as check_content does."""

    organisation = forms.ModelChoiceField(queryset=None, label="Organisation", empty_label=None)
    upload = forms.FileField(
        label="Upload a scenario file",
        help_text="A .yaml file written to the scenario format. Or paste or edit the text below.",
        required=False,
    )
    text = forms.CharField(
        label="Scenario text (YAML)",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "attune-code"}),
        required=False,
        strip=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.scenario = None

    def clean(self):
        from attune.core.content import ContentInvalid
        from attune.rehearsal.engine.scenario import parse_scenario

        data = super().clean()
        upload, text = data.get("upload"), data.get("text") or ""
        name = "the scenario text"
        if upload:
            if upload.size > MAX_SCENARIO_BYTES:
                self.add_error("upload", f"The file is too large: keep it under {MAX_SCENARIO_BYTES // 1000} KB")
                return data
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", "The file is not UTF-8 text: save it as plain text and try again")
                return data
            name = upload.name
        if not text.strip():
            self.add_error("text", "Paste the scenario text, or upload a scenario file")
            return data
        if len(text.encode()) > MAX_SCENARIO_BYTES:
            self.add_error("text", f"The scenario is too long: keep it under {MAX_SCENARIO_BYTES // 1000} KB")
            return data
        try:
            self.scenario = parse_scenario(text, name)
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.add_error("upload" if upload else "text", str(error))
        data["text"] = text
        return data


class PublishForm(NHSFormMixin, forms.Form):
    """Where a facilitator publishes: organisations and teams where they are a facilitator."""

    organisations = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Everyone in these organisations",
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Or only these teams",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        self.fields["teams"].queryset = Team.objects.filter(organisation__in=organisations).select_related(
            "organisation"
        )
        self.fields["teams"].label_from_instance = lambda team: f"{team.name}, {team.organisation.name}"

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("teams"):
            raise forms.ValidationError("Choose at least one organisation or team")
        return data
