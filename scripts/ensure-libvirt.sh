#!/usr/bin/env bash
# What the live-domain tests need: virsh, libvirt's QEMU driver and QEMU (for
# qemu:///embed), and the libvirt-qemu user and group that the QEMU driver looks up at
# start even when qemu.conf says user = "root" (Debian creates them only in
# libvirt-daemon-system, which would also bring a daemon we do not want).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86 || exit 1
if [[ $(id -u) -eq 0 ]]; then
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd --system --no-create-home --home-dir /var/lib/libvirt --shell /usr/sbin/nologin --gid libvirt-qemu libvirt-qemu
fi
exit 0
