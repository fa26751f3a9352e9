from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from engaging.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class HubUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "on_board"]
    list_filter = ["kind", "on_board"]
    search_fields = ["name"]


class AuthenticatorAppAdmin(TOTPDeviceAdmin):
    """django-otp's admin for authenticator apps, without its pages for an app's secret and QR code.

    The hub never shows a secret again once the app is set up (OTP_ADMIN_HIDE_SENSITIVE_DATA), so those pages
    would only refuse; without them a lost app is reset from the People page.
    """

    def get_urls(self):
        return super(TOTPDeviceAdmin, self).get_urls()


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAppAdmin)
