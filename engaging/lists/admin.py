from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.lists.models import Area, Group, Method, Priority

for model in (Priority, Group, Method, Area):
    admin.site.register(model, SimpleHistoryAdmin)
