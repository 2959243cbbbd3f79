from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "attune.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self):
        from attune.accounts import home_panels, personal_data
        from attune.core import navigation

        personal_data.register_core_sections()
        home_panels.register_panels()
        navigation.register("team", "Team", "accounts:teams", ("/teams/", "/organisations/"))
