#!/usr/bin/env bash
# Install the bundle on a desk (as root): the program in /opt/operator-desk, the command
# operator-desk on PATH, the menu entry and its icon where XDG desktops look for them.
#
#     make bundle && sudo bash packaging/install.sh
#
# PREFIX (default /opt/operator-desk) and DATA (default /usr/local/share) move the two
# halves; DESTDIR stages everything under another root (a package build, a test).
# Run again to upgrade: the old program folder is replaced, the desk's data is not touched
# (it lives in each user's ~/.local/share/operator-desk, or the database server).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=${PREFIX:-/opt/operator-desk}
DATA=${DATA:-/usr/local/share}
BIN=${BIN:-/usr/local/bin}
root=${DESTDIR:-}

if [ ! -x dist/operator-desk/operator-desk ]; then
  echo "install.sh: no bundle in dist/operator-desk: run 'make bundle' first" >&2
  exit 1
fi

echo "program   -> $root$PREFIX"
rm -rf "$root$PREFIX.new"
mkdir -p "$(dirname "$root$PREFIX")"
cp -a dist/operator-desk "$root$PREFIX.new"
rm -rf "$root$PREFIX"
mv "$root$PREFIX.new" "$root$PREFIX"

echo "command   -> $root$BIN/operator-desk"
mkdir -p "$root$BIN"
ln -sfn "$PREFIX/operator-desk" "$root$BIN/operator-desk"

echo "menu      -> $root$DATA/applications/operator-desk.desktop"
install -D -m 644 packaging/operator-desk.desktop "$root$DATA/applications/operator-desk.desktop"

echo "icons     -> $root$DATA/icons/hicolor/"
for size in 64 128 256; do
  install -D -m 644 "resources/icons/operator-desk-$size.png" \
    "$root$DATA/icons/hicolor/${size}x${size}/apps/operator-desk.png"
done
install -D -m 644 resources/icons/operator-desk.svg \
  "$root$DATA/icons/hicolor/scalable/apps/operator-desk.svg"

if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi
echo "installed: start it from the menu (Office → Operator Desk) or with 'operator-desk'"
