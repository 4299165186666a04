#!/usr/bin/env bash
# Opens an HTML report as a person would, in headless Chromium (Debian's chromium), and fails
# if the page has errors (console errors, exceptions, failed or network loads), if the live DOM
# does not hold the expected number of drawn SVG charts, or if the screenshot does not show them.
#
# With --maps N it also checks N zone maps; with --replay it plays the replay panel with a
# mouse click and checks, from the page's own state, that it advanced (see check_html.py).
#
# usage: .ci/check-html.sh FILE.html EXPECTED_CHARTS [SCREENSHOT.png] [--maps N] [--replay]
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
html=$1 charts=$2
png=${3:-${html%.html}.png}
case $png in
  --*) png=${html%.html}.png; shift 2 ;;
  *) if [ $# -ge 3 ]; then shift 3; else shift $#; fi ;;
esac
exec python3 "$(dirname "$0")/check_html.py" "$html" "$charts" "$png" "$@"
