from django import forms

from attune.core.forms import NHSFormMixin


class ExampleForm(NHSFormMixin, forms.Form):
    code = forms.CharField(label="Security code", help_text="The 6-digit code.")
    name = forms.CharField(label="Name")


def test_an_error_added_by_a_view_is_marked_and_linked_to_its_message():
    form = ExampleForm({"code": "123456", "name": "Sam"})
    assert form.is_valid()
    form.add_error("code", "That code is not right")
    html = str(form["code"].as_field_group())
    assert "nhsuk-input--error" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html
    assert 'id="id_code_error"' in html
    assert 'id="id_code_helptext"' in html


def test_a_validation_error_is_marked_and_a_valid_field_is_not():
    form = ExampleForm({"code": "", "name": "Sam"})
    assert not form.is_valid()
    assert "nhsuk-input--error" in str(form["code"])
    assert "nhsuk-input--error" not in str(form["name"])
    assert 'id="id_code_error"' in str(form["code"].as_field_group())


def test_fields_added_after_init_are_styled_when_rendered():
    from django import forms

    from attune.core.forms import NHSFormMixin

    class Dynamic(NHSFormMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["agree"] = forms.BooleanField(label="I agree", required=False)
            self.fields["notes"] = forms.CharField(widget=forms.Textarea, required=False)

    html = str(Dynamic())
    assert 'class="nhsuk-checkboxes__input"' in html
    assert 'class="nhsuk-textarea"' in html
