"""The API docs page under the strict CSP: Swagger UI with its init script served as a file (drf-spectacular's
split view) and without the inline ``<style>`` of the stock template."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "security/swagger_ui.html"
