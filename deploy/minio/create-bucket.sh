#!/bin/sh
# Run once by docker-compose.yml's "storage-setup": the media bucket, and a policy that lets anyone read public/
# (renditions) and nothing else (craftmarket.common.s3.public_read_policy).
set -eu
until mc alias set local http://storage:9000 "${MINIO_ROOT_USER}" "${MINIO_ROOT_PASSWORD}"; do sleep 1; done
mc mb --ignore-existing "local/${AWS_STORAGE_BUCKET_NAME}"
mc anonymous set download "local/${AWS_STORAGE_BUCKET_NAME}/public"
