from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "attune.reflection"
    label = "reflection"
    verbose_name = "Reflection"

    def ready(self):
        from attune.core import navigation
        from attune.reflection import home_panels, personal_data

        navigation.register("reflect", "Reflect", "reflection:journal", ("/reflect/",))
        home_panels.register_panels()
        personal_data.register_sections()
