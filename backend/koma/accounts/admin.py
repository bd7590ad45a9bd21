from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from koma.accounts.models import Membership, Organization, User

admin.site.register(User, UserAdmin)
admin.site.register(Organization)
admin.site.register(Membership)
