from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Craftmarket · Dekranas")
admin.site.site_title = _("Craftmarket · Dekranas")
admin.site.index_title = _("Moderation")
