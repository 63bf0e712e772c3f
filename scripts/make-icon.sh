#!/usr/bin/env bash
# Draws the extension icon (images/icon.png, 128x128) with ImageMagick: a rack of three
# server slots with status lights, and a check mark for a clean lint. Run again after a change.
set -euo pipefail
cd "$(dirname "$0")/.."
CONVERT=${CONVERT:-/usr/bin/convert}
"$CONVERT" -size 128x128 xc:none \
  -fill '#1d3557' -draw 'roundrectangle 4,4 123,123 22,22' \
  -fill '#f1faee' \
  -draw 'roundrectangle 22,24 106,44 6,6' \
  -draw 'roundrectangle 22,54 106,74 6,6' \
  -draw 'roundrectangle 22,84 78,104 6,6' \
  -fill '#2a9d8f' -draw 'circle 94,34 98,34' -draw 'circle 94,64 98,64' \
  -fill '#1d3557' -draw 'rectangle 32,31 62,37' -draw 'rectangle 32,61 62,67' -draw 'rectangle 32,91 56,97' \
  -stroke '#2a9d8f' -strokewidth 9 -fill none -draw 'polyline 86,96 96,106 116,80' \
  -depth 8 -strip images/icon.png
