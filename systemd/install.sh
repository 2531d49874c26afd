#!/usr/bin/env bash
# Installs FocusController on a Raspberry Pi or Jetson from a published folder:
#   dotnet publish src/FocusController.Host -c Release -r linux-arm64 --self-contained -o out/focuscontroller
#   scp -r out/focuscontroller systemd pi@microscope:/tmp/   and on the board:   sudo /tmp/systemd/install.sh /tmp/focuscontroller
# Creates the service user, copies the program and models to /opt/focuscontroller, installs the unit and the
# example config (never overwriting an existing /etc/focuscontroller/focuscontroller.json), and enables the service.
set -euo pipefail

src=${1:?usage: install.sh PUBLISHED_DIR   (the output of dotnet publish, holding focusctl)}
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/opt/focuscontroller}
etc=/etc/focuscontroller
user=focuscontroller

[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }
[ -x "$src/focusctl" ] || { echo "install.sh: $src/focusctl not found or not executable; pass the dotnet publish output folder" >&2; exit 1; }

for group in gpio video; do
  getent group "$group" >/dev/null || groupadd --system "$group"
done
if ! id "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group "$user"
fi
usermod -a -G gpio,video "$user"

install -d -m 0755 "$prefix"
cp -a "$src"/. "$prefix"/
chmod 0755 "$prefix/focusctl"

install -d -m 0750 -o root -g "$user" "$etc"
if [ -e "$etc/focuscontroller.json" ]; then
  install -m 0640 -o root -g "$user" "$here/focuscontroller.json" "$etc/focuscontroller.json.example"
  echo "kept existing $etc/focuscontroller.json; the new example is $etc/focuscontroller.json.example"
else
  install -m 0640 -o root -g "$user" "$here/focuscontroller.json" "$etc/focuscontroller.json"
fi

sed "s#/opt/focuscontroller/focusctl#$prefix/focusctl#g" "$here/focuscontroller.service" > /etc/systemd/system/focuscontroller.service
chmod 0644 /etc/systemd/system/focuscontroller.service
ln -sf "$prefix/focusctl" /usr/local/bin/focusctl

systemctl daemon-reload
systemctl enable focuscontroller.service
echo "installed. Edit $etc/focuscontroller.json, then: sudo systemctl restart focuscontroller; focusctl status"
