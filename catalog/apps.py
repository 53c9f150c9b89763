from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _forget_category_tree(sender, **kwargs) -> None:
    # Migrations may add categories (data migrations); the cached tree in Redis outlives a deploy.
    from catalog.selectors import category_tree_invalidate

    category_tree_invalidate()


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self) -> None:
        post_migrate.connect(_forget_category_tree, sender=self)
