import re

from django import forms

from attune.core.forms import NHSFormMixin
from attune.reflection.structures import NMC_THEMES, parts_of

MAX_PART_CHARS = 20_000


class EntryForm(NHSFormMixin, forms.Form):
    """A journal entry in the chosen structure: a title, one box per part (with its guidance), tags."""

    title = forms.CharField(label="Title", max_length=200, help_text="A few words only you will see.")

    def __init__(self, *args, structure: str, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.author = author
        if author is not None:
            self.fields["about"] = forms.ChoiceField(
                label="What is it about? (optional)",
                help_text="Link it to a practice conversation, live training, a module or a supervision session.",
                choices=about_choices(author),
                required=False,
            )
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

    @property
    def links(self) -> dict:
        """The chosen "about" as the entry's link fields (all four, so a change clears the old one)."""
        links = {"conversation": None, "session": None, "supervision": None, "module": ""}
        kind, _, value = (self.cleaned_data.get("about") or "").partition(":")
        if kind == "conversation":
            from attune.rehearsal.models import Conversation

            links["conversation"] = Conversation.objects.filter(pk=value, learner=self.author).first()
        elif kind == "session":
            from attune.learning.models import TrainingSession

            links["session"] = TrainingSession.objects.filter(pk=value, bookings__learner=self.author).first()
        elif kind == "supervision":
            from attune.reflection.supervision import sessions_for

            links["supervision"] = sessions_for(self.author).filter(pk=value).first()
        elif kind == "module":
            links["module"] = value
        return links

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


class AgreementForm(NHSFormMixin, forms.Form):
    supervisee = forms.ModelChoiceField(queryset=None, label="Supervisee", empty_label=None)
    kind = forms.ChoiceField(label="Kind of supervision", widget=forms.RadioSelect)
    frequency = forms.ChoiceField(label="How often you will meet")
    confidentiality = forms.CharField(
        label="Confidentiality and its limits", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    record_keeping = forms.CharField(label="Record keeping", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    review_on = forms.DateField(label="Review the agreement on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, supervisees, **kwargs):
        from attune.reflection.models import Frequency, SupervisionKind

        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees
        self.fields["supervisee"].label_from_instance = lambda user: user.display_name
        self.fields["kind"].choices = SupervisionKind.choices
        self.fields["frequency"].choices = Frequency.choices

    def clean_review_on(self):
        from django.utils import timezone

        value = self.cleaned_data["review_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The review date must be in the future")
        return value


ACTION_ROWS = 3


class SessionRecordForm(NHSFormMixin, forms.Form):
    held_on = forms.DateField(label="Date of the session", widget=forms.DateInput(attrs={"type": "date"}))
    shared_notes = forms.CharField(
        label="Shared notes",
        help_text="You both see these. Keep them brief, and leave out anything that identifies a patient or family.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
    )
    private_note = forms.CharField(
        label="Your private notes",
        help_text="Only you will ever see these.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    next_on = forms.DateField(
        label="Next session (optional)", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        owners = [(str(agreement.supervisee_id), agreement.supervisee.display_name),
                  (str(agreement.supervisor_id), agreement.supervisor.display_name)]  # fmt: skip
        self.people = {
            str(agreement.supervisee_id): agreement.supervisee,
            str(agreement.supervisor_id): agreement.supervisor,
        }
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Agreed action {n} (optional)", required=False, max_length=500
            )
            self.fields[f"owner_{n}"] = forms.ChoiceField(
                label=f"Who will do action {n}", choices=owners, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=f"Action {n} due by", widget=forms.DateInput(attrs={"type": "date"}), required=False
            )

    def clean(self):
        data = super().clean()
        for n in range(1, ACTION_ROWS + 1):
            if (data.get(f"action_{n}") or "").strip() and not data.get(f"due_{n}"):
                self.add_error(f"due_{n}", f"Enter when action {n} is due")
        return data

    @property
    def actions(self) -> list:
        return [
            (
                self.cleaned_data[f"action_{n}"].strip(),
                self.people[self.cleaned_data[f"owner_{n}"]],
                self.cleaned_data[f"due_{n}"],
            )
            for n in range(1, ACTION_ROWS + 1)
            if (self.cleaned_data.get(f"action_{n}") or "").strip()
        ]


class SeriesForm(NHSFormMixin, forms.Form):
    team = forms.ModelChoiceField(queryset=None, label="Team", empty_label=None)
    kind = forms.ChoiceField(label="Kind of group", widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=200)
    first_starts_at = forms.DateTimeField(
        label="First session", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    count = forms.IntegerField(label="How many sessions", min_value=1, max_value=24)
    every_days = forms.TypedChoiceField(
        label="How often", coerce=int, choices=[(7, "Every week"), (14, "Every two weeks"), (28, "Every four weeks")]
    )

    def __init__(self, *args, teams, **kwargs):
        from attune.reflection.models import GroupKind

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["kind"].choices = GroupKind.choices
        self.fields["count"].nhsuk_width = 2


class AnswerForm(NHSFormMixin, forms.Form):
    """A check-in, check-out or evaluation: one set of radios per question."""

    def __init__(self, *args, measure, **kwargs):
        from attune.reflection.groups import EVALUATION_LABELS, QUESTIONS, SCALES

        super().__init__(*args, **kwargs)
        for key, text in QUESTIONS[measure].items():
            choices = [(score, EVALUATION_LABELS.get(score, str(score)) if measure == "evaluation" else str(score))
                       for score in SCALES[measure]]  # fmt: skip
            self.fields[key] = forms.TypedChoiceField(
                label=text, choices=choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer"},
            )  # fmt: skip
            # Eleven points from 0 to 10 read best in a row.
            self.fields[key].nhsuk_inline = measure != "evaluation"


def about_choices(author) -> list:
    """What an entry can be linked to: the author's own practice, training, modules and supervision."""
    from attune.learning.library import all_modules
    from attune.learning.models import ModuleProgress, TrainingSession
    from attune.reflection.supervision import sessions_for
    from attune.rehearsal.models import Conversation

    conversations = Conversation.objects.of(author).order_by("-started_at")[:20]
    sessions = TrainingSession.objects.filter(bookings__learner=author).distinct().order_by("-starts_at")[:20]
    started = set(ModuleProgress.objects.filter(learner=author).values_list("module", flat=True))
    modules = [m for m in all_modules() if m.slug in started]
    supervision = sessions_for(author).order_by("-held_on")[:20]
    groups = [
        (
            "Practice conversations",
            [(f"conversation:{c.pk}", f"{c.scenario_title}, {c.started_at:%-d %b %Y}") for c in conversations],
        ),
        ("Live training", [(f"session:{s.pk}", f"{s.title}, {s.starts_at:%-d %b %Y}") for s in sessions]),
        ("Modules", [(f"module:{m.slug}", m.title) for m in modules]),
        ("Supervision", [(f"supervision:{s.pk}", f"Supervision on {s.held_on:%-d %b %Y}") for s in supervision]),
    ]
    return [("", "Nothing in particular"), *[(label, options) for label, options in groups if options]]
