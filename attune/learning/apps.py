from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "attune.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self):
        from attune.core import content, navigation
        from attune.learning import home_panels, personal_data
        from attune.learning.modules import validate_file

        content.register_kind("modules", "modules/*.md", _validate_with_scenarios(validate_file))
        navigation.register("learn", "Learn", "learning:catalogue", ("/learn/",))
        home_panels.register_panels()
        personal_data.register_sections()


def _validate_with_scenarios(validate_file):
    """Check a module's links to practice scenarios against the scenario files beside it."""

    def validate(path):
        known = {p.stem for p in (path.parent.parent / "scenarios").glob("*.yaml")}
        return validate_file(path, known)

    return validate
