from django.apps import AppConfig


class RehearsalConfig(AppConfig):
    name = "attune.rehearsal"
    label = "rehearsal"
    verbose_name = "Practice conversations"

    def ready(self):
        from attune.core import content, navigation
        from attune.rehearsal import home_panels, personal_data
        from attune.rehearsal.engine.scenario import validate_file

        content.register_kind("scenarios", "scenarios/*.yaml", validate_file)
        navigation.register("practise", "Practise", "rehearsal:catalogue", ("/practise/",))
        home_panels.register_panels()
        personal_data.register_sections()
