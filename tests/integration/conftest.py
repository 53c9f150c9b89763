from tests.celery_worker import celery_worker  # noqa: F401  (the real worker fixture for tests/integration)
from tests.object_storage import s3_media, s3_server  # noqa: F401  (a real S3 API server for tests/integration)
