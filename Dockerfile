# Production image for web, worker and beat (docker-compose.yml). Not built here: no Docker engine on the
# development machines; tests/core/test_docker_compose.py keeps it honest.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py compiletranslations \
 && DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --create-home craftmarket && chown -R craftmarket /app
USER craftmarket
EXPOSE 8000
