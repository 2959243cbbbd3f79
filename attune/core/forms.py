"""NHS.UK frontend form markup for Django forms.

Every form in Attune mixes in NHSFormMixin and renders through NHSFormRenderer, so labels, hints,
error messages and the error summary follow the NHS design system without per-form templates.
"""

from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "selectmultiple": "nhsuk-select",
    "checkbox": "nhsuk-checkboxes__input",
    "radioselect": "nhsuk-radios__input",
    "checkboxselectmultiple": "nhsuk-checkboxes__input",
    "clearablefile": "nhsuk-file-upload",
    "file": "nhsuk-file-upload",
}
ERROR_CLASSES = {
    "nhsuk-input": "nhsuk-input--error",
    "nhsuk-textarea": "nhsuk-textarea--error",
    "nhsuk-select": "nhsuk-select--error",
    "nhsuk-file-upload": "nhsuk-file-upload--error",
}


class NHSFormRenderer(TemplatesSetting):
    form_template_name = "nhsuk/form.html"
    field_template_name = "nhsuk/field.html"


class NHSFormMixin:
    """Adds NHS classes to widgets, and error classes to any field that gets an error.

    Django itself links each input to its hint and error message (aria-describedby, using the ids
    `<id>_helptext` and `<id>_error` that the field template gives them) and sets aria-invalid.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._apply_nhs_classes()

    def _apply_nhs_classes(self):
        for name, field in self.fields.items():
            css = WIDGET_CLASSES.get(self[name].widget_type, "nhsuk-input").split()
            width = getattr(field, "nhsuk_width", None)
            if width:
                css.append(f"nhsuk-input--width-{width}")
            existing = field.widget.attrs.get("class", "").split()
            field.widget.attrs["class"] = " ".join(dict.fromkeys([*existing, *css]))

    def get_context(self):
        # Forms that add fields after __init__ (one per question, say) are styled when rendered.
        self._apply_nhs_classes()
        return super().get_context()

    def add_error(self, field, error):
        # Validation and views both report problems through add_error, so every error is marked here.
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                classes += [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
                widget.attrs["class"] = " ".join(dict.fromkeys(classes))
