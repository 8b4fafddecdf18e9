#!/bin/sh
# Installs the Debian packages the tests need, on a fresh Debian machine or container:
# as root it runs apt-get directly (no sudo there), otherwise through sudo. Used by the
# README's test command (`pnpm run test:setup`) and by .ci/run, so both stay the same.
set -eu
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Fresh machines and containers have no package lists until the first update.
$SUDO apt-get update -qq
# influxdb: InfluxDB 1.6 (v1 /write + InfluxQL); victoria-metrics: the InfluxDB v2 write API;
# snmpd/snmp: an SNMP agent we did not write; socat: pseudo-terminals for serial tests;
# openssl: certificates for the SMTPS/STARTTLS tests; fonts-dejavu-core: labels in alert charts;
# systemd: systemd-analyze verify for the generated service unit;
# fonts-liberation, imagemagick (convert -annotate), ffmpeg (a capture command): camera pictures;
# tesseract-ocr, tesseract-ocr-eng: the Python tool's OCR, the camera benchmark's baseline;
# iproute2 (`ip`) and util-linux (`unshare`, `script`): the examples and the camera's offline
# test run inside a network namespace with only loopback; the live table on a pseudo-terminal.
$SUDO apt-get install -y -qq --no-install-recommends \
  influxdb victoria-metrics snmpd snmp socat openssl fonts-dejavu-core fonts-liberation imagemagick ffmpeg \
  tesseract-ocr tesseract-ocr-eng iproute2 util-linux systemd >/dev/null
