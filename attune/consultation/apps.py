from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "attune.consultation"
    label = "consultation"
    verbose_name = "Consultation"

    def ready(self):
        from attune.consultation import personal_data
        from attune.consultation.instruments import validate_file
        from attune.core import content, navigation

        content.register_kind("instruments", "instruments/*.yaml", validate_file)
        navigation.register("consult", "Consult", "consultation:list", ("/consult/",))
        personal_data.register_sections()
        from attune.consultation.campaign_views import make_report_pdf
        from attune.core import downloads

        downloads.register("survey-report", make_report_pdf)
