import random

from django import forms

from attune.core.forms import NHSFormMixin
from attune.learning.modules import Module


class CheckForm(NHSFormMixin, forms.Form):
    """A module's knowledge check: one set of radios per question."""

    def __init__(self, *args, module: Module, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(module.meta.check.questions, 1):
            choices = [(index, option.text) for index, option in enumerate(question.options)]
            # Authors tend to put the right answer in the same place; show options in an order fixed
            # per question (so a page reload does not reshuffle them) but unrelated to the file's.
            random.Random(f"{module.slug}:{question.id}").shuffle(choices)  # noqa: S311 - not a secret
            self.fields[question.id] = forms.TypedChoiceField(
                label=f"{number}. {question.question}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer to question {number}"},
            )


class SessionForm(NHSFormMixin, forms.ModelForm):
    # A link typed without a scheme is taken as https.
    meeting_link = forms.URLField(
        assume_scheme="https",
        required=False,
        help_text="For online sessions. Only people with a confirmed place see it.",
    )

    class Meta:
        from attune.learning.models import TrainingSession

        model = TrainingSession
        fields = [
            "organisation", "title", "description", "mode", "venue", "meeting_link",
            "starts_at", "ends_at", "capacity", "booking_deadline", "cpd_hours",
        ]  # fmt: skip
        widgets = {
            "mode": forms.RadioSelect,
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "booking_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "booking_deadline": "After this, people can no longer book.",
            "cpd_hours": "The hours of continuing professional development the session counts for.",
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["mode"].choices = self.fields["mode"].choices[1:]

    def clean(self):
        data = super().clean()
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("booking_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts")
        if starts and deadline and deadline > starts:
            self.add_error("booking_deadline", "Booking must close before the session starts")
        if data.get("mode") == "in_person" and not data.get("venue"):
            self.add_error("venue", "Enter the venue for an in-person session")
        if data.get("mode") == "online" and not data.get("meeting_link"):
            self.add_error("meeting_link", "Enter the meeting link for an online session")
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", "A session needs at least one place")
        return data


class FeedbackForm(NHSFormMixin, forms.Form):
    SCALE = [(5, "Very"), (4, "Quite"), (3, "Somewhat"), (2, "A little"), (1, "Not at all")]
    useful = forms.TypedChoiceField(
        label="How useful was the session for your work?", choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    confident = forms.TypedChoiceField(
        label="How confident do you feel about trying what you learned?",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label="Would you recommend it to a colleague?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    will_try = forms.CharField(
        label="What is one thing you will try? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
