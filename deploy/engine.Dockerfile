# The engine image: Rasa 3.6.21 on Python 3.11 (engine/requirements.lock, hashes pinned), plus the
# app environment, because the engine's jobs are driven by the app: `wegweiser serve rasa` writes
# Rasa's endpoints/credentials (tokens derived from the installation secret) and `wegweiser train`
# trains with the engine. Build:  docker build -f deploy/engine.Dockerfile -t wegweiser-engine .
FROM python:3.11-slim
ENV UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1 UV_LINK_MODE=copy PYTHONUNBUFFERED=1 \
    PATH=/opt/wegweiser/.venv/bin:$PATH \
    WEGWEISER_HOME=/opt/wegweiser WEGWEISER_VAR_DIR=/var/lib/wegweiser \
    WEGWEISER_MODELS_DIR=/var/lib/wegweiser/models \
    WEGWEISER_ENGINE_VENV=/opt/wegweiser/.venv-rasa
WORKDIR /opt/wegweiser
RUN pip install --no-cache-dir uv==0.13.9
COPY engine/requirements.lock engine/requirements.lock
RUN uv venv --python /usr/local/bin/python3.11 .venv-rasa \
    && uv pip sync --python .venv-rasa/bin/python --require-hashes engine/requirements.lock
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3.11
COPY . .
RUN uv sync --frozen --no-dev --python /usr/local/bin/python3.11 \
    && python -m bot.i18n.catalogues compile \
    && useradd --system --uid 10001 --home-dir /var/lib/wegweiser wegweiser \
    && install -d -o wegweiser -m 0700 /var/lib/wegweiser /var/lib/wegweiser/models
USER wegweiser
ENTRYPOINT ["wegweiser"]
CMD ["serve", "rasa"]
