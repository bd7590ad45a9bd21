from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from koma.accounts.models import Membership, Organization, User, WorkerProfile

admin.site.register(User, UserAdmin)
admin.site.register(Organization)
admin.site.register(Membership)
admin.site.register(WorkerProfile)
