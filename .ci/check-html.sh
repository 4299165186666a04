#!/usr/bin/env bash
# Opens an HTML report as a person would, in headless Chromium (Debian's chromium), and fails
# if the page has errors (console errors, exceptions, failed or network loads), if the live DOM
# does not hold the expected number of drawn SVG charts, or if the screenshot does not show them.
#
# usage: .ci/check-html.sh FILE.html EXPECTED_CHARTS [SCREENSHOT.png]
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
html=$1
exec python3 "$(dirname "$0")/check_html.py" "$html" "$2" "${3:-${html%.html}.png}"
