#!/usr/bin/env bash
# make validate: serve the demo on VALIDATE_ADDRESS, run Lighthouse on it
# (scripts/lighthouse_check.py), stop the server whatever the outcome.
set -euo pipefail
address="${VALIDATE_ADDRESS:-127.0.0.1:8010}"
.venv/bin/python manage.py runserver "$address" --noreload >/tmp/validate-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://$address/en/" >/dev/null 2>&1 && break
  sleep 1
done
VALIDATE_URL="http://$address" .venv/bin/python scripts/lighthouse_check.py
