from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _forget_category_tree(sender, **kwargs) -> None:
    # Migrations may add categories (data migrations); the cached tree in Redis outlives a deploy.
    from catalog.selectors import category_tree_invalidate

    category_tree_invalidate()


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(_forget_category_tree, sender=self)
