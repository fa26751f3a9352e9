"""Subject access and erasure requests, at /your-data/requests/ ("rights:…")."""

app_name = "rights"

urlpatterns = []
