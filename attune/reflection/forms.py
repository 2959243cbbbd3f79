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
        self.fields["identifiers_checked"] = forms.BooleanField(required=False, widget=forms.HiddenInput)

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
        }

    def text_to_check(self) -> str:
        return "\n".join([self.cleaned_data.get("title", ""), *self.parts.values()])


class ShareForm(NHSFormMixin, forms.Form):
    supervisor = forms.ModelChoiceField(queryset=None, label="Share with", empty_label=None)

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = lambda user: user.display_name
