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
        from attune.core import downloads
        from attune.evidence.views import make_report_pdf

        downloads.register("evaluation-report", make_report_pdf)
        home_panels.register_panels()
