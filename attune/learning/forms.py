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
