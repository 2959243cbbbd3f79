import re

from django import forms

from attune.core.forms import NHSFormMixin
from attune.reflection.structures import NMC_THEMES, parts_of

MAX_PART_CHARS = 20_000


class EntryForm(NHSFormMixin, forms.Form):
    """A journal entry in the chosen structure: a title, one box per part (with its guidance), tags."""

    title = forms.CharField(label="Title", max_length=200, help_text="A few words only you will see.")

    def __init__(self, *args, structure: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        for part in parts_of(structure):
            self.fields[f"part_{part.key}"] = forms.CharField(
                label=part.label,
                help_text=part.guidance,
                required=False,
                max_length=MAX_PART_CHARS,
                widget=forms.Textarea(attrs={"rows": 8 if structure == "free" else 5}),
            )
        if structure == "nmc":
            self.fields["nmc_themes"] = forms.MultipleChoiceField(
                label="Which themes of the Code does it relate to?",
                choices=list(NMC_THEMES.items()),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        self.fields["tags"] = forms.CharField(
            label="Tags (optional)",
            help_text="Words to find it by later, separated by commas.",
            required=False,
            max_length=300,
        )
        self.fields["cpd"] = forms.BooleanField(
            label="Count this as CPD",
            help_text="It will appear in your CPD records and exports.",
            required=False,
        )
        self.fields["cpd_hours"] = forms.DecimalField(
            label="CPD hours (optional)", required=False, min_value=0, max_value=100, decimal_places=1
        )
        self.fields["cpd_hours"].nhsuk_width = 4
        self.fields["peer_reflection"] = forms.BooleanField(
            label="I reflected on this with a peer",
            help_text="Social Work England asks for some CPD records to include peer reflection.",
            required=False,
        )

    def clean(self):
        data = super().clean()
        if not any((data.get(f"part_{part.key}") or "").strip() for part in parts_of(self.structure)):
            first = parts_of(self.structure)[0].key
            self.add_error(f"part_{first}", "Write something in at least one part")
        return data

    @property
    def parts(self) -> dict:
        return {part.key: self.cleaned_data.get(f"part_{part.key}", "").strip() for part in parts_of(self.structure)}

    @property
    def tags(self) -> list[str]:
        return sorted({t.strip().lower() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()})

    @property
    def values(self) -> dict:
        """What the services store: title, parts, tags and (for the NMC structure) the Code's themes."""
        return {
            "title": self.cleaned_data["title"],
            "parts": self.parts,
            "tags": self.tags,
            "nmc_themes": self.cleaned_data.get("nmc_themes", []),
            "cpd": self.cleaned_data.get("cpd", False),
            "cpd_hours": str(self.cleaned_data["cpd_hours"])
            if self.cleaned_data.get("cpd_hours") is not None
            else None,
            "peer_reflection": self.cleaned_data.get("peer_reflection", False),
        }

    def text_to_check(self) -> str:
        return "\n".join([self.cleaned_data.get("title", ""), *self.parts.values()])


class ShareForm(NHSFormMixin, forms.Form):
    supervisor = forms.ModelChoiceField(queryset=None, label="Share with", empty_label=None)

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = lambda user: user.display_name


NMC_PIN = re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$")


def _pin(value: str) -> str:
    pin = re.sub(r"\s", "", value).upper()
    if not NMC_PIN.match(pin):
        raise forms.ValidationError(
            "Enter an NMC PIN as 2 numbers, a letter, 4 numbers and a letter, for example 12A3456B"
        )
    return pin


class RevalidationPackForm(NHSFormMixin, forms.Form):
    entries = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Choose five reflective accounts",
        help_text="Entries written in the NMC reflective account structure.",
        error_messages={"required": "Choose five reflective accounts"},
    )
    registrant_pin = forms.CharField(label="Your NMC PIN", max_length=12)
    partner_name = forms.CharField(label="Name of the registrant you discussed them with", max_length=120)
    partner_pin = forms.CharField(label="Their NMC PIN", max_length=12)
    discussion_date = forms.DateField(
        label="Date of the reflective discussion", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        from attune.reflection.models import JournalEntry

        self.fields["entries"].queryset = JournalEntry.objects.filter(author=author, structure="nmc")
        self.fields["entries"].label_from_instance = lambda entry: f"{entry.title} ({entry.updated_at:%-d %b %Y})"

    def clean_entries(self):
        entries = self.cleaned_data["entries"]
        if len(entries) != 5:
            raise forms.ValidationError(f"Choose exactly five reflective accounts: you chose {len(entries)}")
        return entries

    def clean_registrant_pin(self):
        return _pin(self.cleaned_data["registrant_pin"])

    def clean_partner_pin(self):
        return _pin(self.cleaned_data["partner_pin"])

    def clean_discussion_date(self):
        from django.utils import timezone

        value = self.cleaned_data["discussion_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The discussion date cannot be in the future")
        return value
