# The same steps as the README's first command: install, ingest the samples, serve.
FROM python:3.11-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake make \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md Makefile ./
COPY core core
COPY ingest ingest
COPY retrieval retrieval
COPY llm llm
COPY prompts prompts
COPY store store
COPY coaching coaching
COPY service service
COPY cli cli
COPY evals evals
COPY playbooks playbooks
COPY samples samples

RUN make setup && .venv/bin/sideline ingest playbooks samples/notes samples/deals.json

ENV SIDELINE_HOST=0.0.0.0 \
    SIDELINE_AUTH_MODE=keys \
    HF_HUB_OFFLINE=1
EXPOSE 8080
# Beyond loopback the service requires API keys: create them with
#   docker exec CONTAINER .venv/bin/sideline keys create --tenant T --role R
CMD [".venv/bin/sideline", "serve"]
