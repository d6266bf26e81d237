#!/bin/sh
# Update the Qt Linguist sources from ui/ (existing translations are kept; strings no longer
# in the code are dropped) and compile them to .qm files next to them.
#   usage: resources/translations/build.sh [path/to/venv/bin]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/.venv/bin}
cd "$root"
"$bin/pyside6-lupdate" -silent -no-obsolete -locations relative -extensions py \
    -source-language en -target-language vi_VN ui -ts "$here/trucban_vi.ts"
# English is the source language: its file holds only the plural forms ("%n camera(s)").
"$bin/pyside6-lupdate" -silent -no-obsolete -locations relative -extensions py -pluralonly \
    -source-language en -target-language en_GB ui -ts "$here/trucban_en.ts"
for language in vi en; do
    "$bin/pyside6-lrelease" -silent "$here/trucban_$language.ts" -qm "$here/trucban_$language.qm"
done
