"""What the hub keeps about people and for how long, at /your-data/ ("privacy:…")."""

app_name = "privacy"

urlpatterns = []
