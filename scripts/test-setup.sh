#!/usr/bin/env bash
# What the test suite needs beyond the two Python environments; idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
