from ninja import NinjaAPI

api = NinjaAPI(
    title="Engaging Together API",
    version="1",
    urls_namespace="api",
    description="Public engagement data without signing in; partners' systems read and write their own records with a personal token.",
)
