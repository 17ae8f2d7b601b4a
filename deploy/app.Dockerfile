# The app image: web app (chat page, staff app, Telegram webhook), action server, CLI jobs.
# Build from the project folder:  docker build -f deploy/app.Dockerfile -t wegweiser-app .
FROM python:3.11-slim
ENV UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1 UV_LINK_MODE=copy PYTHONUNBUFFERED=1 \
    PATH=/opt/wegweiser/.venv/bin:$PATH \
    WEGWEISER_HOME=/opt/wegweiser WEGWEISER_VAR_DIR=/var/lib/wegweiser \
    WEGWEISER_MODELS_DIR=/var/lib/wegweiser/models
WORKDIR /opt/wegweiser
RUN pip install --no-cache-dir uv==0.13.9
# Dependencies first (cached while only the code changes), then the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3.11
COPY . .
RUN uv sync --frozen --no-dev --python /usr/local/bin/python3.11 \
    && python -m bot.i18n.catalogues compile \
    && useradd --system --uid 10001 --home-dir /var/lib/wegweiser wegweiser \
    && install -d -o wegweiser -m 0700 /var/lib/wegweiser /var/lib/wegweiser/models
USER wegweiser
ENTRYPOINT ["wegweiser"]
CMD ["serve", "web"]
