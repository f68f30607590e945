#!/usr/bin/env bash
# Build dist/nassij_VERSION_ARCH.deb from the PyInstaller folder (dist/nassij), offline:
#
#     packaging/linux/build-deb.sh [BUNDLE_DIR [OUT_DIR]]      (make package runs it)
#
# The program goes to /opt/nassij, its two commands on the PATH (/usr/bin links), with the
# menu entry, the icons, the AppStream metainfo and the association file's MIME type.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUNDLE="${1:-$ROOT/dist/nassij}"
OUT="${2:-$ROOT/dist}"
# pyproject's [project.urls]; the screenshots are the user guide's, as raw files of the main
# branch under Repository (GitHub, GitLab and Forgejo all serve <repository>/raw/<branch>/...).
project_url() { sed -n "s/^$1 = \"\(https:[^\"]*\)\"/\1/p" "$ROOT/pyproject.toml"; }
HOMEPAGE="$(project_url Homepage)"
REPOSITORY="$(project_url Repository)"
SCREENSHOTS_URL="${NASSIJ_SCREENSHOTS_URL:-$REPOSITORY/raw/main/docs/guide}"

test -x "$BUNDLE/nassij-desktop" && test -x "$BUNDLE/nassij" || {
  echo "no bundle in $BUNDLE: run pyinstaller packaging/nassij.spec first" >&2; exit 1; }
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -n 1)"  # pyproject.toml's, the one version
ARCH="$(dpkg --print-architecture)"
# The date of the last commit (a rebuild of the same tree gives the same metainfo).
DATE="$(git -C "$ROOT" log -1 --format=%cs 2>/dev/null || date +%F)"

STAGE="$(mktemp -d)"
chmod 755 "$STAGE"  # the package's root becomes /: never 700
trap 'rm -rf "$STAGE"' EXIT
install -d "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/nassij"
cp -a "$BUNDLE" "$STAGE/opt/nassij"
# The bootloader finds its folder through /proc/self/exe: a link on the PATH is enough. The
# bundle's `nassij` is itself a link to `nassij-desktop` (the name chooses the command line).
ln -s ../../opt/nassij/nassij-desktop "$STAGE/usr/bin/nassij-desktop"
ln -s ../../opt/nassij/nassij "$STAGE/usr/bin/nassij"

install -m 644 "$HERE/nassij-desktop.desktop" "$STAGE/usr/share/applications/"
install -m 644 "$HERE/nassij-desktop-mime.xml" "$STAGE/usr/share/mime/packages/nassij-desktop.xml"
for size in 16 24 32 48 64 128 256 512; do
  for dir in apps mimetypes; do
    install -d "$STAGE/usr/share/icons/hicolor/${size}x${size}/$dir"
  done
  install -m 644 "$ROOT/packaging/icons/nassij-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/nassij-desktop.png"
  install -m 644 "$ROOT/packaging/icons/nassij-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/mimetypes/application-x-nassij-association.png"
done
install -d "$STAGE/usr/share/icons/hicolor/scalable/apps"
install -m 644 "$ROOT/packaging/icons/nassij.svg" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps/nassij-desktop.svg"
sed -e "s|@VERSION@|$VERSION|" -e "s|@DATE@|$DATE|" -e "s|@SCREENSHOTS@|$SCREENSHOTS_URL|" \
  -e "s|@HOMEPAGE@|$HOMEPAGE|" -e "s|@REPOSITORY@|$REPOSITORY|" \
  "$HERE/ma.nassij.NassijDesktop.metainfo.xml.in" \
  > "$STAGE/usr/share/metainfo/ma.nassij.NassijDesktop.metainfo.xml"
cat > "$STAGE/usr/share/doc/nassij/copyright" <<COPYRIGHT
Nassij Desktop — GPL-3.0-or-later (/usr/share/common-licenses/GPL-3).
Bundled: Python, Qt 6 / PySide6 (LGPL-3.0), SQLAlchemy, Alembic, Babel, fpdf2, HarfBuzz,
SQLCipher and the other libraries of pyproject.toml, under their own licences; fonts Amiri and
Noto under the SIL Open Font License (/opt/nassij/_internal/nassij_desktop/resources/fonts).
COPYRIGHT

install -m 755 "$HERE/postinst" "$HERE/postrm" "$STAGE/DEBIAN/"
# Depends: the system libraries packaging/nassij.spec leaves out of the bundle
# (SYSTEM_PROVIDED) besides those Qt's wheels always expected from the system.
INSTALLED_KB="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: nassij
Version: $VERSION
Architecture: $ARCH
Maintainer: ${NASSIJ_MAINTAINER:-Nassij Desktop <nassij@localhost>}
Installed-Size: $INSTALLED_KB
Section: misc
Priority: optional
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libfreetype6, libdbus-1-3,
 libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0,
 libxcb-glx0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render0,
 libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-util1, libxcb-xfixes0,
 libxcb-xinerama0, libxcb-xkb1, libcups2 | libcups2t64, libglib2.0-0 | libglib2.0-0t64,
 libssl3 | libssl3t64, libsqlite3-0, zlib1g, libgssapi-krb5-2, libstdc++6 (>= 12), libgcc-s1,
 liblzma5, libbz2-1.0, libzstd1, libbrotli1, libffi8, libuuid1, libpq5
Recommends: shared-mime-info, desktop-file-utils
Description: run a Moroccan association, offline, in Arabic and French
 Nassij Desktop keeps a whole association in one file: members and dues, board
 and general assemblies, activities, funding requests, the books, and the
 documents the authorities and funders ask for. Includes the \`nassij\` command.
CONTROL

mkdir -p "$OUT"
DEB="$OUT/nassij_${VERSION}_${ARCH}.deb"
# xz at level 6 by default; NASSIJ_DEB_COMPRESSION=none for a test build installed at once
# (144 MB, where xz even at level 0 cost 7 s of CPU to build and more to unpack).
if [ "${NASSIJ_DEB_COMPRESSION:-6}" = none ]; then
  COMPRESSION=(-Znone)
else
  COMPRESSION=(-Zxz -z"${NASSIJ_DEB_COMPRESSION:-6}")
fi
dpkg-deb --root-owner-group "${COMPRESSION[@]}" --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
