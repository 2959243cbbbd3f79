from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "attune.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from attune.core import navigation
        from attune.evidence import home_panels, personal_data

        navigation.register("evidence", "Evidence", "evidence:list", ("/evidence/",))
        personal_data.register_sections()
        home_panels.register_panels()
